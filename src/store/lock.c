/* Session lock on FILE.lock (fcntl F_OFD_SETLK) with holder information inside. */
#include "config.h"
#include "store/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "store/util.h"

char *site_lock_path(const char *site_path)
{
    char *p = malloc(strlen(site_path) + 6);

    if (p)
        sprintf(p, "%s.lock", site_path);
    return p;
}

static int ofd_lock(int fd, short type)
{
    struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };

    return fcntl(fd, F_OFD_SETLK, &fl);
}

/* Read "key=value" lines written by the holder; values are sanitised (the file may be
 * anything). Missing keys stay "?". */
static void read_holder(int fd, char *user, char *pid, char *host, char *since, size_t cap)
{
    char buf[1024];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    char *line, *save = NULL;

    snprintf(user, cap, "?");
    snprintf(pid, cap, "?");
    snprintf(host, cap, "?");
    snprintf(since, cap, "?");
    if (n <= 0)
        return;
    buf[n] = '\0';
    for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *eq = strchr(line, '=');
        char *dst = NULL;

        if (!eq)
            continue;
        *eq = '\0';
        if (strcmp(line, "user") == 0)
            dst = user;
        else if (strcmp(line, "pid") == 0)
            dst = pid;
        else if (strcmp(line, "host") == 0)
            dst = host;
        else if (strcmp(line, "since") == 0)
            dst = since;
        if (dst) {
            snprintf(dst, cap, "%.64s", eq + 1);
            sanitize_inplace(dst, 0);
        }
    }
    /* "2026-11-25T14:03:27+01:00" is shown as "2026-11-25 14:03". */
    if (strlen(since) >= 16 && since[10] == 'T') {
        since[10] = ' ';
        since[16] = '\0';
    }
}

static int write_holder(int fd)
{
    char user[128], host[256], since[40], buf[600];
    int n;

    store_user_name(user, sizeof user);
    if (gethostname(host, sizeof host) < 0)
        snprintf(host, sizeof host, "?");
    host[sizeof host - 1] = '\0';
    sanitize_inplace(host, 0);
    store_iso_time(since, sizeof since);
    n = snprintf(buf, sizeof buf, "user=%s\npid=%ld\nhost=%s\nsince=%s\n", user,
                 (long)getpid(), host, since);
    if (n < 0 || (size_t)n >= sizeof buf)
        return -1;
    if (ftruncate(fd, 0) < 0)
        return -1;
    /* A short pwrite leaves errno alone: go on, so a failure carries its own cause. */
    for (size_t done = 0; done < (size_t)n;) {
        ssize_t w = pwrite(fd, buf + done, (size_t)n - done, (off_t)done);

        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        done += (size_t)w;
    }
    return 0;
}

int site_lock_acquire(struct site_lock *l, const char *site_path, struct error *e)
{
    char user[80], pid[80], host[80], since[80];
    struct stat st;
    char *path;
    int fd = -1, rc = -1;

    if (l->fd >= 0)
        return 0;
    path = site_lock_path(site_path);
    if (!path)
        return error_nomem(e);
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        error_set(e, ERR_IO, _("cannot open lock file \"%s\": %s"), path, strerror(errno));
        goto out;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        error_set(e, ERR_IO, _("lock file \"%s\" is not a regular file"), path);
        goto out;
    }
    if (ofd_lock(fd, F_WRLCK) < 0) {
        if (errno != EAGAIN && errno != EACCES) {
            error_set(e, ERR_IO, _("cannot lock \"%s\": %s"), path, strerror(errno));
            goto out;
        }
        read_holder(fd, user, pid, host, since, sizeof user);
        if (strcmp(user, "?") == 0) {
            /* the holder has not written its name yet, or the text was lost */
            error_set(e, ERR_LOCKED, _("site file \"%s\" is in use by another session"),
                      site_path);
            goto out;
        }
        /* TRANSLATORS: site file "X" is in use by kari (pid 1234 on host ws1) since
           2026-11-25 14:03 */
        error_set(e, ERR_LOCKED, _("site file \"%s\" is in use by %s (pid %s on host %s) "
                                   "since %s"), site_path, user, pid, host, since);
        goto out;
    }
    if (write_holder(fd) < 0) {
        error_set(e, ERR_IO, _("cannot write lock file \"%s\": %s"), path, strerror(errno));
        goto out;
    }
    l->fd = fd;
    l->path = path;
    fd = -1;
    path = NULL;
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    free(path);
    return rc;
}

void site_lock_release(struct site_lock *l)
{
    if (l->fd >= 0) {
        /* Clear the holder text first, so nobody reads a stale name after we go. */
        if (ftruncate(l->fd, 0) < 0) {
            /* harmless: the OS lock, not the text, decides */
        }
        close(l->fd);
    }
    free(l->path);
    l->fd = -1;
    l->path = NULL;
}
