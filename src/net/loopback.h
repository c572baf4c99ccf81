/* The one-shot loopback redirect listener (DESIGN.md §2, hand-off) and the strict parser
 * it shares with the paste-back of a redirect URL.
 *
 * Listens on 127.0.0.1 only, on a fixed documented port with two fallbacks:
 *   47190, then 47191, then 47192 (LOOPBACK_PORTS); --port N replaces all three.
 * The port is chosen before the client draft is created, since the draft carries the
 * redirect URI http://127.0.0.1:PORT/PATH.
 *
 * Accepts exactly `GET PATH?QUERY HTTP/1.x` with Host 127.0.0.1:PORT or localhost:PORT;
 * with a secret (loopback_expect_new_secret) PATH is path "/" secret, so another local
 * user cannot end a hand-off by guessing the address (DESIGN.md §5, Trust):
 *  - LOOPBACK_CONFIRM (Selvbetjening's postClientConfirmationRedirectUri): `status=Success`
 *    confirms; any other or missing status is a failure, kept verbatim (sanitised);
 *  - LOOPBACK_LOGIN (authorization code): `code` + `state`, state compared in constant
 *    time; `error`/`error_description` is a failure.
 * Everything else is answered 400/404/405/431 and ignored; each connection has its own
 * deadline (slowloris) and a request size cap. Pollable: see loopback_pollfds/step. */
#ifndef HELSEID_LOOPBACK_H
#define HELSEID_LOOPBACK_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

#define LOOPBACK_PORT_DEFAULT 47190
#define LOOPBACK_PORTS { 47190, 47191, 47192 }
#define LOOPBACK_NPORTS 3
#define LOOPBACK_PATH_CONFIRM "/helseid-admin/confirmed"
#define LOOPBACK_PATH_LOGIN "/helseid-admin/login"
#define LOOPBACK_MAX_REQUEST 8192       /* request line + headers */
#define LOOPBACK_MAX_QUERY 4096
#define LOOPBACK_MAX_CONNS 8
#define LOOPBACK_CONN_TIMEOUT_MS 5000
#define LOOPBACK_SECRET_LEN 32          /* hex digits: 128 bits from the CSPRNG */

enum loopback_kind { LOOPBACK_CONFIRM, LOOPBACK_LOGIN };

enum loopback_outcome {
    LOOPBACK_WAITING,       /* nothing valid yet */
    LOOPBACK_SUCCESS,       /* status=Success, or code with the right state */
    LOOPBACK_FAILED,        /* another status, or error=... (see result.status/error) */
};

struct loopback_expect {
    enum loopback_kind kind;
    int port;
    const char *path;       /* e.g. LOOPBACK_PATH_CONFIRM */
    const char *state;      /* LOOPBACK_LOGIN: the state sent; secret-ish */
    char secret[LOOPBACK_SECRET_LEN + 1];   /* "" = none; else the last path segment */
};

/* A fresh secret path segment for x (one per hand-off); -1 if the CSPRNG fails. */
int loopback_expect_new_secret(struct loopback_expect *x, struct error *e);

struct loopback_result {
    enum loopback_outcome outcome;
    char status[129];       /* CONFIRM: the status value (sanitised), "" if absent */
    char error[260];        /* LOGIN failure: "error: description" (sanitised) */
    char *code;             /* LOGIN success: the authorization code (wiped on clear) */
    char *iss;              /* LOGIN: iss parameter if present (RFC 9207) */
};

void loopback_result_init(struct loopback_result *r);
void loopback_result_clear(struct loopback_result *r);

/* ---- pure parsers (fuzzed: tests/fuzz/fuzz-redirect.c) ---- */

/* Check a request target "/path?query" against x. 0 = a decisive answer in r
 * (SUCCESS or FAILED); -1 = not ours / malformed / wrong state (e says why). */
int loopback_parse_target(const struct loopback_expect *x, const char *target, size_t len,
                          struct loopback_result *r, struct error *e);
/* The URL the user pasted from the browser's address bar:
 * http://127.0.0.1:PORT/path?query or http://localhost:PORT/path?query. */
int loopback_parse_pasted(const struct loopback_expect *x, const char *url,
                          struct loopback_result *r, struct error *e);

/* The HTTP status the listener answers a raw request with (200 when r was filled). */
enum loopback_http {
    LOOPBACK_HTTP_INCOMPLETE = 0,   /* need more bytes */
    LOOPBACK_HTTP_OK = 200,
    LOOPBACK_HTTP_BAD_REQUEST = 400,
    LOOPBACK_HTTP_NOT_FOUND = 404,
    LOOPBACK_HTTP_BAD_METHOD = 405,
    LOOPBACK_HTTP_TOO_LARGE = 431,
};
enum loopback_http loopback_parse_request(const struct loopback_expect *x, const char *buf,
                                          size_t len, struct loopback_result *r);

/* ---- the listener ---- */
struct loopback;

/* Ports to try: --port (if > 0) alone, else LOOPBACK_PORTS. Returns how many. */
size_t loopback_port_candidates(int flag_port, int out[LOOPBACK_NPORTS]);
/* Bind 127.0.0.1 on the first free candidate; when all are busy the error names them
 * and says what to do. x->port is ignored (the bound port is used). */
int loopback_open(struct loopback **out, const struct loopback_expect *x, int flag_port,
                  struct error *e);
void loopback_free(struct loopback *l);
int loopback_port(const struct loopback *l);
/* "http://127.0.0.1:PORT/PATH" (PATH/SECRET with a secret) into buf. */
int loopback_redirect_uri(const struct loopback *l, char *buf, size_t cap);

/* For a poll() loop: the fds to watch (listener + open connections) and the ms until
 * loopback_step must run anyway (-1 = none). */
int loopback_pollfds(struct loopback *l, struct pollfd *fds, size_t cap, size_t *n);
/* Handle what is ready (fds from poll; others are ignored). Returns 1 when a decisive
 * answer arrived (r filled), 0 to keep waiting, -1 on failure. */
int loopback_step(struct loopback *l, const struct pollfd *fds, size_t n,
                  struct loopback_result *r, struct error *e);
/* Blocking convenience: wait up to timeout_ms (< 0 = forever). 1 = answer, 0 = timed out. */
int loopback_wait(struct loopback *l, int timeout_ms, struct loopback_result *r, struct error *e);

#endif
