/* What a draft or an update sends, from the site's configuration: scopes, claims
 * and sub-units, and the digest the journal compares (wizard_handoff_digest). */
#include "config.h"
#include "session/wizard_handoff_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/sha.h>


/* The configuration's claims as sb_claims; claims the API generates are left out. */
int handoff_config_claims(const struct catalog *cat, const struct helseid_config *cfg,
                         struct sb_claims *out, struct error *e)
{
    struct claim_value *v = NULL;
    size_t n = 0;
    int rc = 0;

    if (catalog_claims(cat, cfg, &v, &n, e) < 0)
        return -1;
    for (size_t i = 0; i < n && rc == 0; i++)
        if (!v[i].generate && v[i].value && sb_claims_set(out, v[i].key, v[i].value) < 0)
            rc = error_nomem(e);
    claim_values_free(v, n);
    return rc;
}

/* Distinct org numbers of the unit tree (what the sub-units step put in the config). */
int handoff_config_children(const struct site *site, const struct helseid_config *cfg,
                           struct strv *out, struct error *e)
{
    const struct strv *c = &cfg->child_orgnrs;

    if (c->n ? strv_copy(out, c) < 0 : site_distinct_orgnrs(site, out) < 0)
        return error_nomem(e);
    strv_sort_unique(out);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int wizard_handoff_digest(const struct catalog *cat, const struct site *site,
                          const struct helseid_config *cfg, char out[65], struct error *e)
{
    struct strv scopes = STRV_INIT, kids = STRV_INIT, lines = STRV_INIT;
    struct sb_claims claims;
    unsigned char md[SHA256_DIGEST_LENGTH];
    EVP_MD_CTX *ctx = NULL;
    char *l;
    int rc = -1;

    sb_claims_init(&claims);
    if (catalog_scopes(cat, cfg, &scopes, e) < 0 || handoff_config_claims(cat, cfg, &claims, e) < 0 ||
        handoff_config_children(site, cfg, &kids, e) < 0)
        goto out;
    strv_sort_unique(&scopes);
    for (size_t i = 0; i < claims.n; i++) {
        if (asprintf(&l, "%s=%s", claims.v[i].key, claims.v[i].value) < 0)
            goto nomem;
        if (strv_push(&lines, l) < 0) {
            free(l);
            goto nomem;
        }
        free(l);
    }
    if (lines.n)
        qsort(lines.v, lines.n, sizeof *lines.v, cmp_str);
    if (!(ctx = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
        goto nomem;
    /* One field per line, each list sorted: the same request gives the same digest. */
#define PUT(s) (EVP_DigestUpdate(ctx, (s) ? (s) : "", (s) ? strlen(s) : 0) && EVP_DigestUpdate(ctx, "\n", 1))
    if (!PUT("helseid-admin configuration 1") || !PUT(cfg->env) || !PUT(cfg->owner_orgnr))
        goto nomem;
    for (size_t i = 0; i < scopes.n; i++)
        if (!PUT(scopes.v[i]))
            goto nomem;
    if (!PUT("--"))
        goto nomem;
    for (size_t i = 0; i < lines.n; i++)
        if (!PUT(lines.v[i]))
            goto nomem;
    if (!PUT("--"))
        goto nomem;
    for (size_t i = 0; i < kids.n; i++)
        if (!PUT(kids.v[i]))
            goto nomem;
#undef PUT
    if (!EVP_DigestFinal_ex(ctx, md, NULL))
        goto nomem;
    for (size_t i = 0; i < sizeof md; i++)
        sprintf(out + 2 * i, "%02x", md[i]);
    rc = 0;
    goto out;
nomem:
    error_nomem(e);
out:
    EVP_MD_CTX_free(ctx);
    strv_clear(&scopes);
    strv_clear(&kids);
    strv_clear(&lines);
    sb_claims_clear(&claims);
    return rc;
}
