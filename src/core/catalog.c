/* The service catalog model: the checks the schema cannot make, look-ups, and the
 * scopes and claims a configuration asks for. The XML is read in store/catalog_xml.c. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/i18n.h"
#include "core/site.h"
#include "core/strv.h"

void catalog_init(struct catalog *c)
{
    memset(c, 0, sizeof(*c));
}

static void l10n_clear(struct l10n *t)
{
    free(t->nb);
    free(t->nn);
    free(t->en);
    memset(t, 0, sizeof(*t));
}

static void scopes_free(struct catalog_scope *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].scope);
    free(v);
}

static void service_clear(struct catalog_service *s)
{
    free_strings(&s->id, &s->audience);
    l10n_clear(&s->label);
    l10n_clear(&s->help);
    scopes_free(s->scopes, s->n_scopes);
    for (size_t i = 0; i < s->n_options; i++) {
        free(s->options[i].id);
        l10n_clear(&s->options[i].label);
        l10n_clear(&s->options[i].help);
        scopes_free(s->options[i].scopes, s->options[i].n_scopes);
    }
    free(s->options);
    for (size_t i = 0; i < s->n_groups; i++)
        free(s->groups[i].id);
    free(s->groups);
    strv_clear(&s->requires);
    for (size_t i = 0; i < s->n_claims; i++)
        free_strings(&s->claims[i].key, &s->claims[i].value);
    free(s->claims);
    memset(s, 0, sizeof(*s));
}

void catalog_clear(struct catalog *c)
{
    for (size_t i = 0; i < c->n_services; i++)
        service_clear(&c->services[i]);
    free(c->services);
    catalog_init(c);
}

/* ---- semantic checks ---- */

static bool scope_under(const char *scope, const char *audience)
{
    size_t len = strlen(audience);
    return strncmp(scope, audience, len) == 0 && scope[len] == '/' && scope[len + 1];
}

static int check_scopes(const struct catalog_scope *v, size_t n, const struct catalog_service *s,
                        int line, const char *name, struct error *e)
{
    for (size_t i = 0; i < n; i++)
        if (!scope_under(v[i].scope, s->audience))
            return error_set(e, ERR_PARSE,
                             /* TRANSLATORS: file:line: scope "x" of service "y" ... */
                             _("%s:%d: scope \"%s\" of service \"%s\" does not start with its audience \"%s/\""),
                             name, line, v[i].scope, s->id, s->audience);
    return 0;
}

/* A duplicate id is one that look-ups find earlier in the list. */
int catalog_check(const struct catalog *c, const char *name, struct error *e)
{
    for (size_t i = 0; i < c->n_services; i++) {
        const struct catalog_service *s = &c->services[i];
        const struct catalog_service *first = catalog_find(c, s->id);

        if (first != s)
            return error_set(e, ERR_PARSE,
                             _("%s:%d: duplicate service id \"%s\" (first on line %d)"),
                             name, s->line, s->id, first->line);
        if (check_scopes(s->scopes, s->n_scopes, s, s->line, name, e) < 0)
            return -1;
        for (size_t k = 0; k < s->n_options; k++) {
            const struct catalog_option *o = &s->options[k];

            if (catalog_find_option(s, o->id) != o)
                return error_set(e, ERR_PARSE,
                                 _("%s:%d: duplicate option id \"%s\" in service \"%s\""),
                                 name, o->line, o->id, s->id);
            if (check_scopes(o->scopes, o->n_scopes, s, o->line, name, e) < 0)
                return -1;
        }
        for (size_t g = 0; g < s->n_groups; g++) {
            bool any = false;
            for (size_t k = 0; k < s->n_options; k++)
                any = any || s->options[k].group == (int)g;
            if (!any)
                return error_set(e, ERR_PARSE,
                                 _("%s:%d: choice group \"%s\" of service \"%s\" has no options"),
                                 name, s->groups[g].line, s->groups[g].id, s->id);
        }
        for (size_t d = 0; d < s->requires.n; d++) {
            const char *dep = s->requires.v[d];
            if (strcmp(dep, s->id) == 0 || !catalog_find(c, dep))
                return error_set(e, ERR_PARSE,
                                 _("%s:%d: service \"%s\" requires unknown service \"%s\""),
                                 name, s->line, s->id, dep);
        }
        if (s->always && (s->n_options > 0 || s->requires.n > 0))
            return error_set(e, ERR_PARSE,
                             _("%s:%d: always-on service \"%s\" cannot have options or requirements"),
                             name, s->line, s->id);
    }
    return 0;
}

const struct catalog_service *catalog_find(const struct catalog *c, const char *id)
{
    for (size_t i = 0; id && i < c->n_services; i++)
        if (strcmp(c->services[i].id, id) == 0)
            return &c->services[i];
    return NULL;
}

const struct catalog_option *catalog_find_option(const struct catalog_service *s, const char *id)
{
    for (size_t i = 0; id && i < s->n_options; i++)
        if (strcmp(s->options[i].id, id) == 0)
            return &s->options[i];
    return NULL;
}

const struct catalog_service *catalog_sfm_service(const struct catalog *c)
{
    for (size_t i = 0; i < c->n_services; i++)
        for (size_t k = 0; k < c->services[i].n_claims; k++)
            if (c->services[i].claims[k].from == CLAIM_SFM_ID)
                return &c->services[i];
    return NULL;
}

const char *catalog_sfm_claim_key(const struct catalog *c)
{
    const struct catalog_service *s = catalog_sfm_service(c);
    for (size_t k = 0; s && k < s->n_claims; k++)
        if (s->claims[k].from == CLAIM_SFM_ID)
            return s->claims[k].key;
    return NULL;
}

const char *l10n_get(const struct l10n *t, const char *lang)
{
    const char *fallback = t->en ? t->en : t->nb ? t->nb : "";
    if (!lang)
        return fallback;
    if (strncmp(lang, "nn", 2) == 0 && (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-'))
        return t->nn ? t->nn : fallback;
    if ((strncmp(lang, "nb", 2) == 0 || strncmp(lang, "no", 2) == 0) &&
        (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-'))
        return t->nb ? t->nb : fallback;
    return fallback;
}

/* ---- computations from a configuration ---- */

static int push_scopes(struct strv *out, const struct catalog_scope *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strv_push(out, v[i].scope) < 0)
            return -1;
    return 0;
}

int catalog_scopes(const struct catalog *c, const struct helseid_config *cfg,
                   struct strv *out, struct error *e)
{
    int rc = -1;
    struct strv tmp = STRV_INIT;

    if (strv_push(&tmp, CATALOG_SELF_SCOPE) < 0)
        goto nomem;
    for (size_t i = 0; i < c->n_services; i++)
        if (c->services[i].always &&
            push_scopes(&tmp, c->services[i].scopes, c->services[i].n_scopes) < 0)
            goto nomem;
    for (size_t i = 0; cfg && i < cfg->n_services; i++) {
        const struct service_choice *ch = &cfg->services[i];
        const struct catalog_service *s = catalog_find(c, ch->service);
        if (!s) {
            error_set(e, ERR_INVALID, _("unknown service \"%s\""), ch->service ? ch->service : "");
            goto out;
        }
        if (push_scopes(&tmp, s->scopes, s->n_scopes) < 0)
            goto nomem;
        for (size_t k = 0; k < ch->options.n; k++) {
            const struct catalog_option *o = catalog_find_option(s, ch->options.v[k]);
            if (!o) {
                error_set(e, ERR_INVALID, _("unknown option \"%s\" for service \"%s\""),
                          ch->options.v[k], s->id);
                goto out;
            }
            if (push_scopes(&tmp, o->scopes, o->n_scopes) < 0)
                goto nomem;
        }
    }
    strv_sort_unique(&tmp);
    strv_clear(out);
    *out = tmp;
    tmp = (struct strv)STRV_INIT;
    rc = 0;
    goto out;
nomem:
    error_nomem(e);
out:
    strv_clear(&tmp);
    return rc;
}

void claim_values_free(struct claim_value *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free_strings(&v[i].key, &v[i].value);
    free(v);
}

int catalog_claims(const struct catalog *c, const struct helseid_config *cfg,
                   struct claim_value **out, size_t *n_out, struct error *e)
{
    struct claim_value *v = NULL;
    size_t n = 0;

    for (size_t i = 0; i < c->n_services; i++) {
        const struct catalog_service *s = &c->services[i];
        if (!s->always && !(cfg && config_find_service(cfg, s->id)))
            continue;
        for (size_t k = 0; k < s->n_claims; k++) {
            const struct catalog_claim *cl = &s->claims[k];
            struct claim_value *nv = realloc(v, (n + 1) * sizeof(*nv));
            if (!nv)
                goto nomem;
            v = nv;
            memset(&v[n], 0, sizeof(v[n]));
            n++;
            const char *value = cl->from == CLAIM_FIXED ? cl->value
                                : cfg && cfg->sfm_id && *cfg->sfm_id ? cfg->sfm_id : NULL;
            v[n - 1].generate = !value;
            if (!(v[n - 1].key = strdup(cl->key)) ||
                (value && !(v[n - 1].value = strdup(value))))
                goto nomem;
        }
    }
    *out = v;
    *n_out = n;
    return 0;
nomem:
    claim_values_free(v, n);
    return error_nomem(e);
}

void audience_scopes_free(struct audience_scopes *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].audience);
        strv_clear(&v[i].scopes);
    }
    free(v);
}

static int cmp_audience(const void *a, const void *b)
{
    return strcmp(((const struct audience_scopes *)a)->audience,
                  ((const struct audience_scopes *)b)->audience);
}

int scopes_by_audience(const struct strv *scopes, struct audience_scopes **out,
                       size_t *n_out, struct error *e)
{
    struct audience_scopes *v = NULL;
    size_t n = 0;
    struct strv sorted = STRV_INIT;

    if (strv_copy(&sorted, scopes) < 0)
        goto nomem;
    strv_sort_unique(&sorted);
    for (size_t i = 0; i < sorted.n; i++) {
        const char *sc = sorted.v[i];
        size_t alen = strcspn(sc, "/");
        /* Byte order does not keep one audience's scopes together ('-' sorts before
         * '/': "nhn:phr-x/..." < "nhn:phr/..."), so look the group up. */
        size_t g = 0;
        while (g < n && !(strlen(v[g].audience) == alen &&
                          strncmp(v[g].audience, sc, alen) == 0))
            g++;
        if (g == n) {
            struct audience_scopes *nv = realloc(v, (n + 1) * sizeof(*nv));
            if (!nv)
                goto nomem;
            v = nv;
            memset(&v[n], 0, sizeof(v[n]));
            n++;
            if (!(v[g].audience = strndup(sc, alen)))
                goto nomem;
        }
        if (strv_push(&v[g].scopes, sc) < 0)
            goto nomem;
    }
    strv_clear(&sorted);
    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_audience);
    *out = v;
    *n_out = n;
    return 0;
nomem:
    strv_clear(&sorted);
    audience_scopes_free(v, n);
    return error_nomem(e);
}
