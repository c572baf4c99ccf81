/* Step 7, the hand-off (DESIGN.md §2): after the draft is created, wait on two signals
 * at once, the loopback redirect and the STS readiness poll, while the link stays on
 * screen. A pure state machine: the network layer and the frontend feed it events
 * and carry out the actions it returns; it never does I/O itself. */
#ifndef HELSEID_WIZARD_HANDOFF_H
#define HELSEID_WIZARD_HANDOFF_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/error.h"
#include "wizard/view.h"

#define HANDOFF_DEFAULT_TIMEOUT 300

enum handoff_state {
    HANDOFF_WAITING,        /* link shown, countdown running */
    HANDOFF_CONFIRMED,      /* the STS issued a token: confirmed and propagated */
    HANDOFF_REJECTED,       /* the portal redirected with a status other than Success */
    HANDOFF_TIMED_OUT,
    HANDOFF_CANCELLED,      /* Esc + confirmation; the draft stays pending */
};

enum handoff_event_kind {
    HANDOFF_TICK,           /* once a second: .now */
    HANDOFF_LOOPBACK,       /* the redirect arrived (or was pasted back): .status */
    HANDOFF_READY,          /* the STS issued a token */
    HANDOFF_NOT_READY,      /* a readiness poll said "not yet" */
    HANDOFF_ENTER,          /* "Jeg har bekreftet": check now */
    HANDOFF_CANCEL,
};

struct handoff_event {
    enum handoff_event_kind kind;
    time_t now;
    const char *status;     /* HANDOFF_LOOPBACK: "Success", "Cancelled", ... */
};

/* Ordered: a later action outranks an earlier one (the TUI keeps the strongest of a wake). */
enum handoff_action {
    HANDOFF_NONE,
    HANDOFF_REDRAW,         /* the countdown or the state changed */
    HANDOFF_CHECK_NOW,      /* poll the STS now instead of at the next backoff */
    HANDOFF_FINISHED,       /* state is final: save and say what to do next */
};

struct handoff {
    enum handoff_state state;
    char url[4096];         /* the confirmation URL, shown first, always */
    int port;               /* loopback port */
    bool over_ssh;
    time_t start, deadline, now;
    int polls;              /* readiness polls answered "not yet" */
    char status[64];        /* the portal's status when rejected */
    char ssh_line[300];     /* "ssh -L PORT:127.0.0.1:PORT host" over SSH, else "" */
    char note[256];         /* what happened with the browser, or "" */
};

/* What the network side provides while a frontend waits (src/cli/wizard_handoff.h:
 * loopback and STS readiness behind one pollable fd). Shared by the full-screen and
 * the line frontends. */
struct handoff_io {
    void *ctx;
    int fd;     /* readable when there is news for on_readable, or -1 */
    /* Feed what arrived into h (handoff_event); return its action. */
    enum handoff_action (*on_readable)(void *ctx, struct handoff *h);
    /* Poll the STS now (HANDOFF_CHECK_NOW). */
    void (*check_now)(void *ctx);
    /* Parse a pasted localhost URL with the loopback's strict checks: 0 and the status,
     * or -1 with a translated reason in e. */
    int (*paste)(void *ctx, const char *url, char *status, size_t n, struct error *e);
};

/* `timeout` seconds (0 = default). The URL is copied (it is not a secret). */
int handoff_init(struct handoff *h, const char *url, int port, bool over_ssh, time_t now,
                 int timeout);
enum handoff_action handoff_event(struct handoff *h, const struct handoff_event *ev);
int handoff_seconds_left(const struct handoff *h);

/* The `ssh -L` line to print over SSH, or "" when there is none. When the link itself
 * points at this machine's loopback on another port (the demo's simulator), that port
 * is forwarded too, so the link opens on the support person's own PC. */
void handoff_ssh_line(const struct handoff *h, char *buf, size_t n);

/* What the frontend shows: the wording, the link field, the countdown, the paste-back
 * field and, over SSH, the `ssh -L` line. */
void handoff_describe(const struct handoff *h, struct view *v);

#endif
