/* PUT /v1/client for `apply` (see apply_put.h). */
#include "config.h"
#include "cli/apply_put.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "net/rand.h"
#include "net/readiness.h"
#include "net/selvbetjening.h"

/* A random (version 4) GUID: a new SFM-ID (seed 000: an empty SFM-ID makes one). */
static int new_guid(char out[37], struct error *e)
{
    unsigned char b[16];

    if (rand_bytes(b, sizeof b, e) < 0)
        return -1;
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
             b[13], b[14], b[15]);
    return 0;
}

/* The claims the plan wants: the catalog's claims for the chosen services; every
 * other claim the catalog knows is dropped, claims it does not know are kept. */
static int set_claims(struct sb_client_update *u, struct plan *p, const struct catalog *cat,
                      struct error *e)
{
    struct claim_value *cv = NULL;
    size_t n = 0;
    char guid[37];
    int rc = -1;

    if (catalog_claims(cat, &p->cfg, &cv, &n, e) < 0)
        return -1;
    for (size_t i = 0; i < cat->n_services; i++)
        for (size_t k = 0; k < cat->services[i].n_claims; k++)
            sb_claims_remove(&u->claims, cat->services[i].claims[k].key);
    for (size_t i = 0; i < n; i++) {
        const char *value = cv[i].value;

        if (cv[i].generate) {
            if (new_guid(guid, e) < 0)
                goto out;
            if (str_replace(&p->cfg.sfm_id, guid) < 0)
                goto oom;
            value = guid;
        }
        if (value && *value && sb_claims_set(&u->claims, cv[i].key, value) < 0)
            goto oom;
    }
    rc = 0;
    goto out;
oom:
    error_set(e, ERR_NOMEM, _("out of memory"));
out:
    claim_values_free(cv, n);
    return rc;
}

struct try_ctx {
    struct token_session *ts;
};

static int try_token(void *ud, struct error *e)
{
    struct try_ctx *t = ud;
    struct token_answer a;
    int rc;

    token_answer_init(&a);
    rc = token_client_credentials(t->ts, SB_SELF_SCOPE, NULL, &a, e);
    token_answer_clear(&a);
    return rc;
}

int apply_put(struct client_ctx *c, struct plan *p, const struct catalog *cat,
              const struct client_status *live, int timeout_s, struct client_status *after,
              struct error *e)
{
    struct sb_client_update u;
    struct selvbetjening sb;
    struct readiness r;
    struct readiness_config rcfg = { .timeout_ms = (int64_t)timeout_s * 1000 };
    struct try_ctx tc = { &c->ts };
    int rc = -1;

    sb_client_update_init(&u);
    selvbetjening_init(&sb, &c->ts, c->ep.selvbetjening_api);
    if (sb_client_update_from_status(&u, live) < 0)
        goto oom;
    for (size_t i = 0; i < p->scopes_remove.n; i++)
        if (sb_client_update_remove_scope(&u, p->scopes_remove.v[i]) < 0)
            goto oom;
    for (size_t i = 0; i < p->scopes_add.n; i++)
        if (sb_client_update_add_scope(&u, p->scopes_add.v[i]) < 0)
            goto oom;
    if (sb_client_update_set_children(&u, &p->cfg.child_orgnrs) < 0)
        goto oom;
    if (set_claims(&u, p, cat, e) < 0)
        goto out;
    if (sb_put_client(&sb, &u, e) < 0) {
        error_prefix(e, "%s", _("updating the client in HelseID"));
        goto out;
    }
    /* A PUT replaces the client whole: make sure it still gets its own token. */
    if (readiness_run(&r, &rcfg, try_token, &tc, e) < 0) {
        error_prefix(e, "%s", _("the client was updated but gets no token yet"));
        goto out;
    }
    if (sb_get_client(&sb, after, e) < 0) {
        error_prefix(e, "%s", _("reading the updated client back"));
        goto out;
    }
    rc = 0;
    goto out;
oom:
    error_set(e, ERR_NOMEM, _("out of memory"));
out:
    selvbetjening_clear(&sb);
    sb_client_update_clear(&u);
    return rc;
}
