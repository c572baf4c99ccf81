/* The wait for the confirmation (see wizard_handoff.h). The two signals the frontend
 * waits on, the loopback listener and the STS readiness poll (an async token request
 * on an http_multi), sit behind one epoll fd; a timerfd in the same set wakes it when
 * curl, the listener or the backoff want to run, so the frontend's poll loop needs
 * only that one fd. */
#include "config.h"
#include "session/wizard_handoff_int.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/interrupt.h"
#include "store/journal.h"

int handoff_loopback_open(struct wizard_handoff *hs, struct error *e)
{
    hs->expect.kind = LOOPBACK_CONFIRM;
    hs->expect.path = LOOPBACK_PATH_CONFIRM;
    if (loopback_expect_new_secret(&hs->expect, e) < 0 || loopback_open(&hs->lb, &hs->expect, hs->o.port, e) < 0)
        return -1;
    hs->expect.port = loopback_port(hs->lb);
    return 0;
}

/* A resumed draft: listen on the port and path segment its redirect URI carries, as
 * its journal entry kept them (handoff_send.c), so that a portal answer to the draft
 * (Cancelled, say) is heard. Without them, or with the port taken now, the caller
 * opens a new listener: the STS still tells a confirmed client. */
static void loopback_resume(struct wizard_handoff *hs)
{
    const char *id = hs->site->config->client_id, *s;
    struct journal_entry j;
    struct error e;
    char *end = NULL;
    long port = 0;

    if (journal_read(site_file_path(hs->o.sf), &j, &e) != 1)
        return;
    s = j.loopback_secret;
    if (j.loopback_port)
        port = strtol(j.loopback_port, &end, 10);
    if (j.op == JOURNAL_DRAFT && j.stage == JOURNAL_WAITING && j.client_id && id &&
        strcmp(j.client_id, id) == 0 && end && *end == '\0' && port > 0 && port <= 65535 && s &&
        strlen(s) == LOOPBACK_SECRET_LEN && strspn(s, "0123456789abcdef") == LOOPBACK_SECRET_LEN) {
        hs->expect.kind = LOOPBACK_CONFIRM;
        hs->expect.path = LOOPBACK_PATH_CONFIRM;
        memcpy(hs->expect.secret, s, LOOPBACK_SECRET_LEN + 1);
        if (loopback_open(&hs->lb, &hs->expect, (int)port, &e) == 0)
            hs->expect.port = loopback_port(hs->lb);
        else
            hs->lb = NULL;
    }
    journal_entry_clear(&j);
}

static int start_try(struct wizard_handoff *hs)
{
    struct error e;

    if (hs->in_flight)
        return 0;
    readiness_begin(&hs->rd, readiness_now_ms());     /* the period counts from here */
    if (token_async_start(&hs->ta, &hs->ts, hs->multi, &hs->req, &e) < 0) {
        readiness_record(&hs->rd, readiness_now_ms(), false, &e);
        return -1;
    }
    hs->in_flight = true;
    return 0;
}

/* Register the current fds in the epoll set and arm the timer for the earliest
 * deadline among curl, the listener and the backoff. */
void handoff_wait_rearm(struct wizard_handoff *hs)
{
    struct pollfd fds[MAX_FDS];
    size_t nl = 0, nh = 0;
    int64_t now = readiness_now_ms();
    int t_lb = -1, t_http, t_rd = -1, t = -1;
    struct itimerspec its = { 0 };

    for (size_t i = 0; i < hs->n_reg; i++)
        epoll_ctl(hs->epfd, EPOLL_CTL_DEL, hs->reg[i], NULL);   /* closed fds are gone anyway */
    hs->n_reg = 0;
    if (hs->lb)
        t_lb = loopback_pollfds(hs->lb, fds, MAX_FDS / 2, &nl);
    t_http = http_multi_pollfds(hs->multi, fds + nl, MAX_FDS / 2, &nh);
    if (!hs->in_flight && readiness_state(&hs->rd) == READINESS_WAITING)
        t_rd = readiness_wait_ms(&hs->rd, now);
    for (size_t i = 0; i < nl + nh; i++) {
        struct epoll_event ev = { .data.fd = fds[i].fd };

        ev.events = (fds[i].events & POLLIN ? EPOLLIN : 0u) | (fds[i].events & POLLOUT ? EPOLLOUT : 0u);
        if (fds[i].fd >= 0 && epoll_ctl(hs->epfd, EPOLL_CTL_ADD, fds[i].fd, &ev) == 0)
            hs->reg[hs->n_reg++] = fds[i].fd;
    }
    if (!hs->in_flight)
        t_http = -1;        /* no transfer: curl's idle timers are not ours to wake for */
    if (hs->browser_pid > 0 && (t_rd < 0 || t_rd > 1000))
        t_rd = 1000;        /* a launched browser (xdg-open) is reaped when it ends */
    for (int c = 0; c < 3; c++) {
        int v = c == 0 ? t_lb : c == 1 ? t_http : t_rd;

        if (v >= 0 && (t < 0 || v < t))
            t = v;
    }
    if (t >= 0) {
        long long ns = t > 0 ? (long long)t * 1000000LL : 1;    /* 0 would disarm */

        its.it_value.tv_sec = (time_t)(ns / 1000000000LL);
        its.it_value.tv_nsec = (long)(ns % 1000000000LL);
    }
    timerfd_settime(hs->tfd, 0, &its, NULL);
}

static enum handoff_action feed(struct handoff *h, enum handoff_event_kind k, const char *status)
{
    struct handoff_event ev = { k, time(NULL), status };

    return handoff_event(h, &ev);
}

static void check_now(void *ctx)
{
    struct wizard_handoff *hs = ctx;

    if (!hs->check_from_ms)
        hs->check_from_ms = readiness_now_ms();
    if (hs->in_flight)
        hs->again = true;   /* one more right after the one in flight */
    else
        start_try(hs);
    handoff_wait_rearm(hs);
}

static enum handoff_action on_readable(void *ctx, struct handoff *h)
{
    struct wizard_handoff *hs = ctx;
    struct pollfd fds[MAX_FDS];
    size_t nl = 0, nh = 0;
    enum handoff_action act = HANDOFF_NONE;
    uint64_t ticks;
    struct error e;

    if (read(hs->tfd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
        ticks = 0;
    if (hs->browser_pid > 0 && browser_reap(hs->browser_pid))
        hs->browser_pid = 0;
    if (hs->browser_deferred) {
        hs->browser_deferred = false;
        snprintf(h->note, sizeof(h->note), "%s", wizard_handoff_open_browser(hs));
        act = HANDOFF_REDRAW;
    }
    if (hs->lb)
        loopback_pollfds(hs->lb, fds, MAX_FDS / 2, &nl);
    http_multi_pollfds(hs->multi, fds + nl, MAX_FDS / 2, &nh);
    if (poll(fds, nl + nh, 0) < 0)
        nl = nh = 0;
    if (hs->lb) {
        struct loopback_result r;
        int got;

        loopback_result_init(&r);
        got = loopback_step(hs->lb, fds, nl, &r, &e);
        if (got == 1) {
            bool success = r.outcome == LOOPBACK_SUCCESS;

            act = feed(h, HANDOFF_LOOPBACK, success ? "Success" : r.status);
            if (success)
                snprintf(h->note, sizeof(h->note), "%s",
                         _("The portal says the configuration is confirmed; asking HelseID"));
            loopback_free(hs->lb);      /* one-shot: the answer is in */
            hs->lb = NULL;
            if (act == HANDOFF_CHECK_NOW) {
                check_now(hs);
                act = HANDOFF_REDRAW;
            }
        }
        loopback_result_clear(&r);
    }
    http_multi_step(hs->multi, fds + nl, nh, &e);
    token_async_poll(&hs->ta);
    if (hs->in_flight && token_async_done(&hs->ta)) {
        struct token_answer t;
        int rc;

        token_answer_init(&t);
        rc = token_async_result(&hs->ta, &t, &e);
        token_answer_clear(&t);
        hs->in_flight = false;
        readiness_hold(&hs->rd, hs->ts.retry_after_ms);
        readiness_record(&hs->rd, readiness_now_ms(), rc == 0, &e);
        if (rc == 0) {
            int64_t from = hs->check_from_ms ? hs->check_from_ms : hs->rd.started_ms;

            hs->ready_s = (double)(readiness_now_ms() - from) / 1000.0;
            if (feed(h, HANDOFF_READY, NULL) == HANDOFF_FINISHED)
                act = HANDOFF_FINISHED;
        } else {
            feed(h, HANDOFF_NOT_READY, NULL);
            if (hs->again) {
                hs->again = false;
                start_try(hs);
            }
        }
    }
    if (h->state == HANDOFF_WAITING && !hs->in_flight &&
        readiness_state(&hs->rd) == READINESS_WAITING && readiness_due(&hs->rd, readiness_now_ms()))
        start_try(hs);
    if (h->state != HANDOFF_WAITING)
        act = HANDOFF_FINISHED;
    handoff_wait_rearm(hs);
    return act;
}

static int paste(void *ctx, const char *url, char *status, size_t n, struct error *e)
{
    struct wizard_handoff *hs = ctx;
    struct loopback_result r;
    int rc;

    loopback_result_init(&r);
    rc = loopback_parse_pasted(&hs->expect, url, &r, e);
    if (rc == 0)
        snprintf(status, n, "%s", r.outcome == LOOPBACK_SUCCESS ? "Success" : r.status);
    loopback_result_clear(&r);
    return rc;
}

void wizard_handoff_io(struct wizard_handoff *hs, struct handoff_io *io)
{
    memset(io, 0, sizeof(*io));
    io->ctx = hs;
    io->fd = hs->epfd;
    io->on_readable = on_readable;
    io->check_now = check_now;
    io->paste = paste;
}

int handoff_wait_start(struct wizard_handoff *hs, struct handoff *h, struct error *e)
{
    struct readiness_config rc = { 0 };
    char *url;
    int timeout = hs->o.timeout_s > 0 ? hs->o.timeout_s : HANDOFF_DEFAULT_TIMEOUT;

    if (!hs->lb && hs->kind == WIZARD_HANDOFF_RESUME)
        loopback_resume(hs);
    if (!hs->lb && handoff_loopback_open(hs, e) < 0)
        return -1;
    if (!(url = sb_confirm_url(handoff_portal(hs), hs->site->config->client_id, e)))
        return -1;
    if (handoff_init(h, url, hs->expect.port, hs->benv.ssh_connection || hs->benv.ssh_tty,
                     time(NULL), timeout) < 0) {
        free(url);
        return error_set(e, ERR_INVALID, "%s", _("the confirmation link is too long"));
    }
    free(url);
    if (h->over_ssh && browser_ssh_forward_line(&hs->benv, h->port, h->ssh_line,
                                                sizeof(h->ssh_line)) < 0)
        h->ssh_line[0] = '\0';
    if ((hs->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0 ||
        (hs->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) < 0)
        return error_set(e, ERR_IO, _("cannot wait for the confirmation: %s"), strerror(errno));
    {
        struct epoll_event ev = { .events = EPOLLIN, .data.fd = hs->tfd };

        if (epoll_ctl(hs->epfd, EPOLL_CTL_ADD, hs->tfd, &ev) < 0)
            return error_set(e, ERR_IO, _("cannot wait for the confirmation: %s"), strerror(errno));
    }
    if (http_multi_new(&hs->multi, hs->o.http, e) < 0)
        return -1;
    /* The countdown decides when to give up; the backoff only paces the tries. */
    rc.timeout_ms = (int64_t)timeout * 1000 + 60000;
    hs->req.grant = TOKEN_GRANT_CLIENT_CREDENTIALS;
    hs->req.scope = SB_SELF_SCOPE;
    readiness_start(&hs->rd, &rc, readiness_now_ms());
    start_try(hs);
    handoff_wait_rearm(hs);
    return 0;
}

int wizard_handoff_wait(struct wizard_handoff *hs, struct handoff *h, FILE *progress,
                        struct error *e)
{
    struct handoff_io io;
    time_t last = 0;

    wizard_handoff_io(hs, &io);
    while (h->state == HANDOFF_WAITING) {
        struct pollfd p = { .fd = io.fd, .events = POLLIN };
        time_t now;

        if (poll(&p, 1, 1000) < 0 && errno != EINTR)
            return error_set(e, ERR_IO, _("cannot wait for the confirmation: %s"), strerror(errno));
        if (interrupt_signal())         /* the draft stays pending: the next run resumes it */
            return interrupt_error(e);
        if (p.revents & POLLIN)
            on_readable(hs, h);
        now = time(NULL);
        feed(h, HANDOFF_TICK, NULL);
        if (progress && h->state == HANDOFF_WAITING && now - last >= 10) {
            int left = handoff_seconds_left(h);

            fprintf(progress, P_("Waiting for the confirmation: %d second left\n",
                                 "Waiting for the confirmation: %d seconds left\n", left), left);
            fflush(progress);
            last = now;
        }
    }
    return 0;
}
