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
    int fd;

    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return error_set(e, ERR_IO, _("key file \"%s\" already exists; a key is never "
                                          "overwritten"), path);
        return error_set(e, ERR_IO, _("cannot create key file \"%s\": %s"), path,
                         strerror(errno));
    }
    /* Exactly 0600 whatever the umask left; the key's name must survive a crash too: a
     * draft made with it may already exist. */
    if (store_write_sync_close(fd, 0600, data, len) < 0 || store_fsync_parent(path) < 0) {
        error_set(e, ERR_IO, _("cannot write key file \"%s\": %s"), path, strerror(errno));
        unlink(path);   /* we created it: never leave half a key behind */
        return -1;
    }
    return 0;
}

int keyfile_read(const char *path, unsigned char **data, size_t *len, struct error *e)
{
    struct stat st;
    char *buf;
    size_t n;
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
    /* Read to the end, not to st_size: more than fstat said means it changed meanwhile. */
    switch (store_read_fd(fd, (size_t)st.st_size, &buf, &n)) {
    case STORE_READ_OK:
        *data = (unsigned char *)buf;
        *len = n;
        rc = 0;
        break;
    case STORE_READ_IO:
        error_set(e, ERR_IO, _("cannot read key file \"%s\": %s"), path, strerror(errno));
        break;
    case STORE_READ_TOO_LARGE:
        error_set(e, ERR_IO, _("key file \"%s\" changed while being read"), path);
        break;
    default:
        error_nomem(e);
    }
out:
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
