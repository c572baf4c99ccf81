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

int line_handoff(struct line_ui *ui, struct handoff *h, const struct handoff_io *io,
                 const char *note, struct error *e)
{
    bool have_input = true, confirming = false;
    char shown[sizeof(h->note)] = "";
    time_t last = time(NULL);

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
    countdown(ui, h);
    while (h->state == HANDOFF_WAITING) {
        struct pollfd p[2] = { { .fd = have_input ? fileno(ui->in) : -1, .events = POLLIN },
                               { .fd = io->fd, .events = POLLIN } };
        enum handoff_action act = HANDOFF_NONE;

        if (poll(p, 2, 1000) < 0 && errno != EINTR)
            return error_set(e, ERR_IO, _("cannot wait for the confirmation: %s"), strerror(errno));
        if (interrupt_signal())
            return interrupt_error(e);
        if (p[1].revents & POLLIN)
            act = io->on_readable(io->ctx, h);
        if (h->note[0] && strcmp(h->note, shown) != 0) {
            /* What happened with the browser (tried after the link is out), and news
             * from the loopback. */
            fprintf(ui->out, "%s\n", h->note);
            fflush(ui->out);
            memcpy(shown, h->note, sizeof(shown));
        }
        if (h->state == HANDOFF_WAITING && (p[0].revents & (POLLIN | POLLHUP))) {
            char *line = read_line(ui->in);

            if (!line) {
                have_input = false;     /* scripts: keep waiting on the network alone */
            } else if (confirming) {
                confirming = false;
                if (line[0] == 'y' || line[0] == 'Y' || line[0] == 'j' || line[0] == 'J')
                    act = feed(h, HANDOFF_CANCEL, NULL);
                else
                    countdown(ui, h);
            } else if (strcmp(line, "q") == 0 || strcmp(line, "Q") == 0) {
                fprintf(ui->out, "%s ", _("Cancel? The draft stays pending and the next start "
                                          "resumes it. [y/N]"));
                fflush(ui->out);
                confirming = true;
            } else if (line[0]) {
                char status[64];
                struct error pe;

                if (io->paste(io->ctx, line, status, sizeof(status), &pe) < 0) {
                    fprintf(ui->out, "%s\n", pe.msg);
                } else {
                    act = feed(h, HANDOFF_LOOPBACK, status);
                    if (act == HANDOFF_CHECK_NOW)
                        fprintf(ui->out, "%s\n", _("Checking with HelseID..."));
                }
            } else {
                act = feed(h, HANDOFF_ENTER, NULL);
                fprintf(ui->out, "%s\n", _("Checking with HelseID..."));
            }
            fflush(ui->out);
            free(line);
        }
        if (act == HANDOFF_CHECK_NOW)
            io->check_now(io->ctx);
        feed(h, HANDOFF_TICK, NULL);
        if (h->state == HANDOFF_WAITING && !confirming && time(NULL) - last >= LINE_COUNTDOWN_EVERY) {
            countdown(ui, h);
            last = time(NULL);
        }
    }
    return 0;
}
