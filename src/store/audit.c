/* Append-only audit log (O_APPEND, one write per line). */
#include "config.h"
#include "store/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "store/util.h"

#define FIELD_MAX 1000

char *audit_default_path(const char *site_path)
{
    char *p = malloc(strlen(site_path) + sizeof ".audit.log");

    if (p)
        sprintf(p, "%s.audit.log", site_path);
    return p;
}

static void field(char *dst, const char *src)
{
    snprintf(dst, FIELD_MAX + 1, "%s", src && *src ? src : "-");
    sanitize_inplace(dst, 0);
}

int audit_append(const char *log_path, const char *user, const char *action,
                 const char *summary, struct error *e)
{
    char when[40], u[FIELD_MAX + 1], a[FIELD_MAX + 1], s[FIELD_MAX + 1], me[128];
    char line[sizeof when + 3 * FIELD_MAX + 8];     /* + three tabs, a newline, the NUL */
    int fd, n, rc = 0;

    if (!user) {
        store_user_name(me, sizeof me);
        user = me;
    }
    store_iso_time(when, sizeof when);
    field(u, user);
    field(a, action);
    field(s, summary);
    n = snprintf(line, sizeof line, "%s\t%s\t%s\t%s\n", when, u, a, s);
    fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0640);
    if (fd < 0)
        return error_set(e, ERR_IO, _("cannot open audit log \"%s\": %s"), log_path, strerror(errno));
    /* One write per line: O_APPEND keeps concurrent lines whole. A short write (disk
     * full, file size limit) is continued, so the error names its real cause. */
    if (store_write_all(fd, line, (size_t)n) < 0 || fdatasync(fd) < 0)
        rc = error_set(e, ERR_IO, _("cannot write audit log \"%s\": %s"), log_path, strerror(errno));
    close(fd);
    return rc;
}

int audit_before_send(const char *site_path, const char *user, const char *action,
                      const char *summary, struct error *e)
{
    char *log = audit_default_path(site_path);
    int rc;

    if (!log)
        return error_nomem(e);
    rc = audit_append(log, user, action, summary, e);
    free(log);
    if (rc < 0)
        return error_prefix(e, "%s", _("nothing was sent, since this run could not be audited"));
    return 0;
}
