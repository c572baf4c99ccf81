/* A token request that does not block: the same request as token_request() (discovery
 * if not cached yet, fresh assertion and DPoP proof, one retry on use_dpop_nonce),
 * run on the caller's http_multi so the TUI's single poll() loop stays live.
 *
 *     token_async_start(&a, &session, multi, &request, &e);
 *     loop: poll(...); http_multi_step(multi, ...); token_async_poll(&a);
 *           if (token_async_done(&a)) rc = token_async_result(&a, &answer, &e);
 *
 * With net/readiness.h this is the TUI's wait for a new client: start a request when
 * readiness_due(), record its outcome when done. */
#ifndef HELSEID_TOKEN_ASYNC_H
#define HELSEID_TOKEN_ASYNC_H

#include <stdbool.h>

#include "core/error.h"
#include "net/http.h"
#include "net/token.h"
#include "net/token_answer.h"

enum token_async_state {
    TOKEN_ASYNC_IDLE,
    TOKEN_ASYNC_DISCOVERY,      /* fetching the discovery document */
    TOKEN_ASYNC_TOKEN,          /* the token request (attempt 0 or 1) in flight */
    TOKEN_ASYNC_DONE,
};

struct token_async {
    enum token_async_state state;
    struct token_session *s;            /* borrowed */
    struct http_multi *m;               /* borrowed */
    const struct token_request *r;      /* borrowed until done */
    int attempt;
    bool finished;                      /* the transfer in flight has ended */
    int xfer_rc;
    struct error xfer_err;
    char *url;                          /* discovery URL while fetching it */
    struct form body;                   /* secret */
    struct strv headers;                /* holds the DPoP proof */
    struct http_request req;
    struct http_response res;
    int rc;                             /* when DONE */
    struct error err;
    struct token_answer answer;         /* when DONE and rc == 0 */
};

void token_async_init(struct token_async *a);
/* Begin; r must stay valid until done. -1 when it cannot even start. */
int token_async_start(struct token_async *a, struct token_session *s, struct http_multi *m,
                      const struct token_request *r, struct error *e);
/* Advance after http_multi_step(): parse what arrived, start the next transfer. */
void token_async_poll(struct token_async *a);
bool token_async_done(const struct token_async *a);
/* The outcome (answer moved into *out on success); the request can then be reused. */
int token_async_result(struct token_async *a, struct token_answer *out, struct error *e);
/* Wipe; a transfer still in flight must be cancelled by freeing the multi first. */
void token_async_clear(struct token_async *a);

#endif
