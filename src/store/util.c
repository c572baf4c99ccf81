#include "config.h"
#include "store/util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "core/i18n.h"
#include "core/interrupt.h"
#include "core/sanitize.h"

bool store_login_name(char *buf, size_t cap)
{
    struct passwd pw, *res = NULL;
    char tmp[1024];

    if (getpwuid_r(geteuid(), &pw, tmp, sizeof tmp, &res) != 0 || !res || !res->pw_name) {
        snprintf(buf, cap, "%s", "");
        return false;
    }
    snprintf(buf, cap, "%s", res->pw_name);
    sanitize_inplace(buf, 0);
    return true;
}

void store_user_name(char *buf, size_t cap)
{
    if (!store_login_name(buf, cap))
        snprintf(buf, cap, "uid %ld", (long)geteuid());
}

void store_iso_time(char *buf, size_t cap)
{
    time_t now = time(NULL);
    struct tm tm;
    char z[8];

    if (!localtime_r(&now, &tm) || strftime(buf, cap, "%Y-%m-%dT%H:%M:%S", &tm) == 0 ||
        strftime(z, sizeof z, "%z", &tm) != 5) {
        snprintf(buf, cap, "?");
        return;
    }
    /* "+0100" -> "+01:00" */
    snprintf(buf + strlen(buf), cap - strlen(buf), "%.3s:%.2s", z, z + 3);
}

int store_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;

    while (len) {
        ssize_t w = write(fd, p, len);

        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* close() for a path that already failed: errno keeps the first cause. */
static void close_keep_errno(int fd)
{
    int saved = errno;

    close(fd);
    errno = saved;
}

int store_write_sync_close(int fd, mode_t mode, const void *data, size_t len)
{
    if (fchmod(fd, mode) < 0 || store_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
        close_keep_errno(fd);
        return -1;
    }
    return close(fd);
}

/* Free a buffer that may hold a secret: overwrite its first n bytes first. */
static void wipe_free(char *buf, size_t n)
{
    if (buf)
        OPENSSL_cleanse(buf, n);
    free(buf);
}

enum store_read store_read_file(const char *path, size_t max, char **out, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    enum store_read rc;

    if (fd < 0)
        return STORE_READ_OPEN;
    rc = store_read_fd(fd, max, out, len);
    close_keep_errno(fd);
    return rc;
}

enum store_read store_read_fd(int fd, size_t max, char **out, size_t *len)
{
    char *buf = NULL;
    size_t n = 0, cap = 0;
    enum store_read rc = STORE_READ_OK;
    int err = 0;

    for (;;) {
        ssize_t r;

        if (n == cap) {
            /* Room for at most max + 1 bytes: filling that means the file is too large. */
            size_t want = cap ? cap * 2 : 64 * 1024;
            char *nb;

            if (cap > max) {
                rc = STORE_READ_TOO_LARGE;
                goto out;
            }
            if (want > max + 1)
                want = max + 1;
            if (!(nb = malloc(want + 1))) {
                rc = STORE_READ_NOMEM;
                goto out;
            }
            if (n)
                memcpy(nb, buf, n);
            wipe_free(buf, n);
            buf = nb;
            cap = want;
        }
        r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR && !interrupt_signal())
            continue;       /* INT/TERM/HUP: a FIFO that never ends must not hold the run */
        if (r < 0) {
            err = errno;
            rc = STORE_READ_IO;
            goto out;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
out:
    wipe_free(buf, n);
    if (err)
        errno = err;
    return rc;
}

int store_load_file(const char *path, size_t max, char **out, size_t *len, struct error *e)
{
    switch (store_read_file(path, max, out, len)) {
    case STORE_READ_OK:
        return 0;
    case STORE_READ_OPEN:
        return error_set(e, ERR_IO, _("cannot open \"%s\": %s"), path, strerror(errno));
    case STORE_READ_IO:
        return error_set(e, ERR_IO, _("cannot read \"%s\": %s"), path, strerror(errno));
    case STORE_READ_TOO_LARGE:
        return error_set(e, ERR_PARSE, _("\"%s\" is too large (more than %d KiB)"), path,
                         (int)(max / 1024));
    case STORE_READ_NOMEM:
        break;
    }
    return error_nomem(e);
}

int store_fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc;

    if (fd < 0)
        return -1;
    rc = fsync(fd);
    close_keep_errno(fd);
    return rc;
}

int store_fsync_parent(const char *path)
{
    char *copy = strdup(path);
    int rc;

    if (!copy)
        return -1;
    rc = store_fsync_dir(dirname(copy));
    free(copy);
    return rc;
}
