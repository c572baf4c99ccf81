#include "config.h"
#include "cli/config_file.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/opt_table.h"
#include "core/i18n.h"
#include "core/strv.h"
#include "store/site_file.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

void config_file_init(struct config_file *cf)
{
    memset(cf, 0, sizeof *cf);
}

void config_file_clear(struct config_file *cf)
{
    free_strings(&cf->site, &cf->env, &cf->api_key_file, &cf->browser);
    config_file_init(cf);
}

static char *trim(char *s)
{
    char *end;

    while (isspace((unsigned char)*s))
        s++;
    end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

static int set_string(char **slot, char *v)
{
    if (!v)
        return -1;
    free(*slot);
    *slot = v;
    return 0;
}

/* One "key = value" line; -1 with e filled (without the file:line prefix). */
static int parse_line(struct config_file *cf, const char *path, char *line, struct error *e)
{
    char *eq = strchr(line, '='), *key, *val;

    if (!eq)
        return error_set(e, ERR_USAGE, "%s", _("expected \"key = value\""));
    *eq = '\0';
    key = trim(line);
    val = trim(eq + 1);
    if (!*val)
        return error_set(e, ERR_USAGE, _("no value for \"%s\""), key);
    /* Relative paths are relative to this file's folder, as the site file's are to its. */
    if (strcmp(key, "site") == 0)
        return set_string(&cf->site, site_file_beside(path, val)) < 0 ? error_nomem(e) : 0;
    if (strcmp(key, "api-key-file") == 0)
        return set_string(&cf->api_key_file, site_file_beside(path, val)) < 0 ? error_nomem(e) : 0;
    /* The same values as the options of these names take. */
    if (strcmp(key, "env") == 0) {
        if (cli_option_check(OPT_ENV, val, NULL, e) < 0)
            return -1;
        return set_string(&cf->env, strdup(val)) < 0 ? error_nomem(e) : 0;
    }
    if (strcmp(key, "browser") == 0) {
        if (cli_option_check(OPT_BROWSER, val, NULL, e) < 0)
            return -1;
        return set_string(&cf->browser, strdup(val)) < 0 ? error_nomem(e) : 0;
    }
    if (strcmp(key, "port") == 0)
        return cli_option_check(OPT_PORT, val, &cf->port, e);
    /* TRANSLATORS: the keys are literal; keep them in English. */
    return error_set(e, ERR_USAGE, _("unknown key \"%s\" (use site, env, api-key-file, browser or port)"), key);
}

int config_file_read(struct config_file *cf, const char *path, struct error *e)
{
    FILE *f = fopen(path, "re");
    char *line = NULL, *s;
    size_t cap = 0;
    unsigned lineno = 0;
    int rc = 0;

    if (!f) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 0;
        return error_set(e, ERR_IO, _("cannot read \"%s\": %s"), path, strerror(errno));
    }
    while (getline(&line, &cap, f) >= 0) {
        lineno++;
        if ((s = strchr(line, '#')))
            *s = '\0';
        s = trim(line);
        if (!*s)
            continue;
        if (parse_line(cf, path, s, e) < 0) {
            error_prefix(e, "%s:%u", path, lineno);
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(f))
        rc = error_set(e, ERR_IO, _("cannot read \"%s\": %s"), path, strerror(errno));
    free(line);
    fclose(f);
    return rc;
}

int config_file_load_defaults(struct config_file *cf, struct error *e)
{
    const char *sys = getenv("HELSEID_ADMIN_SYSCONFDIR"), *xdg = getenv("XDG_CONFIG_HOME"),
               *home = getenv("HOME");
    char *p = NULL;
    int rc;

    if (asprintf(&p, "%s/%s/config", sys && *sys ? sys : SYSCONFDIR, PACKAGE) < 0)
        return error_nomem(e);
    rc = config_file_read(cf, p, e);
    free(p);
    if (rc < 0)
        return -1;
    /* XDG Base Directory: a relative $XDG_CONFIG_HOME is invalid and ignored. */
    if (xdg && xdg[0] == '/')
        rc = asprintf(&p, "%s/%s/config", xdg, PACKAGE);
    else if (home && home[0] == '/')
        rc = asprintf(&p, "%s/.config/%s/config", home, PACKAGE);
    else
        return 0;
    if (rc < 0)
        return error_nomem(e);
    /* Under a $HOME that is not ours (sudo -u, setpriv) the file may be unreadable: it
     * is not this user's configuration, so it is skipped rather than an error. */
    if (access(p, R_OK) < 0 && errno == EACCES)
        rc = 0;
    else
        rc = config_file_read(cf, p, e);
    free(p);
    return rc;
}

void config_file_apply(const struct config_file *cf, struct options *o)
{
    if (cf->site)
        o->site = cf->site;
    if (cf->env)
        o->env = cf->env;
    if (cf->api_key_file)
        o->api_key_file = cf->api_key_file;
    if (cf->browser)
        o->browser = cf->browser;
    if (cf->port)
        o->port = cf->port;
}
