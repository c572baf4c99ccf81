#include "config.h"
#include "store/site_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/i18n.h"
#include "store/atomic_file.h"
#include "store/site_xml.h"
#include "store/trust.h"

struct site_file {
    char *path;
    struct site site;
};

static struct site_file *site_file_new(const char *path)
{
    struct site_file *sf = calloc(1, sizeof *sf);

    if (!sf)
        return NULL;
    site_init(&sf->site);
    if (!(sf->path = strdup(path))) {
        free(sf);
        return NULL;
    }
    return sf;
}

int site_file_load(struct site_file **out, const char *path, struct error *e)
{
    struct site_file *sf = site_file_new(path);

    if (!sf)
        return error_nomem(e);
    if (site_xml_parse_file(path, &sf->site, e) < 0) {
        site_file_free(sf);
        return -1;
    }
    *out = sf;
    return 0;
}

int site_file_create(struct site_file **out, const char *path, const struct site *initial,
                     struct error *e)
{
    struct site_file *sf;
    struct stat st;

    if (lstat(path, &st) == 0)
        return error_set(e, ERR_IO, _("site file \"%s\" already exists"), path);
    if (errno != ENOENT)
        return error_set(e, ERR_IO, _("cannot create site file \"%s\": %s"), path,
                         strerror(errno));
    {
        /* The folder it will live in must be ours too. */
        const char *slash = strrchr(path, '/');
        char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
        int rc = dir ? trust_check_folder(dir, e) : error_nomem(e);

        free(dir);
        if (rc < 0)
            return -1;
    }
    if (!(sf = site_file_new(path)))
        return error_nomem(e);
    if (site_copy(&sf->site, initial) < 0) {
        site_file_free(sf);
        return error_nomem(e);
    }
    *out = sf;
    return 0;
}

struct site *site_file_site(struct site_file *sf)
{
    return &sf->site;
}

const char *site_file_path(const struct site_file *sf)
{
    return sf->path;
}

static int serialise_checked(struct site_file *sf, char **xml, size_t *len, struct error *e)
{
    struct site check;
    int rc = -1;

    site_init(&check);
    if (site_xml_write(&sf->site, xml, len, e) < 0)
        goto out;
    /* Never write what we could not read back. */
    if (site_xml_parse_memory(*xml, *len, sf->path, &check, e) < 0) {
        error_prefix(e, _("refusing to save \"%s\""), sf->path);
        goto out;
    }
    rc = 0;
out:
    site_clear(&check);
    return rc;
}

int site_file_check(struct site_file *sf, struct error *e)
{
    char *xml = NULL;
    size_t len;
    int rc = serialise_checked(sf, &xml, &len, e);

    free(xml);
    return rc;
}

int site_file_save(struct site_file *sf, struct error *e)
{
    char *xml = NULL;
    size_t len;
    int rc = -1;

    if (serialise_checked(sf, &xml, &len, e) == 0 && atomic_file_replace(sf->path, xml, len, e) == 0)
        rc = 0;
    free(xml);
    return rc;
}

void site_file_free(struct site_file *sf)
{
    if (!sf)
        return;
    site_clear(&sf->site);
    free(sf->path);
    free(sf);
}

char *site_file_beside(const char *site_path, const char *file)
{
    const char *slash = site_path ? strrchr(site_path, '/') : NULL;
    char *p;

    if (file[0] == '/' || !slash)
        return strdup(file);
    if (asprintf(&p, "%.*s/%s", (int)(slash - site_path), site_path, file) < 0)
        return NULL;
    return p;
}
