/* The audit log: who changed what and when, one line per event, append-only.
 * Never pass secrets. Fields are sanitised to one safe line each. */
#ifndef HELSEID_AUDIT_H
#define HELSEID_AUDIT_H

#include "core/error.h"

/* "FILE.audit.log" beside the site file (malloc'd) or NULL. */
char *audit_default_path(const char *site_path);

/* Append "TIME<TAB>USER<TAB>ACTION<TAB>SUMMARY\n" (TIME is ISO 8601 with offset).
 * `user` NULL means the effective login user. Control characters, tabs, newlines and
 * invalid UTF-8 in the fields become '?'; each field is capped at 1,000 bytes. */
int audit_append(const char *log_path, const char *user, const char *action,
                 const char *summary, struct error *e);

/* Before a run sends anything that changes HelseID: append the intent to the site's
 * log. A run that cannot audit sends nothing, so the caller stops on -1 (the message
 * says nothing was sent). */
int audit_before_send(const char *site_path, const char *user, const char *action,
                      const char *summary, struct error *e);

#endif
