/* The libmicrohttpd request handler: body collection, fault injection, routing by
 * path prefix to the simulated services, and turning a sim_reply into a response. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/router.h"
#include "sim/sim.h"

struct upload {
    char *data;
    size_t len;
    bool too_big;
};

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static void dispatch(struct sim *sim, struct sim_request *req, struct sim_reply *r)
{
    static const struct {
        const char *prefix;
        void (*handle)(struct sim *, const struct sim_request *, struct sim_reply *);
    } roots[] = {
        { "/sts/connect/authorize", sts_authorize_handle },
        { "/sts", sts_handle },
        { "/selvbetjening/api", sb_api_handle },
        { "/selvbetjening/web", sb_web_handle },
        { "/brreg/enhetsregisteret/api", brreg_handle },
        { "/admin", admin_handle },
    };
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
        size_t n = strlen(roots[i].prefix);
        if (strncmp(req->path, roots[i].prefix, n) == 0 &&
            (req->path[n] == '\0' || req->path[n] == '/')) {
            /* Plain HTTP carries the portal's pages for a person's browser only; the
             * APIs stay on TLS. */
            if (req->plain && roots[i].handle != sb_web_handle)
                break;
            /* The authorize handler sees its own prefix too. */
            req->sub = roots[i].handle == sts_authorize_handle ? req->path + 4 : req->path + n;
            roots[i].handle(sim, req, r);
            return;
        }
    }
    reply_problem(r, 404, "Not Found", "no such path on this simulator");
}

static void apply_fault_body(const struct sim_fault *f, struct sim_reply *r)
{
    if (f->kind == FAULT_STATUS) {
        reply_problem(r, f->status, "Injected fault", "status injected by helseid-sim");
    } else if (f->kind == FAULT_MALFORMED) {
        r->status = 200;
        r->content_type = "application/json";
        r->body = strdup("{\"clientId\": \"3f2c, \"apiScopes\": [{\"scope\": ");
        r->len = r->body ? strlen(r->body) : 0;
    } else if (f->kind == FAULT_HOSTILE) {
        /* What a broken or hostile server might send: ESC sequences (title, clear), a
         * C1 CSI (U+009B), RLO (U+202E) and bytes that are not UTF-8. */
        r->status = 500;
        r->content_type = "text/plain";
        r->body = strdup("boom \x1b]0;pwned\x07\x1b[2J \xc2\x9b" "31m \xe2\x80\xae" "evil \xff\xfe end");
        r->len = r->body ? strlen(r->body) : 0;
    } else if (f->kind == FAULT_OVERSIZED) {
        size_t n = 16u * 1024 * 1024;
        r->status = 200;
        r->content_type = "application/json";
        r->body = malloc(n + 1);
        if (r->body) {
            memset(r->body, ' ', n);
            memcpy(r->body, "{\"padding\":\"", 12);
            memset(r->body + 12, 'x', n - 14);
            memcpy(r->body + n - 2, "\"}", 2);
            r->body[n] = '\0';
            r->len = n;
        }
    }
}

/* A stale nonce as each side reports it: the token endpoint with an OAuth error
 * (RFC 9449 §8), a resource with 401 and WWW-Authenticate (§9); both send a new one. */
static void nonce_fault(struct sim *sim, const char *path, struct sim_reply *r)
{
    static const char why[] = "the DPoP nonce is stale (fault injected by helseid-sim)";
    if (strncmp(path, "/sts/", 5) == 0) {
        r->dpop_nonce = dpop_new_nonce(sim->nonces);
        reply_oauth_error(r, 400, "use_dpop_nonce", why);
    } else {
        r->dpop_nonce = dpop_new_nonce(sim->api_nonces);
        r->www_authenticate = strdup("DPoP error=\"use_dpop_nonce\"");
        reply_problem(r, 401, "Unauthorized", why);
    }
}

static enum MHD_Result queue_reply(struct MHD_Connection *conn, struct sim_reply *r)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;
    if (!r->body) {
        r->body = strdup("");
        r->len = 0;
    }
    if (!r->status)
        r->status = 500;
    resp = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    if (r->content_type)
        MHD_add_response_header(resp, "Content-Type", r->content_type);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (r->location)
        MHD_add_response_header(resp, "Location", r->location);
    if (r->dpop_nonce)
        MHD_add_response_header(resp, "DPoP-Nonce", r->dpop_nonce);
    if (r->set_cookie)
        MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    if (r->www_authenticate)
        MHD_add_response_header(resp, "WWW-Authenticate", r->www_authenticate);
    ret = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result route(struct sim *sim, bool plain, struct MHD_Connection *conn,
                             const char *url, const char *method, const char *upload_data,
                             size_t *upload_size, void **con_cls)
{
    struct upload *up = *con_cls;
    struct sim_request req = { 0 };
    struct sim_reply r = { 0 };
    struct sim_fault fault, *f;
    enum MHD_Result ret;

    if (!up) {
        up = calloc(1, sizeof *up);
        if (!up)
            return MHD_NO;
        *con_cls = up;
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (!up->too_big && up->len + *upload_size <= SIM_BODY_MAX) {
            char *n = realloc(up->data, up->len + *upload_size + 1);
            if (!n)
                return MHD_NO;
            up->data = n;
            memcpy(up->data + up->len, upload_data, *upload_size);
            up->len += *upload_size;
            up->data[up->len] = '\0';
        } else {
            up->too_big = true;
        }
        *upload_size = 0;
        return MHD_YES;
    }

    pthread_mutex_lock(&sim->lock);
    f = fault_take(sim, url, &fault);
    pthread_mutex_unlock(&sim->lock);
    if (f && f->kind == FAULT_RESET)
        return MHD_NO;      /* libmicrohttpd closes the connection */
    if (f && f->kind == FAULT_DELAY) {
        sleep_ms(f->delay_ms);
        f = NULL;
    }
    if (f && f->kind == FAULT_NO_CHILD) {
        pthread_mutex_lock(&sim->lock);
        sim->token_no_child = true;
        pthread_mutex_unlock(&sim->lock);
        f = NULL;
    }
    if (f && f->kind == FAULT_NONCE) {
        pthread_mutex_lock(&sim->lock);
        nonce_fault(sim, url, &r);
        pthread_mutex_unlock(&sim->lock);
    } else if (f) {
        apply_fault_body(f, &r);
    } else if (up->too_big) {
        reply_problem(&r, 413, "Payload Too Large", "request body too large");
    } else {
        req.conn = conn;
        req.plain = plain;
        req.method = method;
        req.path = url;
        req.body = up->data ? up->data : "";
        req.body_len = up->len;
        pthread_mutex_lock(&sim->lock);
        store_expire(sim);
        dispatch(sim, &req, &r);
        sim_dump_state(sim);
        pthread_mutex_unlock(&sim->lock);
    }
    if (r.reset) {
        reply_clear(&r);
        return MHD_NO;
    }
    ret = queue_reply(conn, &r);
    reply_clear(&r);
    return ret;
}

enum MHD_Result sim_router(void *cls, struct MHD_Connection *conn, const char *url,
                           const char *method, const char *version, const char *upload_data,
                           size_t *upload_size, void **con_cls)
{
    (void)version;
    return route(cls, false, conn, url, method, upload_data, upload_size, con_cls);
}

enum MHD_Result sim_router_web(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version,
                               const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    return route(cls, true, conn, url, method, upload_data, upload_size, con_cls);
}

void sim_request_done(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    struct upload *up = *con_cls;
    if (up) {
        if (up->data) {
            OPENSSL_cleanse(up->data, up->len);
            free(up->data);
        }
        free(up);
        *con_cls = NULL;
    }
}
