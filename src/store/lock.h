/* The session lock: an advisory OFD lock on FILE.lock held for a whole session.
 * The holder writes who it is into the lock file so a second session can say so;
 * the operating system's lock decides, the text only informs (a stale file left by a
 * dead session never blocks). */
#ifndef HELSEID_LOCK_H
#define HELSEID_LOCK_H

#include "core/error.h"

struct site_lock {
    int fd;             /* -1 when not held */
    char *path;         /* FILE.lock */
};

#define SITE_LOCK_INIT { -1, NULL }

/* Take the lock for the site file `site_path`. If another session holds it, -1 with
 * ERR_LOCKED and a message naming the holder (user, pid, host, since). */
int site_lock_acquire(struct site_lock *l, const char *site_path, struct error *e);
/* Release (idempotent). The lock file stays: removing it would race with the next taker. */
void site_lock_release(struct site_lock *l);
/* "FILE.lock" (malloc'd) or NULL. */
char *site_lock_path(const char *site_path);

#endif
