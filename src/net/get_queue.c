/* GETs behind one fd, answers kept by URL (see get_queue.h). The epoll set holds
 * curl's sockets and a timerfd armed for curl's next deadline, so one readable fd
 * covers every transfer; the sockets are re-registered after each step because curl
 * opens and closes them as it goes. */
#include "config.h"
#include "net/get_queue.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/strv.h"

#define MAX_FDS 32

struct entry {
    char *url;
    struct strv hdrs;
    struct http_request req;
    struct get_answer a;
    bool done;
};

struct get_queue {
    struct http_multi *m;
    size_t max_body;
    bool blocking;
    struct entry **v;
    size_t n;
    int epfd, tfd;
    int reg[MAX_FDS];
    size_t n_reg;
};

static struct get_answer failed_answer(void)
{
    static struct get_answer oom;

    oom.rc = -1;
    error_nomem(&oom.err);
    return oom;
}

int get_queue_new(struct get_queue **out, struct http_client *c, size_t max_body,
                  struct error *e)
{
    struct get_queue *q = calloc(1, sizeof *q);

    *out = NULL;
    if (!q)
        return error_nomem(e);
    q->max_body = max_body;
    q->epfd = epoll_create1(EPOLL_CLOEXEC);
    q->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (q->epfd >= 0 && q->tfd >= 0) {
        struct epoll_event ev = { .events = EPOLLIN, .data.fd = q->tfd };

        if (epoll_ctl(q->epfd, EPOLL_CTL_ADD, q->tfd, &ev) < 0) {
            close(q->epfd);
            q->epfd = -1;
        }
    }
    if (q->epfd < 0)
        q->blocking = true;     /* no fd to offer: answer at once instead */
    if (http_multi_new(&q->m, c, e) < 0) {
        get_queue_free(q);
        return -1;
    }
    *out = q;
    return 0;
}

void get_queue_free(struct get_queue *q)
{
    if (!q)
        return;
    http_multi_free(q->m);      /* cancels transfers before their buffers go */
    for (size_t i = 0; i < q->n; i++) {
        free(q->v[i]->url);
        strv_clear(&q->v[i]->hdrs);
        http_response_clear(&q->v[i]->a.res);
        free(q->v[i]);
    }
    free(q->v);
    if (q->epfd >= 0)
        close(q->epfd);
    if (q->tfd >= 0)
        close(q->tfd);
    free(q);
}

void get_queue_set_blocking(struct get_queue *q, bool blocking)
{
    q->blocking = blocking || q->epfd < 0;
}

int get_queue_fd(const struct get_queue *q)
{
    return q->blocking ? -1 : q->epfd;
}

size_t get_queue_pending(const struct get_queue *q)
{
    size_t n = 0;

    for (size_t i = 0; i < q->n; i++)
        n += !q->v[i]->done;
    return n;
}

/* Register curl's current sockets and arm the timer for its next deadline. */
static void rearm(struct get_queue *q)
{
    struct pollfd fds[MAX_FDS];
    struct itimerspec its = { 0 };
    size_t n = 0;
    int t;

    if (q->epfd < 0)
        return;
    for (size_t i = 0; i < q->n_reg; i++)
        epoll_ctl(q->epfd, EPOLL_CTL_DEL, q->reg[i], NULL);    /* closed ones are gone */
    q->n_reg = 0;
    t = http_multi_pollfds(q->m, fds, MAX_FDS, &n);
    for (size_t i = 0; i < n; i++) {
        struct epoll_event ev = { .data.fd = fds[i].fd };

        ev.events = (fds[i].events & POLLIN ? EPOLLIN : 0u) |
                    (fds[i].events & POLLOUT ? EPOLLOUT : 0u);
        if (fds[i].fd >= 0 && epoll_ctl(q->epfd, EPOLL_CTL_ADD, fds[i].fd, &ev) == 0)
            q->reg[q->n_reg++] = fds[i].fd;
    }
    if (get_queue_pending(q) == 0)
        t = -1;                 /* idle: curl's connection-cache timers can wait */
    else if (t < 0 && n == 0)
        t = 10;                 /* nothing to wait on yet: let curl make progress */
    if (t >= 0) {
        long long ns = t > 0 ? (long long)t * 1000000LL : 1;   /* 0 would disarm */

        its.it_value.tv_sec = (time_t)(ns / 1000000000LL);
        its.it_value.tv_nsec = (long)(ns % 1000000000LL);
    }
    timerfd_settime(q->tfd, 0, &its, NULL);
}

static void on_done(void *ud, const struct http_request *req, struct http_response *res,
                    int rc, const struct error *e)
{
    struct entry *x = ud;

    (void)req;
    (void)res;
    x->done = true;
    x->a.rc = rc;
    if (rc < 0 && e)
        x->a.err = *e;
}

static struct entry *start(struct get_queue *q, const char *url)
{
    struct entry *x = calloc(1, sizeof *x), **grown;
    struct error e = { 0 };

    if (!x)
        return NULL;
    x->hdrs = (struct strv)STRV_INIT;
    http_response_init(&x->a.res);
    if (!(x->url = strdup(url)) || strv_push(&x->hdrs, "Accept: application/json") < 0 ||
        !(grown = realloc(q->v, (q->n + 1) * sizeof *q->v))) {
        free(x->url);
        strv_clear(&x->hdrs);
        free(x);
        return NULL;
    }
    q->v = grown;
    q->v[q->n++] = x;
    x->req = (struct http_request){ .method = HTTP_GET, .url = x->url, .headers = &x->hdrs,
                                    .max_body = q->max_body };
    if (http_multi_add(q->m, &x->req, &x->a.res, on_done, x, &e) < 0) {
        x->done = true;
        x->a.rc = -1;
        x->a.err = e;
    }
    return x;
}

const struct get_answer *get_queue_get(struct get_queue *q, const char *url)
{
    static struct get_answer oom;
    struct entry *x = NULL;

    for (size_t i = 0; i < q->n && !x; i++)
        if (strcmp(q->v[i]->url, url) == 0)
            x = q->v[i];
    if (!x && !(x = start(q, url))) {
        oom = failed_answer();
        return &oom;
    }
    if (!x->done && q->blocking) {
        struct error e = { 0 };

        if (http_multi_run(q->m, &e) < 0 && !x->done) {
            x->done = true;
            x->a.rc = -1;
            x->a.err = e;
        }
    }
    if (!q->blocking)
        rearm(q);
    return x->done ? &x->a : NULL;
}

bool get_queue_step(struct get_queue *q)
{
    struct pollfd fds[MAX_FDS];
    size_t n = 0, before = get_queue_pending(q);
    uint64_t ticks;
    struct error e = { 0 };

    if (read(q->tfd, &ticks, sizeof ticks) < 0 && errno != EAGAIN)
        ticks = 0;
    http_multi_pollfds(q->m, fds, MAX_FDS, &n);
    if (poll(fds, n, 0) < 0)
        n = 0;
    http_multi_step(q->m, fds, n, &e);
    rearm(q);
    return get_queue_pending(q) < before;
}
