/* Small helpers shared by the store modules, also used by cli and net for local files. */
#ifndef HELSEID_STORE_UTIL_H
#define HELSEID_STORE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/error.h"

/* The login name of the effective user, sanitised; false (and "") when it has none. */
bool store_login_name(char *buf, size_t cap);
/* The same, or "uid N" when it has none: who holds the lock, who wrote an audit line. */
void store_user_name(char *buf, size_t cap);
/* Local time as ISO 8601 with offset: "2026-11-25T14:03:27+01:00". */
void store_iso_time(char *buf, size_t cap);

/* How store_read_file ended. */
enum store_read {
    STORE_READ_OK = 0,
    STORE_READ_OPEN,        /* cannot open: errno says why */
    STORE_READ_IO,          /* read error: errno says why */
    STORE_READ_TOO_LARGE,   /* more than max bytes */
    STORE_READ_NOMEM,
};
/* Read all of path, at most max bytes, into a new NUL-terminated buffer (*len excludes
 * the NUL). Out-params are set only on STORE_READ_OK. Everything read is wiped before it
 * is freed (the file may hold a key); callers word their own errors. */
enum store_read store_read_file(const char *path, size_t max, char **out, size_t *len);
/* The same from an open file, to its end. A caller that checked the file first (fstat)
 * passes its size as max: STORE_READ_TOO_LARGE then means it grew while being read. */
enum store_read store_read_fd(int fd, size_t max, char **out, size_t *len);
/* The same with the one wording of its failures: "cannot open/read \"PATH\": cause"
 * (ERR_IO), "\"PATH\" is too large (more than N KiB)" (ERR_PARSE). */
int store_load_file(const char *path, size_t max, char **out, size_t *len, struct error *e);

/* Write all len bytes to fd, going on after short writes and EINTR: 0, or -1 with
 * errno from the write that failed. */
int store_write_all(int fd, const void *data, size_t len);
/* Fill a new file durably: set its mode (the umask does not limit it), write all len
 * bytes, fsync, close. fd is closed whatever happens: 0, or -1 with errno from the
 * call that failed. */
int store_write_sync_close(int fd, mode_t mode, const void *data, size_t len);

/* fsync a directory, so a file created or renamed in it survives a crash: 0 or -1
 * (errno set). store_fsync_parent does it for the directory that holds path. */
int store_fsync_dir(const char *dir);
int store_fsync_parent(const char *path);

#endif
