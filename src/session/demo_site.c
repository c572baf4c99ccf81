#include "config.h"
#include "session/demo_site.h"

#include <errno.h>  /* program_invocation_name */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "store/datadir.h"
#include "store/util.h"

#define SAMPLE_MAX ((size_t)1 << 20)

/* The commands that need a site; check and validate work without one. */
static bool needs_site(const char *command)
{
    static const char *const list[] = { "wizard", "status", "test-token", "rotate-key",
                                        "units", "plan", "apply", "import" };

    for (size_t i = 0; i < sizeof list / sizeof *list; i++)
        if (strcmp(command, list[i]) == 0)
            return true;
    return false;
}

/* $XDG_STATE_HOME/helseid-admin/demo, else ~/.local/state/helseid-admin/demo; made as
 * needed, the last two private. */
static int state_folder(char *out, size_t cap, struct error *e)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    size_t base;
    int n;

    if (xdg && *xdg == '/')
        n = snprintf(out, cap, "%s/helseid-admin/demo", xdg);
    else if (home && *home == '/')
        n = snprintf(out, cap, "%s/.local/state/helseid-admin/demo", home);
    else
        return error_set(e, ERR_IO, "%s", _("no folder for the demo's site file: set $HOME or $XDG_STATE_HOME"));
    if (n < 0 || (size_t)n >= cap)
        return error_set(e, ERR_IO, "%s", _("no folder for the demo's site file: set $HOME or $XDG_STATE_HOME"));
    base = (size_t)n - strlen("/helseid-admin/demo");
    for (char *p = out + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(out, (size_t)(p - out) > base ? 0700 : 0755) < 0 && errno != EEXIST) {
            int err = errno;
            *p = '/';
            return error_set(e, ERR_IO, _("cannot make a folder for the demo: %s"), strerror(err));
        }
        *p = '/';
    }
    if (mkdir(out, 0700) < 0 && errno != EEXIST)
        return error_set(e, ERR_IO, _("cannot make a folder for the demo: %s"), strerror(errno));
    return 0;
}

/* Copy the sample to path, never over an existing file (a second program racing us
 * leaves its copy alone). */
static int copy_sample(const char *path, struct error *e)
{
    char sample[PATH_MAX + 32], *data = NULL;
    size_t len = 0;
    int fd, err;

    snprintf(sample, sizeof sample, "%s/demo/kommune.xml", data_dir());
    if (store_read_file(sample, SAMPLE_MAX, &data, &len) != STORE_READ_OK)
        return error_set(e, ERR_IO, _("cannot read \"%s\": %s"), sample, strerror(errno));
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        err = errno;
        free(data);
        if (err == EEXIST)
            return 0;
        return error_set(e, ERR_IO, _("cannot open \"%s\": %s"), path, strerror(err));
    }
    err = store_write_all(fd, data, len) < 0 ? errno : 0;
    if (close(fd) < 0 && !err)
        err = errno;
    free(data);
    if (err) {
        unlink(path);
        return error_set(e, ERR_IO, _("cannot open \"%s\": %s"), path, strerror(err));
    }
    return 0;
}

int demo_site_default(struct options *o, const char *command, bool *kept, struct error *e)
{
    static char path[PATH_MAX];
    char dir[PATH_MAX - 16];

    *kept = false;
    if (o->site || !o->env || strcmp(o->env, "demo") != 0 || !needs_site(command))
        return 0;
    if (state_folder(dir, sizeof dir, e) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/site.xml", dir);
    if (access(path, F_OK) != 0 && copy_sample(path, e) < 0)
        return -1;
    o->site = path;
    *kept = true;
    return 0;
}

void demo_site_hint(const char *site)
{
    /* Quoted for the shell unless the path holds a quote itself (then as it is). */
    const char *q = strchr(site, '\'') ? "" : "'";
    /* Run by a path (./helseid-admin in a build tree): that path, as the user typed it,
     * since the bare name is not on PATH there. */
    const char *program = strchr(program_invocation_name, '/') ? program_invocation_name : PACKAGE;
    char shown[SANITIZE_DEFAULT_MAX + 1], name[SANITIZE_DEFAULT_MAX + 1];

    fflush(stdout);     /* after what the command printed, also through a pipe */

    /* The path comes from $XDG_STATE_HOME, the program's name from argv: shown safe. */
    sanitize_into(shown, sizeof shown, site, (size_t)-1, 0);
    sanitize_into(name, sizeof name, program, (size_t)-1, 0);
    fprintf(stderr, _("The demo's site file is kept in %s\n"), shown);
    fprintf(stderr, _("To see its status: %s --env demo --site %s%s%s status\n"), name, q, shown, q);
}
