/* The hand-off state machine: countdown, loopback status, STS readiness, Enter,
 * cancel, and the view it describes. */
#include "config.h"

#include <stdio.h>

#include <locale.h>
#include <string.h>

#include "tests/tap.h"
#include "wizard/handoff.h"

#define URL "https://selvbetjening.test.nhn.no/ekstern/klientsystem/bekreft?id=c0ffee&redirect=http%3A%2F%2F127.0.0.1%3A49152%2Fcallback"

static enum handoff_action ev(struct handoff *h, enum handoff_event_kind k, time_t now,
                              const char *status)
{
    struct handoff_event e = { k, now, status };

    return handoff_event(h, &e);
}

int main(void)
{
    struct handoff h;
    struct view v;
    const struct field *f;
    bool ssh_line = false;

    setlocale(LC_ALL, "C.UTF-8");
    ok(handoff_init(&h, URL, 49152, true, 1000, 0) == 0, "init");
    is_int(handoff_seconds_left(&h), 300, "default timeout 300 s");
    is_int(ev(&h, HANDOFF_TICK, 1000, NULL), HANDOFF_NONE, "no redraw within the same second");
    is_int(ev(&h, HANDOFF_TICK, 1001, NULL), HANDOFF_REDRAW, "redraw once a second");
    is_int(handoff_seconds_left(&h), 299, "countdown");
    is_int(ev(&h, HANDOFF_NOT_READY, 0, NULL), HANDOFF_NONE, "not ready yet");
    is_int(h.polls, 1, "polls counted");
    is_int(ev(&h, HANDOFF_ENTER, 0, NULL), HANDOFF_CHECK_NOW, "Enter asks the STS now");
    is_int(ev(&h, HANDOFF_LOOPBACK, 0, "Success"), HANDOFF_CHECK_NOW,
           "a Success redirect alone proves nothing: check the STS");
    is_int(h.state, HANDOFF_WAITING, "still waiting");

    view_init(&v);
    handoff_describe(&h, &v);
    f = view_find_field(&v, "link");
    ok(f && strcmp(f->value, URL) == 0, "the whole link is in the view");
    ok(strstr(v.paragraphs[0], "any machine") != NULL, "the wording: on any machine");
    for (size_t i = 0; i < v.n_paragraphs; i++)
        ssh_line |= strstr(v.paragraphs[i], "ssh -L 49152:127.0.0.1:49152") != NULL;
    ok(ssh_line, "the ssh -L line over SSH");
    ok(strstr(v.paragraphs[1], "299 seconds left") != NULL, "countdown text: %s", v.paragraphs[1]);
    ok(view_find_field(&v, "paste") != NULL, "paste-back field");
    view_clear(&v);

    is_int(ev(&h, HANDOFF_READY, 0, NULL), HANDOFF_FINISHED, "token issued: finished");
    is_int(h.state, HANDOFF_CONFIRMED, "confirmed");
    is_int(ev(&h, HANDOFF_CANCEL, 0, NULL), HANDOFF_NONE, "final states ignore late events");

    handoff_init(&h, URL, 49152, false, 1000, 10);
    is_int(ev(&h, HANDOFF_LOOPBACK, 0, "Cancelled"), HANDOFF_FINISHED, "another status ends the wait");
    is_int(h.state, HANDOFF_REJECTED, "rejected");
    is_str(h.status, "Cancelled", "the status is kept for the message");

    handoff_init(&h, URL, 49152, false, 1000, 10);
    is_int(ev(&h, HANDOFF_TICK, 1010, NULL), HANDOFF_FINISHED, "deadline reached");
    is_int(h.state, HANDOFF_TIMED_OUT, "timed out");
    view_init(&v);
    handoff_describe(&h, &v);
    ok(v.n_paragraphs == 1 && strstr(v.paragraphs[0], "pending"), "timed out: the draft stays pending");
    view_clear(&v);

    handoff_init(&h, URL, 49152, false, 1000, 10);
    is_int(ev(&h, HANDOFF_CANCEL, 0, NULL), HANDOFF_FINISHED, "Esc cancels");
    is_int(h.state, HANDOFF_CANCELLED, "cancelled");
    view_init(&v);
    handoff_describe(&h, &v);
    ok(view_find_field(&v, "link") == NULL, "no link after the end");
    view_clear(&v);
    ok(handoff_init(&h, NULL, 1, false, 0, 0) < 0, "no URL refused");
    {
        /* The demo: the link is on this machine's loopback too (the simulator's port),
         * so the ssh -L line forwards that port as well as the redirect's. */
        struct handoff d;
        char line[400];

        handoff_init(&d, "https://127.0.0.1:35905/selvbetjening/web/confirm-client/x", 47190,
                     true, 1000, 0);
        snprintf(d.ssh_line, sizeof(d.ssh_line), "ssh -L 47190:127.0.0.1:47190 drift@10.1.2.3");
        handoff_ssh_line(&d, line, sizeof(line));
        is_str(line, "ssh -L 35905:127.0.0.1:35905 -L 47190:127.0.0.1:47190 drift@10.1.2.3",
               "demo over SSH: the link's port is forwarded too");
        handoff_init(&d, "https://selvbetjening.test.nhn.no/x", 47190, true, 1000, 0);
        snprintf(d.ssh_line, sizeof(d.ssh_line), "ssh -L 47190:127.0.0.1:47190 drift@10.1.2.3");
        handoff_ssh_line(&d, line, sizeof(line));
        is_str(line, "ssh -L 47190:127.0.0.1:47190 drift@10.1.2.3", "a public link: the redirect's port alone");
    }
    return done_testing();
}
