/* Browser launch policy and launcher (see browser.h). */
#include "config.h"
#include "net/browser.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/i18n.h"

#define MAX_ARGS 16
#define MAX_ENTRY 1024

extern char **environ;

static bool set(const char *s)
{
    return s && *s;
}

int browser_mode_parse(const char *s, enum browser_mode *out)
{
    if (!s || strcmp(s, "auto") == 0)
        *out = BROWSER_MODE_AUTO;
    else if (strcmp(s, "open") == 0)
        *out = BROWSER_MODE_OPEN;
    else if (strcmp(s, "print") == 0)
        *out = BROWSER_MODE_PRINT;
    else
        return -1;
    return 0;
}

void browser_env_from_environ(struct browser_env *env)
{
    env->display = getenv("DISPLAY");
    env->wayland_display = getenv("WAYLAND_DISPLAY");
    env->ssh_connection = getenv("SSH_CONNECTION");
    env->ssh_tty = getenv("SSH_TTY");
    env->browser = getenv("BROWSER");
    env->user = getenv("USER");
    if (!set(env->user))
        env->user = getenv("LOGNAME");
}

enum browser_decision browser_decide(enum browser_mode mode, const struct browser_env *env)
{
    if (mode == BROWSER_MODE_PRINT)
        return BROWSER_SKIP_PRINT_MODE;
    if (mode == BROWSER_MODE_OPEN || set(env->browser))
        return BROWSER_LAUNCH;      /* asked for, or the user named a browser */
    if (set(env->ssh_connection) || set(env->ssh_tty))
        return BROWSER_SKIP_SSH;    /* a forwarded DISPLAY opens it on the wrong screen */
    if (!set(env->display) && !set(env->wayland_display))
        return BROWSER_SKIP_NO_DISPLAY;
    return BROWSER_LAUNCH;
}

const char *browser_decision_text(enum browser_decision d)
{
    switch (d) {
    case BROWSER_SKIP_PRINT_MODE:
        return _("no browser started (--browser=print)");
    case BROWSER_SKIP_NO_DISPLAY:
        return _("no browser started: no graphical display here");
    case BROWSER_SKIP_SSH:
        return _("no browser started: this is an SSH session");
    case BROWSER_LAUNCH:
    default:
        return NULL;
    }
}

bool browser_is_text(const char *command)
{
    static const char *const text[] = {
        "w3m", "lynx", "links", "links2", "elinks", "www-browser", "browsh", "netrik",
        "retawq", "edbrowse", "carbonyl",
    };
    const char *base, *end;
    size_t n;

    if (!command)
        return false;
    while (*command == ' ' || *command == '\t')
        command++;
    end = command + strcspn(command, " \t");
    base = command;
    for (const char *p = command; p < end; p++)
        if (*p == '/')
            base = p + 1;
    n = (size_t)(end - base);
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        if (strlen(text[i]) == n && strncmp(base, text[i], n) == 0)
            return true;
    return false;
}

int browser_argv(const char *entry, const char *url, char *work, size_t cap_work,
                 char **argv, size_t cap)
{
    size_t argc = 0;
    bool substituted = false;
    char *tok;

    if (!entry || strlen(entry) >= cap_work || cap < 3)
        return -1;
    strcpy(work, entry);
    {
        char *save = NULL;
        for (tok = strtok_r(work, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
            if (argc + 2 > cap)
                return -1;
            if (strcmp(tok, "%s") == 0) {
                argv[argc++] = (char *)url;
                substituted = true;
            } else {
                argv[argc++] = tok;
            }
        }
    }
    if (argc == 0)
        return -1;
    if (!substituted)
        argv[argc++] = (char *)url;
    argv[argc] = NULL;
    return (int)argc;
}

/* The browser's environment: ours without HELSEID_* (the api key file's path, the CA,
 * the site: none of the browser's business) in a NULL-terminated copy of pointers. */
static char **browser_environ(void)
{
    size_t n = 0, k = 0;
    char **env;

    while (environ[n])
        n++;
    env = calloc(n + 1, sizeof *env);
    if (!env)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "HELSEID_", 8) != 0)
            env[k++] = environ[i];
    env[k] = NULL;
    return env;
}

static int spawn_one(char **argv, pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    pid_t child;
    char **env;
    int rc;

    env = browser_environ();
    if (!env)
        return -1;
    if (posix_spawn_file_actions_init(&fa) != 0) {
        free(env);
        return -1;
    }
    if (posix_spawnattr_init(&at) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        free(env);
        return -1;
    }
    /* The browser must not scribble on the screen or read the keyboard. */
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    /* Nothing else: not our TLS connections, curl's socketpairs, the lock or the
     * loopback listener. */
    if (posix_spawn_file_actions_addclosefrom_np(&fa, 3) != 0) {
        posix_spawnattr_destroy(&at);
        posix_spawn_file_actions_destroy(&fa);
        free(env);
        return -1;
    }
    /* Its own session: Ctrl-C in our terminal does not reach it. */
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID);
    rc = posix_spawnp(&child, argv[0], &fa, &at, argv, env);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    free(env);
    if (rc != 0)
        return -1;
    if (pid)
        *pid = child;
    return 0;
}

int browser_open(enum browser_mode mode, const struct browser_env *env, const char *url,
                 pid_t *pid, enum browser_decision *why, struct error *e)
{
    enum browser_decision d = browser_decide(mode, env);
    char work[MAX_ENTRY], list[MAX_ENTRY * 4];
    char *argv[MAX_ARGS];
    char *save = NULL, *entry;
    bool tried = false;

    if (why)
        *why = d;
    if (d != BROWSER_LAUNCH)
        return 0;
    if (set(env->browser) && strlen(env->browser) < sizeof list) {
        strcpy(list, env->browser);
        for (entry = strtok_r(list, ":", &save); entry; entry = strtok_r(NULL, ":", &save)) {
            if (browser_is_text(entry))
                continue;
            if (browser_argv(entry, url, work, sizeof work, argv, MAX_ARGS) < 0)
                continue;
            tried = true;
            if (spawn_one(argv, pid) == 0)
                return 1;
        }
    }
    argv[0] = "xdg-open";
    argv[1] = (char *)url;
    argv[2] = NULL;
    if (spawn_one(argv, pid) == 0)
        return 1;
    if (tried)
        return error_set(e, ERR_NET, "%s", _("could not start a browser from $BROWSER or xdg-open: open the link yourself"));
    return error_set(e, ERR_NET, "%s", _("could not start xdg-open: open the link yourself"));
}

bool browser_reap(pid_t pid)
{
    pid_t r;

    if (pid <= 0)
        return true;
    while ((r = waitpid(pid, NULL, WNOHANG)) < 0 && errno == EINTR)
        ;
    return r == pid || (r < 0 && errno == ECHILD);
}

static bool ssh_host_ok(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == ':' || c == '_'))
            return false;
    }
    return s[0] != '-';
}

int browser_ssh_forward_line(const struct browser_env *env, int port, char *buf, size_t cap)
{
    char host[256] = "";
    const char *sc = env->ssh_connection;
    int n;

    if (!set(sc) && !set(env->ssh_tty))
        return -1;
    if (set(sc)) {
        /* "client_ip client_port server_ip server_port" */
        const char *p = sc;
        for (int field = 0; field < 2 && p; field++) {
            p = strchr(p, ' ');
            if (p)
                p++;
        }
        if (p) {
            size_t len = strcspn(p, " ");
            if (len < sizeof host && ssh_host_ok(p, len)) {
                memcpy(host, p, len);
                host[len] = '\0';
            }
        }
    }
    if (!host[0] && (gethostname(host, sizeof host) != 0 || !ssh_host_ok(host, strnlen(host, sizeof host))))
        return -1;
    host[sizeof host - 1] = '\0';
    if (set(env->user) && ssh_host_ok(env->user, strlen(env->user)) && strlen(env->user) < 64)
        n = snprintf(buf, cap, "ssh -L %d:127.0.0.1:%d %s@%s", port, port, env->user, host);
    else
        n = snprintf(buf, cap, "ssh -L %d:127.0.0.1:%d %s", port, port, host);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}
