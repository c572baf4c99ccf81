/* An unfinished journal entry (store/journal.h) left by an earlier run, found when a
 * command opens the site. With the session lock held it is finished or undone:
 *   draft, intent     the answer never got recorded: the key file is removed (no orphan
 *                     keys; a draft HelseID may have made can never be used without it)
 *   draft, answered   the client id goes into the site file as `pending`, so the same
 *                     command resumes it
 *   draft, waiting    the site file names it: kept while it is pending (the resumed
 *                     hand-off listens on its loopback), else dropped
 *   update            PUT is a full replacement: the entry is dropped, the next apply
 *                     compares with the live client again
 *   key-upload        left to rotate-key (CTX_KEY_JOURNAL), which polls that key again
 * Without the lock (status, plan, test-token) it only says what to do. */
#ifndef HELSEID_RECOVER_H
#define HELSEID_RECOVER_H

#include <stdbool.h>

#include "core/error.h"
#include "store/site_file.h"

/* 0 to go on; -1 with e when the site cannot be used until someone acts (the message
 * says what to do). `keep_key_upload`: the caller (rotate-key) finishes that entry. */
int session_recover(struct site_file *sf, bool locked, bool keep_key_upload, struct error *e);

/* Drop a pending (or portal-rejected) draft on purpose: the site file keeps the
 * answers as a draft without client id or key, then the key file is removed, the
 * journal cleared and an audit line written. 1 when a draft was dropped, 0 when there
 * was none, -1 with e. */
int session_discard_pending(struct site_file *sf, const char *command, struct error *e);


#endif
