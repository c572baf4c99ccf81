/* Drives the hand-off screen without the network: events come from a FIFO the test
 * writes ("success", "success-at-second", "ready", "rejected STATUS"), and "check now" requests are logged
 * to a file the test reads. A test double for src/net, used only by handoff.sh. */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/locale_setup.h"
#include "tui/handoff_screen.h"
#include "tui/tui.h"

struct drv {
    int fd;
    FILE *log;
};

static enum handoff_action readable(void *ctx, struct handoff *h)
{
    struct drv *d = ctx;
    char buf[128];
    ssize_t n = read(d->fd, buf, sizeof(buf) - 1);
    struct handoff_event ev = { HANDOFF_NOT_READY, 0, NULL };

    if (n <= 0)
        return HANDOFF_NONE;
    buf[n] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    if (strcmp(buf, "ready") == 0)
        ev.kind = HANDOFF_READY;
    else if (strcmp(buf, "success") == 0)
        ev = (struct handoff_event){ HANDOFF_LOOPBACK, 0, "Success" };
    else if (strcmp(buf, "success-at-second") == 0) {
        /* Arrives as a new second starts, so the countdown's tick of the same wake has
         * news too: the check must not be lost under the redraw. */
        time_t t0 = time(NULL);
        while (time(NULL) == t0)
            nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
        ev = (struct handoff_event){ HANDOFF_LOOPBACK, 0, "Success" };
    }
    else if (strncmp(buf, "rejected ", 9) == 0)
        ev = (struct handoff_event){ HANDOFF_LOOPBACK, 0, buf + 9 };
    return handoff_event(h, &ev);
}

static void check_now(void *ctx)
{
    struct drv *d = ctx;

    fprintf(d->log, "check\n");
    fflush(d->log);
}

static int paste(void *ctx, const char *url, char *status, size_t n, struct error *e)
{
    const char *prefix = "http://127.0.0.1:49152/callback?status=";

    if (strncmp(url, prefix, strlen(prefix)) != 0)
        return error_set(e, ERR_INVALID, "not the loopback address");
    snprintf(status, n, "%s", url + strlen(prefix));
    return 0;
}

int main(int argc, char **argv)
{
    struct drv d;
    struct handoff h;
    struct handoff_io io = { &d, -1, readable, check_now, paste };
    struct error e;
    struct tui *t;

    if (argc != 5)
        return 2;
    locale_setup(getenv("HANDOFF_LANG"));
    d.fd = open(argv[2], O_RDWR | O_NONBLOCK);
    d.log = fopen(argv[3], "w");
    if (d.fd < 0 || !d.log)
        return 2;
    io.fd = d.fd;
    if (handoff_init(&h, argv[1], 49152, getenv("SSH_CONNECTION") != NULL, time(NULL),
                     atoi(argv[4])) < 0 || !(t = tui_open(&e)))
        return 2;
    tui_handoff(t, &h, &io, &e);
    tui_close(t);
    printf("state=%d status=%s\n", h.state, h.status);
    return 0;
}
