/* The loopback listener: 127.0.0.1 only, non-blocking, driven by poll (see loopback.h).
 * Hand-written rather than libmicrohttpd: it accepts one request shape (a GET line and a
 * Host header), is a few hundred lines with hard caps, runs inside the caller's poll()
 * loop without threads, and keeps libmicrohttpd out of the program (only the simulator
 * links it). */
#include "config.h"
#include "net/loopback.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "core/i18n.h"

struct conn {
    int fd;
    int64_t deadline;
    size_t len;
    char buf[LOOPBACK_MAX_REQUEST];
};

struct loopback {
    int fd;
    int port;
    enum loopback_kind kind;
    char path[128];
    char secret[LOOPBACK_SECRET_LEN + 1];
    char *state;
    struct conn conns[LOOPBACK_MAX_CONNS];
};

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

size_t loopback_port_candidates(int flag_port, int out[LOOPBACK_NPORTS])
{
    static const int ports[LOOPBACK_NPORTS] = LOOPBACK_PORTS;

    if (flag_port > 0) {
        out[0] = flag_port;
        return 1;
    }
    memcpy(out, ports, sizeof ports);
    return LOOPBACK_NPORTS;
}

static int bind_loopback(int port, int *out_fd, int *err)
{
    struct sockaddr_in sa = { 0 };
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        *err = errno;
        return -1;
    }
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);    /* never INADDR_ANY */
    /* SO_REUSEADDR so our own last run's TIME_WAIT connections do not make the port
     * look busy; on Linux a port another socket listens on still fails with EADDRINUSE. */
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){ 1 }, sizeof(int)) < 0 ||
        bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 8) < 0) {
        *err = errno;
        close(fd);
        return -1;
    }
    *out_fd = fd;
    return 0;
}

int loopback_open(struct loopback **out, const struct loopback_expect *x, int flag_port,
                  struct error *e)
{
    int ports[LOOPBACK_NPORTS], fd = -1, err = 0;
    size_t n = loopback_port_candidates(flag_port, ports), i;
    struct loopback *l;

    if (strlen(x->path) >= sizeof l->path || x->path[0] != '/')
        return error_set(e, ERR_INVALID, _("invalid loopback path '%s'"), x->path);
    for (i = 0; i < n; i++)
        if (bind_loopback(ports[i], &fd, &err) == 0)
            break;
        else if (err != EADDRINUSE && err != EACCES)
            return error_set(e, ERR_NET, _("cannot listen on 127.0.0.1:%d: %s"), ports[i], strerror(err));
    if (i == n) {
        if (n == 1 && err == EACCES)
            return error_set(e, ERR_NET, _("port %d on 127.0.0.1 needs administrator rights: choose a port above 1023 with --port"), ports[0]);
        if (n == 1)
            return error_set(e, ERR_NET, _("port %d on 127.0.0.1 is in use: choose another with --port"), ports[0]);
        /* TRANSLATORS: the three loopback ports. */
        return error_set(e, ERR_NET, _("ports %d, %d and %d on 127.0.0.1 are all in use: close the program using them or choose a free port with --port"),
                         ports[0], ports[1], ports[2]);
    }
    l = calloc(1, sizeof *l);
    if (!l) {
        close(fd);
        return error_nomem(e);
    }
    l->fd = fd;
    l->port = ports[i];
    l->kind = x->kind;
    snprintf(l->path, sizeof l->path, "%s", x->path);
    memcpy(l->secret, x->secret, sizeof l->secret);
    if (x->state && !(l->state = strdup(x->state))) {
        loopback_free(l);
        return error_nomem(e);
    }
    for (size_t k = 0; k < LOOPBACK_MAX_CONNS; k++)
        l->conns[k].fd = -1;
    *out = l;
    return 0;
}

static void conn_close(struct conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    c->len = 0;
}

void loopback_free(struct loopback *l)
{
    if (!l)
        return;
    for (size_t k = 0; k < LOOPBACK_MAX_CONNS; k++)
        conn_close(&l->conns[k]);
    if (l->fd >= 0)
        close(l->fd);
    free(l->state);
    OPENSSL_cleanse(l->secret, sizeof l->secret);
    free(l);
}

int loopback_port(const struct loopback *l)
{
    return l->port;
}

int loopback_redirect_uri(const struct loopback *l, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "http://127.0.0.1:%d%s%s%s", l->port, l->path,
                     l->secret[0] ? "/" : "", l->secret);

    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int loopback_pollfds(struct loopback *l, struct pollfd *fds, size_t cap, size_t *n)
{
    int64_t now = now_ms(), due = -1;
    size_t k = 0;

    if (cap > 0) {
        fds[k].fd = l->fd;
        fds[k].events = POLLIN;
        fds[k].revents = 0;
        k++;
    }
    for (size_t i = 0; i < LOOPBACK_MAX_CONNS; i++) {
        struct conn *c = &l->conns[i];
        if (c->fd < 0)
            continue;
        if (due < 0 || c->deadline < due)
            due = c->deadline;
        if (k < cap) {
            fds[k].fd = c->fd;
            fds[k].events = POLLIN;
            fds[k].revents = 0;
            k++;
        }
    }
    *n = k;
    if (due < 0)
        return -1;
    return due <= now ? 0 : (int)(due - now);
}

static void html_escape(const char *s, char *out, size_t cap)
{
    size_t o = 0;

    for (; *s && o + 7 < cap; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '&': rep = "&amp;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        }
        if (rep) {
            size_t rl = strlen(rep);
            memcpy(out + o, rep, rl);
            o += rl;
        } else {
            out[o++] = *s;
        }
    }
    out[o] = '\0';
}

static void respond(int fd, enum loopback_http code, const struct loopback *l,
                    const struct loopback_result *r)
{
    char body[2048], head[512], esc[800];
    const char *reason, *title, *text;
    int blen, hlen;

    switch (code) {
    case LOOPBACK_HTTP_OK: reason = "OK"; break;
    case LOOPBACK_HTTP_NOT_FOUND: reason = "Not Found"; break;
    case LOOPBACK_HTTP_BAD_METHOD: reason = "Method Not Allowed"; break;
    case LOOPBACK_HTTP_TOO_LARGE: reason = "Request Header Fields Too Large"; break;
    default: reason = "Bad Request"; break;
    }
    if (code == LOOPBACK_HTTP_OK && r->outcome == LOOPBACK_SUCCESS) {
        title = l->kind == LOOPBACK_CONFIRM ? _("Configuration confirmed") : _("Login complete");
        esc[0] = '\0';
    } else if (code == LOOPBACK_HTTP_OK) {
        title = l->kind == LOOPBACK_CONFIRM ? _("Confirmation failed") : _("Login failed");
        html_escape(l->kind == LOOPBACK_CONFIRM ? (r->status[0] ? r->status : _("(no status)")) : r->error,
                    esc, sizeof esc);
    } else {
        title = reason;
        esc[0] = '\0';
    }
    text = code == LOOPBACK_HTTP_OK ? _("You can close this window and return to helseid-admin")
                                    : _("This address only receives the answer from HelseID");
    blen = snprintf(body, sizeof body,
                    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title></head>"
                    "<body><h1>%s</h1>%s%s%s<p>%s</p></body></html>\n",
                    title, title, esc[0] ? "<p><code>" : "", esc, esc[0] ? "</code></p>" : "", text);
    if (blen < 0 || (size_t)blen >= sizeof body)
        blen = (int)strlen(body);
    hlen = snprintf(head, sizeof head,
                    "HTTP/1.1 %d %s\r\nContent-Type: text/html; charset=utf-8\r\n"
                    "Content-Length: %d\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n"
                    "Content-Security-Policy: default-src 'none'\r\n%sConnection: close\r\n\r\n",
                    (int)code, reason, blen, code == LOOPBACK_HTTP_BAD_METHOD ? "Allow: GET\r\n" : "");
    /* Small answers on a fresh loopback socket: one send each; a client that does not
     * read gets a truncated page, which costs us nothing. */
    if (hlen > 0 && send(fd, head, (size_t)hlen, MSG_NOSIGNAL | MSG_DONTWAIT) == hlen)
        (void)send(fd, body, (size_t)blen, MSG_NOSIGNAL | MSG_DONTWAIT);
}

static void accept_all(struct loopback *l)
{
    for (;;) {
        int fd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        size_t i;

        if (fd < 0)
            return;
        for (i = 0; i < LOOPBACK_MAX_CONNS && l->conns[i].fd >= 0; i++)
            ;
        if (i == LOOPBACK_MAX_CONNS) {
            close(fd);          /* full: the browser retries */
            continue;
        }
        l->conns[i].fd = fd;
        l->conns[i].len = 0;
        l->conns[i].deadline = now_ms() + LOOPBACK_CONN_TIMEOUT_MS;
    }
}

/* Read what is there; 1 = decisive answer in r, 0 = not (yet). */
static int serve(struct loopback *l, struct conn *c, struct loopback_result *r)
{
    struct loopback_expect x = { l->kind, l->port, l->path, l->state, "" };
    enum loopback_http code;
    ssize_t got;

    memcpy(x.secret, l->secret, sizeof x.secret);

    for (;;) {
        if (c->len == sizeof c->buf) {
            respond(c->fd, LOOPBACK_HTTP_TOO_LARGE, l, r);
            conn_close(c);
            return 0;
        }
        got = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            break;
        if (got <= 0) {
            conn_close(c);
            return 0;
        }
        c->len += (size_t)got;
    }
    code = loopback_parse_request(&x, c->buf, c->len, r);
    if (code == LOOPBACK_HTTP_INCOMPLETE)
        return 0;
    respond(c->fd, code, l, r);
    conn_close(c);
    if (code == LOOPBACK_HTTP_OK)
        return 1;
    loopback_result_clear(r);
    return 0;
}

int loopback_step(struct loopback *l, const struct pollfd *fds, size_t n,
                  struct loopback_result *r, struct error *e)
{
    int64_t now;

    loopback_result_init(r);
    for (size_t i = 0; fds && i < n; i++) {
        if (!fds[i].revents)
            continue;
        if (fds[i].fd == l->fd) {
            accept_all(l);
            continue;
        }
        for (size_t k = 0; k < LOOPBACK_MAX_CONNS; k++)
            if (l->conns[k].fd >= 0 && l->conns[k].fd == fds[i].fd && serve(l, &l->conns[k], r) == 1)
                return 1;
    }
    now = now_ms();
    for (size_t k = 0; k < LOOPBACK_MAX_CONNS; k++) {
        struct conn *c = &l->conns[k];
        if (c->fd >= 0 && c->deadline <= now) {
            /* Slow or silent client: answer if it sent a line, then drop it. */
            if (c->len)
                respond(c->fd, LOOPBACK_HTTP_BAD_REQUEST, l, r);
            conn_close(c);
        }
    }
    return 0;
}

int loopback_wait(struct loopback *l, int timeout_ms, struct loopback_result *r, struct error *e)
{
    struct pollfd fds[LOOPBACK_MAX_CONNS + 1];
    int64_t end = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    size_t n;
    int t, rc;

    loopback_result_init(r);
    for (;;) {
        int64_t left = end < 0 ? -1 : end - now_ms();
        if (end >= 0 && left <= 0)
            return 0;
        t = loopback_pollfds(l, fds, sizeof fds / sizeof fds[0], &n);
        if (left >= 0 && (t < 0 || t > left))
            t = (int)left;
        if (poll(fds, n, t) < 0 && errno != EINTR)
            return error_set(e, ERR_NET, _("poll failed: %s"), strerror(errno));
        rc = loopback_step(l, fds, n, r, e);
        if (rc != 0)
            return rc;
    }
}
