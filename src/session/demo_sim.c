#include "config.h"
#include "session/demo_sim.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"

extern char **environ;

#define START_TIMEOUT_MS 15000
#define LINE_MAX_BYTES 4096

/* $HELSEID_SIM, then helseid-sim beside /proc/self/exe (the build tree or bindir),
 * then the configured bindir. */
static int find_program(char *out, size_t cap)
{
    const char *env = getenv("HELSEID_SIM");
    char self[PATH_MAX];
    ssize_t n;

    if (env && *env) {
        snprintf(out, cap, "%s", env);
        return 0;
    }
    n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        char *slash;
        self[n] = '\0';
        if ((slash = strrchr(self, '/'))) {
            *slash = '\0';
            if ((size_t)snprintf(out, cap, "%s/helseid-sim", self) < cap && access(out, X_OK) == 0)
                return 0;
        }
    }
    snprintf(out, cap, "%s/helseid-sim", BINDIR);
    return access(out, X_OK) == 0 ? 0 : -1;
}

/* One line from fd within the deadline. */
static int read_line(int fd, char *buf, size_t cap)
{
    size_t len = 0;
    struct timespec start, now;

    clock_gettime(CLOCK_MONOTONIC, &start);
    while (len + 1 < cap) {
        struct pollfd p = { fd, POLLIN, 0 };
        long left;
        ssize_t r;

        clock_gettime(CLOCK_MONOTONIC, &now);
        left = START_TIMEOUT_MS - ((now.tv_sec - start.tv_sec) * 1000L +
                                   (now.tv_nsec - start.tv_nsec) / 1000000L);
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            return -1;
        r = read(fd, buf + len, 1);
        if (r <= 0)
            return -1;
        if (buf[len] == '\n') {
            buf[len] = '\0';
            return 0;
        }
        len++;
    }
    return -1;
}

static int take_url(cJSON *doc, const char *name, char **dst)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, name);

    if (!cJSON_IsString(v) || !(*dst = strdup(v->valuestring)))
        return -1;
    return 0;
}

static int parse_urls(struct demo_sim *d, const char *line)
{
    cJSON *doc = cJSON_Parse(line);
    int rc = -1;

    if (doc && take_url(doc, "authority", &d->authority) == 0 &&
        take_url(doc, "selvbetjening_api", &d->selvbetjening_api) == 0 &&
        take_url(doc, "selvbetjening_web", &d->selvbetjening_web) == 0 &&
        take_url(doc, "brreg", &d->brreg) == 0 && take_url(doc, "ca_file", &d->ca_file) == 0) {
        d->urls = (struct endpoints_layer){ 0 };
        d->urls.env = "demo";
        d->urls.authority = d->authority;
        d->urls.selvbetjening_api = d->selvbetjening_api;
        d->urls.selvbetjening_web = d->selvbetjening_web;
        d->urls.brreg = d->brreg;
        d->urls.ca_file = d->ca_file;
        /* Optional: an older simulator has no plain-HTTP portal. */
        if (take_url(doc, "selvbetjening_web_browser", &d->web_browser) == 0 &&
            strncmp(d->web_browser, "http://127.0.0.1:", 17) != 0) {
            free(d->web_browser);       /* plain HTTP only ever on loopback */
            d->web_browser = NULL;
        }
        rc = 0;
    }
    cJSON_Delete(doc);
    return rc;
}

/* The simulator's clients persist in $XDG_STATE_HOME/helseid-admin/demo-sim.json
 * (default ~/.local/state/...), so a demo client outlives one command: status,
 * test-token and a resumed hand-off find it again. "" when there is no home. */
static void state_path(char *out, size_t cap)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char dir[PATH_MAX];

    out[0] = '\0';
    if (xdg && *xdg == '/')
        snprintf(dir, sizeof dir, "%s/helseid-admin", xdg);
    else if (home && *home == '/')
        snprintf(dir, sizeof dir, "%s/.local/state/helseid-admin", home);
    else
        return;
    /* Make the parents as needed; the last one private. */
    for (char *p = dir + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0755);
            *p = '/';
        }
    }
    if (mkdir(dir, 0700) < 0 && errno != EEXIST)
        return;
    if ((size_t)snprintf(out, cap, "%s/demo-sim.json", dir) >= cap)
        out[0] = '\0';
}

static bool env_true(const char *name)
{
    const char *v = getenv(name);

    return v && (strcmp(v, "1") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0);
}

int demo_sim_start(struct demo_sim *d, struct error *e)
{
    const char *tmp = getenv("TMPDIR");
    char prog[PATH_MAX], ca[300], log[300], state[PATH_MAX], line[LINE_MAX_BYTES];
    char *argv[12];
    int argc = 0;
    posix_spawn_file_actions_t fa;
    int pipefd[2] = { -1, -1 }, infd[2] = { -1, -1 }, rc;

    memset(d, 0, sizeof *d);
    if (find_program(prog, sizeof prog) < 0)
        return error_set(e, ERR_IO, _("the demo needs the simulator helseid-sim, which is not installed"));
    snprintf(d->dir, sizeof d->dir, "%s/helseid-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(d->dir)) {
        d->dir[0] = '\0';
        return error_set(e, ERR_IO, _("cannot make a folder for the demo: %s"), strerror(errno));
    }
    snprintf(ca, sizeof ca, "%s/ca.pem", d->dir);
    snprintf(log, sizeof log, "%s/sim.log", d->dir);
    if (pipe2(pipefd, O_CLOEXEC) < 0 || pipe2(infd, O_CLOEXEC) < 0) {
        rc = errno;
        close(pipefd[0]);
        close(pipefd[1]);
        return error_set(e, ERR_IO, _("cannot start the simulator: %s"), strerror(rc));
    }
    state_path(state, sizeof state);
    d->auto_confirm = env_true("HELSEID_DEMO_AUTO_CONFIRM");
    argv[argc++] = prog;
    argv[argc++] = "--port";
    argv[argc++] = "0";
    argv[argc++] = "--ca-out";
    argv[argc++] = ca;
    /* A short propagation delay, so the demo shows the wait without dragging. */
    argv[argc++] = "--propagation";
    argv[argc++] = "2-6";
    /* Our end of its stdin stays open while we live: if we die, it exits too. */
    argv[argc++] = "--exit-on-stdin-eof";
    if (state[0]) {
        argv[argc++] = "--state";
        argv[argc++] = state;
    }
    if (d->auto_confirm)
        argv[argc++] = "--auto-confirm";
    argv[argc] = NULL;
    /* The simulator's own messages go to a log: they must not scribble on the screen. */
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, infd[0], 0);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    rc = posix_spawn(&d->pid, prog, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    close(infd[0]);
    d->stdin_fd = infd[1];
    if (rc != 0) {
        close(pipefd[0]);
        d->pid = 0;
        return error_set(e, ERR_IO, _("cannot start the simulator \"%s\": %s"), prog, strerror(rc));
    }
    rc = read_line(pipefd[0], line, sizeof line);
    close(pipefd[0]);
    if (rc < 0 || parse_urls(d, line) < 0)
        return error_set(e, ERR_IO, _("the simulator did not start; see \"%s\""), log);
    return 0;
}

void demo_sim_stop(struct demo_sim *d)
{
    char path[300];

    if (d->stdin_fd > 0)
        close(d->stdin_fd);
    if (d->pid > 0) {
        kill(d->pid, SIGTERM);
        while (waitpid(d->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    if (d->dir[0]) {
        snprintf(path, sizeof path, "%s/ca.pem", d->dir);
        unlink(path);
        snprintf(path, sizeof path, "%s/sim.log", d->dir);
        unlink(path);
        rmdir(d->dir);
    }
    free(d->authority);
    free(d->selvbetjening_api);
    free(d->selvbetjening_web);
    free(d->web_browser);
    free(d->brreg);
    free(d->ca_file);
    memset(d, 0, sizeof *d);
}
