/* Opening the confirmation link in a graphical browser, only where one is plausible
 * (DESIGN.md §2): the decision is a pure function of the mode and the environment,
 * so it is unit-tested; the launch uses posix_spawnp with an argv, never a shell. */
#ifndef HELSEID_BROWSER_H
#define HELSEID_BROWSER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/error.h"

enum browser_mode { BROWSER_MODE_AUTO, BROWSER_MODE_OPEN, BROWSER_MODE_PRINT };

/* The environment the decision depends on (borrowed strings, NULL = unset). */
struct browser_env {
    const char *display, *wayland_display;
    const char *ssh_connection, *ssh_tty;
    const char *browser;            /* $BROWSER: colon-separated commands */
    const char *user;               /* $USER or $LOGNAME, for the ssh -L line */
};

enum browser_decision {
    BROWSER_LAUNCH,                 /* try $BROWSER entries, then xdg-open */
    BROWSER_SKIP_PRINT_MODE,        /* --browser=print */
    BROWSER_SKIP_NO_DISPLAY,        /* auto, no DISPLAY/WAYLAND_DISPLAY, no $BROWSER */
    BROWSER_SKIP_SSH,               /* auto, over SSH, no $BROWSER */
};

int browser_mode_parse(const char *s, enum browser_mode *out);
void browser_env_from_environ(struct browser_env *env);
enum browser_decision browser_decide(enum browser_mode mode, const struct browser_env *env);
/* Why nothing was launched, translated ("no graphical display"), NULL for LAUNCH. */
const char *browser_decision_text(enum browser_decision d);
/* w3m, lynx, links, links2, elinks, www-browser, browsh, ... by basename: these would
 * take over the terminal and hide the link. */
bool browser_is_text(const char *command);
/* Build the argv for one $BROWSER entry: "cmd args" (split on blanks) with "%s"
 * replaced by the URL, or the URL appended. argv must hold cap pointers; strings point
 * into work (a copy of entry, cap_work bytes). Returns argc or -1. */
int browser_argv(const char *entry, const char *url, char *work, size_t cap_work,
                 char **argv, size_t cap);

/* Decide and, if allowed, launch (stdin/stdout/stderr on /dev/null, own session).
 * 1 = launched (*pid set if pid != NULL), 0 = not launched by decision (*why set),
 * -1 = every candidate failed to start (e filled). */
int browser_open(enum browser_mode mode, const struct browser_env *env, const char *url,
                 pid_t *pid, enum browser_decision *why, struct error *e);
/* Reap a launched browser if it has exited (never blocks): true when it is gone (no
 * zombie left), false while it runs. xdg-open ends as soon as the browser is up, so
 * a waiting caller asks again about once a second. */
bool browser_reap(pid_t pid);

/* "ssh -L PORT:127.0.0.1:PORT [user@]host" for a user on another machine; host from
 * SSH_CONNECTION's server address, else this machine's name. -1 if not over SSH. */
int browser_ssh_forward_line(const struct browser_env *env, int port, char *buf, size_t cap);

#endif
