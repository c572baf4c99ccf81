/* Crash-safe file replacement: temp + fsync + link .bak + rename + fsync(dir). */
#include "config.h"
#include "store/atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "store/util.h"

#define TMP_INFIX ".tmp-"

/* Split path into a directory (never empty) and a base name; both malloc'd. */
static int split_path(const char *path, char **dir, char **base)
{
    char *a = strdup(path), *b = strdup(path);

    *dir = *base = NULL;
    if (!a || !b) {
        free(a);
        free(b);
        return -1;
    }
    *dir = strdup(dirname(a));
    *base = strdup(basename(b));
    free(a);
    free(b);
    if (!*dir || !*base) {
        free(*dir);
        free(*base);
        *dir = *base = NULL;
        return -1;
    }
    return 0;
}

char *atomic_file_backup_path(const char *path)
{
    char *p = malloc(strlen(path) + 5);

    if (p)
        sprintf(p, "%s.bak", path);
    return p;
}

/* A save killed between mkstemp and rename leaves ".NAME.tmp-XXXXXX": remove those. */
static void sweep_stale_temps(const char *dir, const char *base)
{
    size_t blen = strlen(base);
    struct dirent *de;
    DIR *d = opendir(dir);
    int dfd;

    if (!d)
        return;
    dfd = dirfd(d);
    while ((de = readdir(d))) {
        const char *n = de->d_name;

        if (n[0] == '.' && strncmp(n + 1, base, blen) == 0 &&
            strncmp(n + 1 + blen, TMP_INFIX, strlen(TMP_INFIX)) == 0 &&
            strlen(n + 1 + blen + strlen(TMP_INFIX)) == 6)
            unlinkat(dfd, n, 0);
    }
    closedir(d);
}

/* NAME.bak becomes a second name of the current NAME; .bak is itself replaced
 * atomically (link to NAME.bak.new, rename), so it is never half-written either. */
static int keep_backup(const char *path, struct error *e)
{
    char *bak = atomic_file_backup_path(path), *tmp = NULL;
    int rc = -1;

    if (!bak || !(tmp = malloc(strlen(bak) + 5))) {
        error_nomem(e);
        goto out;
    }
    sprintf(tmp, "%s.new", bak);
    if (unlink(tmp) < 0 && errno != ENOENT) {
        error_set(e, ERR_IO, _("cannot remove \"%s\": %s"), tmp, strerror(errno));
        goto out;
    }
    if (link(path, tmp) < 0) {
        if (errno == ENOENT) {      /* first save: nothing to keep */
            rc = 0;
            goto out;
        }
        error_set(e, ERR_IO, _("cannot keep a backup of \"%s\": %s"), path, strerror(errno));
        goto out;
    }
    if (rename(tmp, bak) < 0) {
        error_set(e, ERR_IO, _("cannot keep a backup of \"%s\": %s"), path, strerror(errno));
        unlink(tmp);
        goto out;
    }
    rc = 0;
out:
    free(bak);
    free(tmp);
    return rc;
}

int atomic_file_replace(const char *path, const void *data, size_t len, struct error *e)
{
    char *dir = NULL, *base = NULL, *tmp = NULL;
    mode_t mode, um;
    struct stat st;
    int fd, rc = -1;

    /* A new file gets 0640 as open() would give it: limited by the umask (fchmod is
     * not), so a user with umask 077 keeps personal data (fnr, HPR) private. */
    um = umask(0);
    umask(um);
    mode = 0640 & ~um;
    if (split_path(path, &dir, &base) < 0)
        return error_nomem(e);
    if (lstat(path, &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            error_set(e, ERR_IO, _("\"%s\" is not a regular file"), path);
            goto out;
        }
        mode = st.st_mode & 07777;
    } else if (errno != ENOENT) {
        error_set(e, ERR_IO, _("cannot save \"%s\": %s"), path, strerror(errno));
        goto out;
    }
    sweep_stale_temps(dir, base);
    tmp = malloc(strlen(dir) + strlen(base) + sizeof "/." TMP_INFIX "XXXXXX");
    if (!tmp) {
        error_nomem(e);
        goto out;
    }
    sprintf(tmp, "%s/.%s" TMP_INFIX "XXXXXX", dir, base);
    fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        error_set(e, ERR_IO, _("cannot save \"%s\": cannot create a temporary file: %s"), path,
                  strerror(errno));
        free(tmp);
        tmp = NULL;
        goto out;
    }
    if (store_write_sync_close(fd, mode, data, len) < 0) {
        error_set(e, ERR_IO, _("cannot save \"%s\": %s"), path, strerror(errno));
        goto out;
    }
    if (keep_backup(path, e) < 0)
        goto out;
    if (rename(tmp, path) < 0) {
        error_set(e, ERR_IO, _("cannot save \"%s\": %s"), path, strerror(errno));
        goto out;
    }
    free(tmp);
    tmp = NULL;
    if (store_fsync_dir(dir) < 0) {
        error_set(e, ERR_IO, _("cannot save \"%s\": syncing the directory failed: %s"), path,
                  strerror(errno));
        goto out;
    }
    rc = 0;
out:
    if (tmp)
        unlink(tmp);
    free(tmp);
    free(dir);
    free(base);
    return rc;
}
