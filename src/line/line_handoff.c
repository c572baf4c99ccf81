/* The hand-off in the line mode (DESIGN.md §2 item 7): the link first on a line of its
 * own, then wait on stdin and the network at once. An empty line is "I have
 * confirmed" (check now), a pasted localhost address is parsed with the loopback's
 * strict checks, "q" cancels after a confirmation. The countdown is printed every 30
 * seconds, not every second: a speech user or a serial console hears each line. */
#include "config.h"
#include "line/line.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/interrupt.h"

#define LINE_COUNTDOWN_EVERY 30

static enum handoff_action feed(struct handoff *h, enum handoff_event_kind k, const char *status)
{
    struct handoff_event ev = { k, time(NULL), status };

    return handoff_event(h, &ev);
}

/* One line from fd (unbuffered stdin: the wizard set _IONBF); NULL at end of input. */
static char *read_line(FILE *in)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, in);

    if (n < 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
        line[--n] = '\0';
    return line;
}

static void countdown(struct line_ui *ui, const struct handoff *h)
{
    int left = handoff_seconds_left(h);

    fprintf(ui->out, P_("Waiting for the confirmation: %d second left\n",
                        "Waiting for the confirmation: %d seconds left\n", left), left);
    fflush(ui->out);
}

/* The link first on a line of its own, then what to do with it. */
static void print_instructions(struct line_ui *ui, const struct handoff *h, const char *note)
{
    fprintf(ui->out, "\n%s\n\n%s\n\n", _("Open this link in a browser, on any machine"), h->url);
    if (note && *note)
        fprintf(ui->out, "%s\n", note);
    if (h->ssh_line[0]) {
        char ssh[400];

        handoff_ssh_line(h, ssh, sizeof(ssh));
        fprintf(ui->out, "%s\n  %s\n", _("Over SSH, this on your own PC forwards the browser's redirect:"),
                ssh);
    }
    fprintf(ui->out, "%s\n", _("Log in with BankID (or another method the portal offers) and "
                               "press «Bekreft» in the portal."));
    fprintf(ui->out, "%s\n", _("Press Enter when you have confirmed, paste the address the browser "
                               "ended on, or type q to cancel."));
}

struct line_wait {
    struct line_ui *ui;
    struct handoff *h;
    const struct handoff_io *io;
    bool have_input;        /* false at end of input: scripts wait on the network alone */
    bool confirming;        /* "q" asked "Cancel? [y/N]" */
    char shown[sizeof(((struct handoff *)0)->note)];    /* the last note printed */
};

/* What happened with the browser (tried after the link is out), and news from the
 * loopback: each note once. */
static void print_news(struct line_wait *lw)
{
    const char *note = lw->h->note;

    if (note[0] && strcmp(note, lw->shown) != 0) {
        fprintf(lw->ui->out, "%s\n", note);
        fflush(lw->ui->out);
        memcpy(lw->shown, note, sizeof(lw->shown));
    }
}

/* A pasted address: parsed with the loopback's strict checks. */
static enum handoff_action pasted(struct line_wait *lw, const char *line)
{
    char status[64];
    struct error pe;
    enum handoff_action act;

    if (lw->io->paste(lw->io->ctx, line, status, sizeof(status), &pe) < 0) {
        fprintf(lw->ui->out, "%s\n", pe.msg);
        return HANDOFF_NONE;
    }
    act = feed(lw->h, HANDOFF_LOOPBACK, status);
    if (act == HANDOFF_CHECK_NOW)
        fprintf(lw->ui->out, "%s\n", _("Checking with HelseID..."));
    return act;
}

/* One line typed while waiting: the answer to "Cancel?", q, a pasted address, or
 * Enter ("I have confirmed"). */
static enum handoff_action answer(struct line_wait *lw, const char *line)
{
    enum handoff_action act = HANDOFF_NONE;

    if (lw->confirming) {
        lw->confirming = false;
        if (line_yes(line))
            act = feed(lw->h, HANDOFF_CANCEL, NULL);
        else
            countdown(lw->ui, lw->h);
    } else if (strcmp(line, "q") == 0 || strcmp(line, "Q") == 0) {
        fprintf(lw->ui->out, "%s ", _("Cancel? The draft stays pending and the next start "
                                      "resumes it. [y/N]"));
        fflush(lw->ui->out);
        lw->confirming = true;
    } else if (line[0]) {
        act = pasted(lw, line);
    } else {
        act = feed(lw->h, HANDOFF_ENTER, NULL);
        fprintf(lw->ui->out, "%s\n", _("Checking with HelseID..."));
    }
    return act;
}

/* Wait up to a second on stdin and the hand-off's descriptor; what they asked for.
 * 0, or -1 with e (a failed poll, a signal). */
static int wait_once(struct line_wait *lw, enum handoff_action *act, struct error *e)
{
    struct pollfd p[2] = { { .fd = lw->have_input ? fileno(lw->ui->in) : -1, .events = POLLIN },
                           { .fd = lw->io->fd, .events = POLLIN } };

    *act = HANDOFF_NONE;
    if (poll(p, 2, 1000) < 0 && errno != EINTR)
        return error_set(e, ERR_IO, _("cannot wait for the confirmation: %s"), strerror(errno));
    if (interrupt_signal())
        return interrupt_error(e);
    if (p[1].revents & POLLIN)
        *act = lw->io->on_readable(lw->io->ctx, lw->h);
    print_news(lw);
    if (lw->h->state == HANDOFF_WAITING && (p[0].revents & (POLLIN | POLLHUP))) {
        char *line = read_line(lw->ui->in);

        if (!line)
            lw->have_input = false;
        else
            *act = answer(lw, line);
        fflush(lw->ui->out);
        free(line);
    }
    return 0;
}

int line_handoff(struct line_ui *ui, struct handoff *h, const struct handoff_io *io,
                 const char *note, struct error *e)
{
    struct line_wait lw = { .ui = ui, .h = h, .io = io, .have_input = true };
    time_t last = time(NULL);

    print_instructions(ui, h, note);
    countdown(ui, h);
    while (h->state == HANDOFF_WAITING) {
        enum handoff_action act;

        if (wait_once(&lw, &act, e) < 0)
            return -1;
        if (act == HANDOFF_CHECK_NOW)
            io->check_now(io->ctx);
        feed(h, HANDOFF_TICK, NULL);
        if (h->state == HANDOFF_WAITING && !lw.confirming &&
            time(NULL) - last >= LINE_COUNTDOWN_EVERY) {
            countdown(ui, h);
            last = time(NULL);
        }
    }
    return 0;
}
