/* helseid-sim: shared types. One process, one HTTPS port, roots by path prefix:
 *   /sts                          HelseID STS (issuer = https://127.0.0.1:PORT/sts)
 *   /selvbetjening/api            Selvbetjening client API
 *   /selvbetjening/web            Selvbetjening portal (confirmation page)
 *   /brreg/enhetsregisteret/api   Enhetsregisteret
 *   /admin                        faults and state for tests
 * Handlers run under one mutex (sim.lock); MHD runs a thread per connection. */
#ifndef HELSEID_SIM_H
#define HELSEID_SIM_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <openssl/evp.h>

#define SIM_BODY_MAX (256 * 1024)

struct sim_request {
    struct MHD_Connection *conn;
    const char *method;
    const char *path;        /* full path without query */
    const char *sub;         /* path below the root prefix */
    const char *body;        /* NUL-terminated */
    size_t body_len;
    bool plain;              /* came over the plain-HTTP portal listener */
};

struct sim_reply {
    int status;
    const char *content_type;
    char *body;              /* malloc'd */
    size_t len;
    char *location;
    char *dpop_nonce;
    char *set_cookie;
    char *www_authenticate;
    bool reset;              /* close the connection without an answer */
};

struct sim_fault {
    char *path;              /* exact path, or prefix ending in '*' */
    enum { FAULT_STATUS, FAULT_DELAY, FAULT_RESET, FAULT_MALFORMED, FAULT_OVERSIZED,
           FAULT_NONCE, FAULT_NO_CHILD, FAULT_HOSTILE } kind;
    int status;
    int delay_ms;
    int count;               /* remaining; < 0 = forever */
};

struct sim {
    pthread_mutex_t lock;
    char base[64];           /* https://127.0.0.1:PORT */
    char issuer[96];         /* base + /sts */
    char web_base[64];       /* http://127.0.0.1:PORT: the portal's pages for a browser */
    EVP_PKEY *sign_key;      /* access/id token signing key (ES256) */
    char *sign_kid;
    char *api_key;           /* Selvbetjening vendor api key */
    bool auto_confirm;
    bool token_no_child;     /* fault "no-child": the next token leaves out orgnr_child */
    bool hold_new_keys;      /* POST /admin/hold-new-keys: keys uploaded through
                                client-secret do not work yet (not propagated) */
    bool api_nonce;          /* the Selvbetjening API demands DPoP nonces (RFC 9449 §9) */
    int prop_min, prop_max;  /* propagation delay range, seconds */
    char *state_file;
    /* State (JSON keeps it inspectable; /admin/state and --state dump it). */
    cJSON *clients;          /* object: clientId -> client */
    cJSON *sfm_ids;          /* object: orgnr -> current SFM-ID */
    cJSON *held;             /* --hold: scopes a new client gets pending (array) */
    cJSON *events;           /* array of notable events (sfm-id lost, ...) */
    cJSON *jtis;             /* object: "assertion:<jti>" / "dpop:<jti>" -> expiry */
    cJSON *nonces;           /* object: STS nonce -> expiry */
    cJSON *api_nonces;       /* object: Selvbetjening API nonce -> expiry */
    cJSON *codes;            /* object: authorization code -> grant */
    cJSON *refresh_tokens;   /* object: token -> grant */
    cJSON *par;              /* object: request_uri -> request parameters */
    cJSON *sessions;         /* object: cookie value -> person (portal and STS login) */
    cJSON *brreg_enheter;    /* object: orgnr -> enhet */
    cJSON *brreg_underenheter; /* object: orgnr -> underenhet */
    cJSON *brreg_gone;       /* array of orgnr answering 410 */
    struct sim_fault *faults;
    size_t n_faults;
    unsigned long counter;
};

/* reply.c */
void reply_clear(struct sim_reply *r);
void reply_json(struct sim_reply *r, int status, cJSON *doc);  /* takes doc */
void reply_oauth_error(struct sim_reply *r, int status, const char *error, const char *desc);
void reply_problem(struct sim_reply *r, int status, const char *title, const char *detail);
void reply_validation(struct sim_reply *r, const char *property, const char *message);
void reply_html(struct sim_reply *r, int status, char *html);  /* takes html */
void reply_redirect(struct sim_reply *r, const char *location);
void reply_text(struct sim_reply *r, int status, const char *text);

/* util.c */
const char *req_header(const struct sim_request *req, const char *name);
const char *req_query(const struct sim_request *req, const char *name);
/* application/x-www-form-urlencoded body into a JSON object of strings; repeated
 * keys are kept as the first value and counted in "__dup__<name>". */
cJSON *form_parse(const char *body);
/* The string member `name` of a JSON object (a form, a client, a JWK, a JWS header or
 * claims set), or NULL when it is missing or not a string. */
const char *json_str(const cJSON *obj, const char *name);
char *url_encode(const char *s);
char *html_escape(const char *s);
char *sim_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *sim_random_id(size_t bytes);    /* base64url random */
char *sim_guid(void);
bool orgnr_valid(const char *s);
long sim_now(void);
double sim_now_precise(void);   /* seconds with a fraction: when a client turns active */

/* state.c: the --state file. The dump is written atomically (temp file + rename);
 * loading restores clients, SFM-IDs and events and refuses a file it cannot trust. */
void sim_dump_state(struct sim *sim);
cJSON *sim_state_json(struct sim *sim);
int sim_load_state(struct sim *sim, const char *file, char *why, size_t why_len);

/* tls: see tls.h. jose: see jose.h. */

/* faults.c */
int fault_parse_spec(struct sim *sim, const char *spec);
int fault_add_json(struct sim *sim, const cJSON *doc, char *why, size_t why_len);
/* The kind's name as --fault and /admin/state spell it. */
const char *fault_kind_name(const struct sim_fault *f);
/* Returns the fault to apply to `path`, consuming one use, or NULL. */
struct sim_fault *fault_take(struct sim *sim, const char *path, struct sim_fault *copy);
void faults_free(struct sim *sim);

/* Roots */
void sts_handle(struct sim *sim, const struct sim_request *req, struct sim_reply *r);
void sts_authorize_handle(struct sim *sim, const struct sim_request *req, struct sim_reply *r);
void sb_api_handle(struct sim *sim, const struct sim_request *req, struct sim_reply *r);
void sb_web_handle(struct sim *sim, const struct sim_request *req, struct sim_reply *r);
void brreg_handle(struct sim *sim, const struct sim_request *req, struct sim_reply *r);
void admin_handle(struct sim *sim, const struct sim_request *req, struct sim_reply *r);
void sts_par(struct sim *sim, const struct sim_request *req, struct sim_reply *r);
/* Audience of a scope: the part before the first '/'; malloc'd. */
char *scope_audience(const char *scope);
int brreg_load(struct sim *sim, const char *file, char *why, size_t why_len);

/* dpop_check.c: RFC 9449 §4.3 proof checks. `expected_htu` is the request URL
 * without query. `access_token` non-NULL for resource requests (ath). With a
 * `nonce_store` (sim->nonces for the STS, sim->api_nonces for the API: §8 and §9
 * nonces are separate), a missing or unknown nonce gives "use_dpop_nonce". On success
 * *jkt gets the proof key's thumbprint. On failure `error` is the OAuth error code. */
int dpop_check(struct sim *sim, const struct sim_request *req, const char *expected_htu,
               const char *access_token, const cJSON *nonce_store, char **jkt,
               const char **error, char *why, size_t why_len);
/* A fresh nonce, remembered in `store` for a few minutes; malloc'd. */
char *dpop_new_nonce(cJSON *store);

/* jwt_rules.c: the rules every JWT a client signs meets (client assertions, DPoP
 * proofs); `what` names the kind in `why`. */
struct sim_jws;
/* 0 if the header's typ is exactly `typ` (RFC 8725 §3.11); else -1 with `why` filled. */
int jwt_check_typ(const struct sim_jws *jws, const char *what, const char *typ, char *why,
                  size_t why_len);
/* The jti claim, 1 to 256 bytes, or NULL with `why` filled. */
const char *jwt_jti(const struct sim_jws *jws, const char *what, char *why, size_t why_len);
/* False if `jti_key` ("dpop:<jti>", "assertion:<client>:<jti>") was used before; else
 * it is remembered in sim->jtis until `until`. */
bool jwt_jti_first_use(struct sim *sim, const char *jti_key, double until);

/* client_auth.c: private_key_jwt (RFC 7523 + HelseID rules). Returns the client or
 * NULL with `why` filled (the error is always invalid_client). On success
 * *assertion_claims gets a copy of the assertion's claims. */
cJSON *client_authenticate(struct sim *sim, const struct sim_request *req,
                           const cJSON *form, cJSON **assertion_claims, char *why,
                           size_t why_len);

/* tokens.c */
char *token_issue_access(struct sim *sim, const char *client_id, const char *subject,
                         const char *audience, const cJSON *scopes, const char *jkt,
                         const cJSON *extra, int lifetime);
/* Verify an access token signed by the sim; returns its claims or NULL. */
cJSON *token_verify_access(struct sim *sim, const char *token, char *why, size_t why_len);

/* store.c */
cJSON *store_client(struct sim *sim, const char *client_id);
bool client_active(struct sim *sim, const cJSON *client);
void store_expire(struct sim *sim);
/* Apply the SFM-ID rule to a client being saved (draft or PUT). */
void store_apply_sfm_rule(struct sim *sim, cJSON *client);
int store_confirm(struct sim *sim, cJSON *client, const char *owner, const char *email,
                  const char *person);
int persons_count(void);
const char *person_field(int i, const char *field);
const char *person_name_by_fnr(const char *fnr);

#define SFM_CLAIM "e-helse:sfm.api/client/claims/sfm-id"
#define SFM_AUDIENCE "e-helse:sfm.api"

#endif
