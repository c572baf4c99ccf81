/* The Selvbetjening client API over HTTPS (spec "Selvbetjening client API"):
 * create a client draft with the vendor's api key, then read, update and rotate the
 * key of the client with the client's own DPoP token (scope nhn:selvbetjening/client).
 * JSON building and parsing live in sb_draft / sb_client / sb_answer (pure). */
#ifndef HELSEID_SELVBETJENING_H
#define HELSEID_SELVBETJENING_H

#include <stdint.h>
#include <time.h>

#include "core/client_status.h"
#include "core/error.h"
#include "net/http.h"
#include "net/sb_answer.h"
#include "net/sb_client.h"
#include "net/sb_draft.h"
#include "net/token.h"


/* POST {api}/v1/client-drafts with header api-key. *client_id is new. */
int sb_create_draft(struct http_client *http, const char *api, const char *api_key,
                    const struct sb_draft *d, char **client_id, struct error *e);

/* A client's own session with the API: fetches (and caches until shortly before expiry)
 * a token for nhn:selvbetjening/client through the token session. */
struct selvbetjening {
    struct token_session *ts;   /* borrowed */
    const char *api;            /* borrowed base URL, no trailing '/' */
    struct token_answer token;
    int64_t token_expires;      /* monotonic-free: wall seconds */
};

void selvbetjening_init(struct selvbetjening *sb, struct token_session *ts, const char *api);
void selvbetjening_clear(struct selvbetjening *sb);     /* wipes the token */

int sb_get_client(struct selvbetjening *sb, struct client_status *out, struct error *e);
int sb_put_client(struct selvbetjening *sb, const struct sb_client_update *u, struct error *e);
/* POST /v1/client-secret with the new public JWK (a JSON object); *expiration is when
 * the new key expires (rotate again before). */
int sb_upload_key(struct selvbetjening *sb, const char *public_jwk_json, time_t *expiration,
                  struct error *e);
int sb_list_keys(struct selvbetjening *sb, struct sb_key_list *out, struct error *e);

/* A readiness probe (net/readiness.h): does HelseID issue a client_credentials token
 * for the self scope? `token_session` is a struct token_session *. */
int sb_probe_token(void *token_session, struct error *e);

#endif
