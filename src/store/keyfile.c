/* Private key files: exclusive creation with mode 0600, strict checks before reading. */
#include "config.h"
#include "store/keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "core/i18n.h"
#include "store/util.h"

int keyfile_create(const char *path, const void *data, size_t len, struct error *e)
{
    int fd, rc = -1;

    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return error_set(e, ERR_IO, _("key file \"%s\" already exists; a key is never "
                                          "overwritten"), path);
        return error_set(e, ERR_IO, _("cannot create key file \"%s\": %s"), path,
                         strerror(errno));
    }
    /* The umask may have left fewer bits; make sure it is exactly 0600. */
    if (fchmod(fd, 0600) < 0)
        goto fail;
    if (store_write_all(fd, data, len) < 0 || fsync(fd) < 0)
        goto fail;
    if (close(fd) < 0) {
        fd = -1;
        goto fail;
    }
    /* The key's name must survive a crash too: a draft made with it may already exist. */
    if (store_fsync_parent(path) < 0) {
        fd = -1;
        goto fail;
    }
    return 0;
fail:
    error_set(e, ERR_IO, _("cannot write key file \"%s\": %s"), path, strerror(errno));
    if (fd >= 0)
        close(fd);
    unlink(path);   /* we created it: never leave half a key behind */
    return rc;
}

int keyfile_read(const char *path, unsigned char **data, size_t *len, struct error *e)
{
    unsigned char *buf = NULL;
    struct stat st;
    size_t n = 0, cap;
    int fd, rc = -1;

    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ELOOP)
            return error_set(e, ERR_IO, _("key file \"%s\" is a symbolic link; refusing to "
                                          "use it"), path);
        return error_set(e, ERR_IO, _("cannot open key file \"%s\": %s"), path,
                         strerror(errno));
    }
    if (fstat(fd, &st) < 0) {
        error_set(e, ERR_IO, _("cannot read key file \"%s\": %s"), path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        error_set(e, ERR_IO, _("key file \"%s\" is not a regular file"), path);
        goto out;
    }
    if (st.st_uid != geteuid()) {
        error_set(e, ERR_IO, _("key file \"%s\" belongs to another user"), path);
        goto out;
    }
    if (st.st_mode & 077) {
        /* TRANSLATORS: %o is the file mode in octal, e.g. 644 */
        error_set(e, ERR_IO, _("key file \"%s\" is accessible by others (mode %03o); "
                               "run: chmod 600 \"%s\""), path,
                  (unsigned)(st.st_mode & 0777), path);
        goto out;
    }
    if (st.st_size > (off_t)KEYFILE_MAX_SIZE) {
        error_set(e, ERR_IO, _("key file \"%s\" is too large"), path);
        goto out;
    }
    cap = (size_t)st.st_size + 1;
    if (!(buf = malloc(cap))) {
        error_nomem(e);
        goto out;
    }
    for (;;) {
        ssize_t r = read(fd, buf + n, cap - n);

        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            error_set(e, ERR_IO, _("cannot read key file \"%s\": %s"), path, strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n == cap) {
            error_set(e, ERR_IO, _("key file \"%s\" changed while being read"), path);
            goto out;
        }
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    buf = NULL;
    rc = 0;
out:
    if (buf)
        keyfile_free(buf, cap);
    close(fd);
    return rc;
}

void keyfile_free(unsigned char *data, size_t len)
{
    if (!data)
        return;
    OPENSSL_cleanse(data, len);
    free(data);
}
