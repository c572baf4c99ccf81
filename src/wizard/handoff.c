#include "config.h"
#include "wizard/handoff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strv.h"

int handoff_init(struct handoff *h, const char *url, int port, bool over_ssh, time_t now,
                 int timeout)
{
    memset(h, 0, sizeof(*h));
    if (!url || strlen(url) >= sizeof(h->url))
        return -1;
    snprintf(h->url, sizeof(h->url), "%s", url);
    h->port = port;
    h->over_ssh = over_ssh;
    h->start = h->now = now;
    h->deadline = now + (timeout > 0 ? timeout : HANDOFF_DEFAULT_TIMEOUT);
    h->state = HANDOFF_WAITING;
    return 0;
}

int handoff_seconds_left(const struct handoff *h)
{
    return h->now >= h->deadline ? 0 : (int)(h->deadline - h->now);
}

enum handoff_action handoff_event(struct handoff *h, const struct handoff_event *ev)
{
    if (h->state != HANDOFF_WAITING)
        return HANDOFF_NONE;        /* final states ignore late events */
    switch (ev->kind) {
    case HANDOFF_TICK:
        if (ev->now <= h->now)
            return HANDOFF_NONE;    /* at most one update per second */
        h->now = ev->now;
        if (h->now >= h->deadline) {
            h->state = HANDOFF_TIMED_OUT;
            return HANDOFF_FINISHED;
        }
        return HANDOFF_REDRAW;
    case HANDOFF_LOOPBACK:
        /* Success alone proves nothing: the STS decides. Anything else ends the wait. */
        if (ev->status && strcmp(ev->status, "Success") == 0)
            return HANDOFF_CHECK_NOW;
        snprintf(h->status, sizeof(h->status), "%s", ev->status ? ev->status : "");
        h->state = HANDOFF_REJECTED;
        return HANDOFF_FINISHED;
    case HANDOFF_READY:
        h->state = HANDOFF_CONFIRMED;
        return HANDOFF_FINISHED;
    case HANDOFF_NOT_READY:
        h->polls++;
        return HANDOFF_NONE;
    case HANDOFF_ENTER:
        return HANDOFF_CHECK_NOW;
    case HANDOFF_CANCEL:
        h->state = HANDOFF_CANCELLED;
        return HANDOFF_FINISHED;
    }
    return HANDOFF_NONE;
}

/* The port of a link to 127.0.0.1 or localhost, or 0. */
static int loopback_link_port(const char *url)
{
    static const char *const prefixes[] = { "https://127.0.0.1:", "http://127.0.0.1:",
                                            "https://localhost:", "http://localhost:" };

    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        size_t len = strlen(prefixes[i]);

        if (strncmp(url, prefixes[i], len) == 0) {
            int port = atoi(url + len);

            return port > 0 && port < 65536 ? port : 0;
        }
    }
    return 0;
}

void handoff_ssh_line(const struct handoff *h, char *buf, size_t n)
{
    int link = loopback_link_port(h->url);
    const char *rest = h->ssh_line;

    if (n)
        buf[0] = '\0';
    if (!h->over_ssh || !h->ssh_line[0])
        return;
    if (!link || link == h->port || strncmp(rest, "ssh ", 4) != 0) {
        snprintf(buf, n, "%s", h->ssh_line);
        return;
    }
    snprintf(buf, n, "ssh -L %d:127.0.0.1:%d %s", link, link, rest + 4);
}

void handoff_describe(const struct handoff *h, struct view *v)
{
    struct field *f;
    int left = handoff_seconds_left(h);

    switch (h->state) {
    case HANDOFF_WAITING:
        view_add_paragraph(v, "%s", _("Open this link in a browser, on any machine"));
        f = view_add_field(v, FIELD_TEXT, "link", _("Link"));
        if (f)
            f->value = str_dup_or_null(h->url);
        /* TRANSLATORS: the countdown while waiting for the confirmation. */
        view_add_paragraph(v, P_("Waiting for the confirmation: %d second left",
                                 "Waiting for the confirmation: %d seconds left", left), left);
        if (h->over_ssh)
            view_add_paragraph(v, _("On your own PC, this forwards the browser's redirect: "
                                    "ssh -L %d:127.0.0.1:%d this-host"), h->port, h->port);
        view_add_paragraph(v, "%s", _("If the browser ends on a page that cannot be reached, "
                                      "paste its address here, or press Enter when you have "
                                      "confirmed."));
        view_add_field(v, FIELD_TEXT, "paste", _("Address from the browser"));
        break;
    case HANDOFF_CONFIRMED:
        /* Whether it works, and whether to restart the journal system, depends on what
         * HelseID has approved: the final lines say (session/readiness_report.h). */
        view_add_paragraph(v, "%s", _("HelseID confirmed the configuration and issues tokens for "
                                      "the client; checking what it has approved."));
        break;
    case HANDOFF_REJECTED:
        view_add_paragraph(v, _("The self-service portal answered '%s': the configuration "
                                "was not confirmed"), h->status);
        break;
    case HANDOFF_TIMED_OUT:
        view_add_paragraph(v, "%s", _("No confirmation arrived in time. The draft is kept as "
                                      "pending; start the wizard again to resume."));
        break;
    case HANDOFF_CANCELLED:
        view_add_paragraph(v, "%s", _("Cancelled. The draft is kept as pending; start the "
                                      "wizard again to resume."));
        break;
    }
}
