#include "config.h"
#include "core/interrupt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"

static volatile sig_atomic_t got_signal;
static int pipe_fd[2] = { -1, -1 };
static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void on_signal(int sig)
{
    int saved = errno;

    if (got_signal) {
        /* Asked twice: stop now, the way the user expects of a second Ctrl-C. */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    got_signal = sig;
    if (pipe_fd[1] >= 0 && write(pipe_fd[1], "s", 1) < 0) {
        /* full pipe: already readable */
    }
    errno = saved;
}

int interrupt_install(struct error *e)
{
    struct sigaction sa;

    /* Non-blocking: the handler must never wait on a full pipe. */
    if (pipe_fd[0] < 0 && pipe2(pipe_fd, O_NONBLOCK | O_CLOEXEC) < 0)
        return error_set(e, ERR_IO, _("cannot create a pipe: %s"), strerror(errno));
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof stop_signals / sizeof *stop_signals; i++)
        sigaddset(&sa.sa_mask, stop_signals[i]);
    for (size_t i = 0; i < sizeof stop_signals / sizeof *stop_signals; i++) {
        struct sigaction old;

        /* A hang-up ignored by whoever started us (nohup) stays ignored. */
        if (stop_signals[i] == SIGHUP && sigaction(SIGHUP, NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            continue;
        if (sigaction(stop_signals[i], &sa, NULL) < 0)
            return error_set(e, ERR_IO, _("cannot handle signals: %s"), strerror(errno));
    }
    return 0;
}

int interrupt_signal(void)
{
    return got_signal;
}

int interrupt_fd(void)
{
    return pipe_fd[0];
}

int interrupt_error(struct error *e)
{
    const char *name = got_signal == SIGTERM ? "SIGTERM" : got_signal == SIGHUP ? "SIGHUP" : "SIGINT";

    /* TRANSLATORS: %s is a signal name such as SIGINT. */
    return error_set(e, ERR_INTERRUPTED, _("interrupted by %s"), name);
}

int interrupt_exit_status(void)
{
    return got_signal ? 128 + got_signal : 0;
}

void interrupt_reset(void)
{
    char buf[16];

    got_signal = 0;
    while (pipe_fd[0] >= 0 && read(pipe_fd[0], buf, sizeof buf) > 0)
        ;
}
