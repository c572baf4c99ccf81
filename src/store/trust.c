/* Trusted files (see trust.h). */
#include "config.h"
#include "store/trust.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "store/util.h"

static bool owner_ok(uid_t uid)
{
    return uid == geteuid() || uid == 0;
}

/* Whom a "run chown" hint names: the login name, else the number (chown takes both). */
static void user_name(char *buf, size_t cap)
{
    if (!store_login_name(buf, cap))
        snprintf(buf, cap, "%ld", (long)geteuid());
}

/* The folder part of `path` ("." when there is none). */
static void folder_of(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');

    if (!slash)
        snprintf(out, cap, ".");
    else if (slash == path)
        snprintf(out, cap, "/");
    else
        snprintf(out, cap, "%.*s", (int)(slash - path), path);
}

int trust_check_folder(const char *dir, struct error *e)
{
    struct stat st;
    char me[256];

    if (stat(dir, &st) < 0)
        return error_set(e, ERR_IO, _("cannot check folder \"%s\": %s"), dir, strerror(errno));
    if (!owner_ok(st.st_uid)) {
        user_name(me, sizeof me);
        /* TRANSLATORS: %1$s the folder, %2$s our user name, %3$s the folder again. */
        return error_set(e, ERR_IO, _("folder \"%s\" belongs to another user: keep the site in a folder of your own (chown %s \"%s\")"),
                         dir, me, dir);
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return error_set(e, ERR_IO, _("folder \"%s\" is writable by other users: run chmod go-w \"%s\""),
                         dir, dir);
    return 0;
}

static int check_folders(const char *path, struct error *e)
{
    char dir[PATH_MAX], *real;

    folder_of(path, dir, sizeof dir);
    if (trust_check_folder(dir, e) < 0)
        return -1;
    real = realpath(path, NULL);
    if (real) {
        char rdir[PATH_MAX];
        int rc;

        folder_of(real, rdir, sizeof rdir);
        rc = strcmp(rdir, dir) == 0 ? 0 : trust_check_folder(rdir, e);
        free(real);
        return rc;
    }
    return 0;
}

int trust_check_file(const char *path, const struct stat *st, enum trust_kind kind,
                     struct error *e)
{
    char me[256];

    if (!owner_ok(st->st_uid)) {
        user_name(me, sizeof me);
        if (kind == TRUST_SECRET)
            return error_set(e, ERR_IO, _("the api key file \"%s\" belongs to another user: run chown %s \"%s\""),
                             path, me, path);
        return error_set(e, ERR_IO, _("site file \"%s\" belongs to another user: run chown %s \"%s\""),
                         path, me, path);
    }
    if (kind == TRUST_SECRET && (st->st_mode & (S_IRWXG | S_IRWXO)))
        return error_set(e, ERR_IO, _("the api key file \"%s\" can be read by other users: run chmod 600 \"%s\""),
                         path, path);
    if (kind == TRUST_SECRET)
        return 0;       /* what matters is who can read it */
    if (st->st_mode & (S_IWGRP | S_IWOTH))
        return error_set(e, ERR_IO, _("site file \"%s\" is writable by other users: run chmod go-w \"%s\""),
                         path, path);
    return check_folders(path, e);
}

int trust_check_key_ref(const char *site_path, const char *key_file, struct error *e)
{
    char dir[PATH_MAX];
    const char *p;

    if (!key_file || !*key_file)
        return 0;
    for (p = key_file; *p; ) {
        size_t n = strcspn(p, "/");

        if (n == 2 && p[0] == '.' && p[1] == '.')
            return error_set(e, ERR_INVALID, _("site file \"%s\": the key path \"%s\" leaves the site's folder (\"..\"): keep the key beside the site file"),
                             site_path, key_file);
        p += n;
        while (*p == '/')
            p++;
    }
    if (key_file[0] != '/')
        return 0;
    folder_of(key_file, dir, sizeof dir);
    if (trust_check_folder(dir, e) < 0)
        return error_prefix(e, _("site file \"%s\", key path \"%s\""), site_path, key_file);
    return 0;
}
