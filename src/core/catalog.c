/* Service catalog loading: libxml2 parse (no network, no entities, no DOCTYPE),
 * RelaxNG validation, then semantic checks, then conversion to plain structs. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include "core/catalog.h"
#include "core/i18n.h"
#include "core/site.h"

#define CATALOG_NS "urn:helseid-admin:services:1"
#define CATALOG_MAX_BYTES (4 * 1024 * 1024)

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
    free(s->id);
    free(s->audience);
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
    for (size_t i = 0; i < s->n_claims; i++) {
        free(s->claims[i].key);
        free(s->claims[i].value);
    }
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

/* ---- libxml2 helpers ---- */

static bool is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, CATALOG_NS) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

/* xsd:boolean: "true" or "1". */
static bool attr_bool(const xmlNode *n, const char *name)
{
    char *v = attr(n, name);
    bool b = v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
    free(v);
    return b;
}

/* Element text with white space runs collapsed to one space and trimmed, so data
 * authors may wrap long help texts. */
static char *text_of(const xmlNode *n)
{
    xmlChar *v = xmlNodeGetContent(n);
    if (!v)
        return strdup("");
    const char *s = (const char *)v;
    char *out = malloc(strlen(s) + 1);
    if (out) {
        size_t len = 0;
        bool space = false;
        for (; *s; s++) {
            if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
                space = len > 0;
                continue;
            }
            if (space)
                out[len++] = ' ';
            space = false;
            out[len++] = *s;
        }
        out[len] = '\0';
    }
    xmlFree(v);
    return out;
}

static int line_of(const xmlNode *n)
{
    long l = xmlGetLineNo(n);
    return l > 0 && l < INT32_MAX ? (int)l : 0;
}

/* Line of the first "<!DOCTYPE" in the buffer (the DTD node has no line). */
static int doctype_line(const char *xml, size_t len)
{
    int line = 1;
    for (size_t i = 0; i < len; i++) {
        if (xml[i] == '\n')
            line++;
        else if (xml[i] == '<' && len - i >= 9 && memcmp(xml + i, "<!DOCTYPE", 9) == 0)
            return line;
    }
    return 1;
}

/* ---- RelaxNG ---- */

struct first_error {
    int line;
    char msg[256];
    bool set;
};

static void collect_error(void *data, xmlErrorPtr err)
{
    struct first_error *fe = data;
    if (fe->set || !err)
        return;
    fe->set = true;
    fe->line = err->line;
    const char *m = err->message ? err->message : "";
    size_t len = strcspn(m, "\n");
    if (len >= sizeof(fe->msg))
        len = sizeof(fe->msg) - 1;
    memcpy(fe->msg, m, len);
    fe->msg[len] = '\0';
}

/* Parser errors arrive with the parser context (userData) as data. */
static void parser_error(void *data, xmlErrorPtr err)
{
    xmlParserCtxtPtr ctxt = data;
    if (ctxt && ctxt->_private)
        collect_error(ctxt->_private, err);
}

/* Parse quietly (errors are read back, not printed): no network, no entity
 * substitution, no DTD loading. On failure fills fe with the first error. */
static xmlDoc *parse_quiet(const char *buf, size_t len, const char *name, struct first_error *fe)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return NULL;
    /* The first error is the useful one; the last is often "premature end". */
    ctxt->_private = fe;
    ctxt->sax->serror = parser_error;
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (doc && !ctxt->wellFormed) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (!doc)
        collect_error(fe, xmlCtxtGetLastError(ctxt));
    xmlFreeParserCtxt(ctxt);
    return doc;
}

static int validate(xmlDoc *doc, const char *schema, size_t schema_len, const char *name,
                    struct error *e)
{
    int rc = -1;
    struct first_error fe = { 0 };
    xmlDoc *sdoc = NULL;
    xmlRelaxNGParserCtxtPtr pctx = NULL;
    xmlRelaxNGPtr rng = NULL;
    xmlRelaxNGValidCtxtPtr vctx = NULL;

    if (schema_len > CATALOG_MAX_BYTES) {
        error_set(e, ERR_PARSE, _("catalog schema too large"));
        goto out;
    }
    if (!(sdoc = parse_quiet(schema, schema_len, "schema", &fe))) {
        /* TRANSLATORS: %s is libxml2's English description. */
        error_set(e, ERR_PARSE, _("catalog schema is invalid: %s"), fe.set ? fe.msg : "?");
        goto out;
    }
    if (!(pctx = xmlRelaxNGNewDocParserCtxt(sdoc))) {
        error_set(e, ERR_NOMEM, _("out of memory"));
        goto out;
    }
    xmlRelaxNGSetParserStructuredErrors(pctx, collect_error, &fe);
    if (!(rng = xmlRelaxNGParse(pctx))) {
        error_set(e, ERR_PARSE, _("catalog schema is invalid: %s"), fe.set ? fe.msg : "?");
        goto out;
    }
    if (!(vctx = xmlRelaxNGNewValidCtxt(rng))) {
        error_set(e, ERR_NOMEM, _("out of memory"));
        goto out;
    }
    xmlRelaxNGSetValidStructuredErrors(vctx, collect_error, &fe);
    if (xmlRelaxNGValidateDoc(vctx, doc) != 0) {
        /* TRANSLATORS: "file:line: ..."; the last %s is libxml2's English detail. */
        error_set(e, ERR_PARSE, _("%s:%d: does not match the catalog schema: %s"), name,
                  fe.line, fe.set ? fe.msg : "?");
        goto out;
    }
    rc = 0;
out:
    xmlRelaxNGFreeValidCtxt(vctx);
    xmlRelaxNGFree(rng);
    xmlRelaxNGFreeParserCtxt(pctx);
    xmlFreeDoc(sdoc);
    return rc;
}

/* ---- conversion (the document is valid here, so shapes are known) ---- */

static int read_l10n(const xmlNode *parent, struct l10n *t)
{
    for (const xmlNode *n = parent->children; n; n = n->next) {
        if (!is_elem(n, "text"))
            continue;
        char *lang = attr(n, "lang");
        char **slot = NULL;
        if (lang && strcmp(lang, "nb") == 0)
            slot = &t->nb;
        else if (lang && strcmp(lang, "nn") == 0)
            slot = &t->nn;
        else if (lang && strcmp(lang, "en") == 0)
            slot = &t->en;
        free(lang);
        if (!slot)
            continue;
        free(*slot);
        if (!(*slot = text_of(n)))
            return -1;
    }
    return t->nb && t->nn && t->en ? 0 : -1;
}

static int push_scope(struct catalog_scope **v, size_t *n, const xmlNode *node)
{
    struct catalog_scope *nv = realloc(*v, (*n + 1) * sizeof(**v));
    if (!nv)
        return -1;
    *v = nv;
    nv[*n].unverified = attr_bool(node, "unverified");
    if (!(nv[*n].scope = text_of(node)))
        return -1;
    (*n)++;
    return 0;
}

static int read_option(struct catalog_service *s, const xmlNode *node, enum option_kind kind,
                       int group)
{
    struct catalog_option *nv = realloc(s->options, (s->n_options + 1) * sizeof(*nv));
    if (!nv)
        return -1;
    s->options = nv;
    struct catalog_option *o = &nv[s->n_options++];
    memset(o, 0, sizeof(*o));
    o->kind = kind;
    o->group = group;
    o->line = line_of(node);
    o->needs_legal_basis = attr_bool(node, "needs-legal-basis");
    if (!(o->id = attr(node, "id")))
        return -1;
    for (const xmlNode *n = node->children; n; n = n->next) {
        if (is_elem(n, "label") && read_l10n(n, &o->label) < 0)
            return -1;
        if (is_elem(n, "help") && read_l10n(n, &o->help) < 0)
            return -1;
        if (is_elem(n, "scope") && push_scope(&o->scopes, &o->n_scopes, n) < 0)
            return -1;
    }
    return 0;
}

static int read_group(struct catalog_service *s, const xmlNode *node)
{
    struct catalog_group *nv = realloc(s->groups, (s->n_groups + 1) * sizeof(*nv));
    if (!nv)
        return -1;
    s->groups = nv;
    int g = (int)s->n_groups++;
    nv[g].line = line_of(node);
    if (!(nv[g].id = attr(node, "id")))
        return -1;
    for (const xmlNode *n = node->children; n; n = n->next)
        if (is_elem(n, "option") && read_option(s, n, OPTION_RADIO, g) < 0)
            return -1;
    return 0;
}

static int read_claim(struct catalog_service *s, const xmlNode *node)
{
    struct catalog_claim *nv = realloc(s->claims, (s->n_claims + 1) * sizeof(*nv));
    if (!nv)
        return -1;
    s->claims = nv;
    struct catalog_claim *c = &nv[s->n_claims++];
    memset(c, 0, sizeof(*c));
    c->unverified = attr_bool(node, "unverified");
    char *from = attr(node, "from");
    c->from = from ? CLAIM_SFM_ID : CLAIM_FIXED;
    free(from);
    if (!(c->key = attr(node, "key")))
        return -1;
    if (c->from == CLAIM_FIXED && !(c->value = attr(node, "value")))
        return -1;
    return 0;
}

static int read_service(struct catalog_service *s, const xmlNode *node)
{
    memset(s, 0, sizeof(*s));
    s->line = line_of(node);
    s->always = attr_bool(node, "always");
    s->unverified = attr_bool(node, "unverified");
    s->needs_user_identity = attr_bool(node, "needs-user-identity");
    char *v = attr(node, "display");
    s->display = !v ? DISPLAY_MAIN : strcmp(v, "hidden") == 0 ? DISPLAY_HIDDEN
               : strcmp(v, "more") == 0 ? DISPLAY_MORE : DISPLAY_MAIN;
    free(v);
    if ((v = attr(node, "min-epj-version"))) {
        long m = strtol(v, NULL, 10);
        s->min_epj_version = m > 0 && m < INT32_MAX ? (int)m : 0;
        free(v);
    }
    if (!(s->id = attr(node, "id")) || !(s->audience = attr(node, "audience")))
        return -1;
    for (const xmlNode *n = node->children; n; n = n->next) {
        int rc = 0;
        if (is_elem(n, "label"))
            rc = read_l10n(n, &s->label);
        else if (is_elem(n, "help"))
            rc = read_l10n(n, &s->help);
        else if (is_elem(n, "scope"))
            rc = push_scope(&s->scopes, &s->n_scopes, n);
        else if (is_elem(n, "checkbox")) {
            for (const xmlNode *o = n->children; o && rc == 0; o = o->next)
                if (is_elem(o, "option"))
                    rc = read_option(s, o, OPTION_CHECKBOX, -1);
        } else if (is_elem(n, "radio-group"))
            rc = read_group(s, n);
        else if (is_elem(n, "requires")) {
            char *dep = attr(n, "service");
            rc = dep ? strv_push_owned(&s->requires, dep) : -1;
        } else if (is_elem(n, "claim"))
            rc = read_claim(s, n);
        if (rc < 0)
            return -1;
    }
    return 0;
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

static int check_semantics(const struct catalog *c, const char *name, struct error *e)
{
    for (size_t i = 0; i < c->n_services; i++) {
        const struct catalog_service *s = &c->services[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->services[j].id, s->id) == 0)
                return error_set(e, ERR_PARSE,
                                 _("%s:%d: duplicate service id \"%s\" (first on line %d)"),
                                 name, s->line, s->id, c->services[j].line);
        if (check_scopes(s->scopes, s->n_scopes, s, s->line, name, e) < 0)
            return -1;
        for (size_t k = 0; k < s->n_options; k++) {
            const struct catalog_option *o = &s->options[k];
            for (size_t j = 0; j < k; j++)
                if (strcmp(s->options[j].id, o->id) == 0)
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

int catalog_load(struct catalog *c, const char *xml, size_t len,
                 const char *schema, size_t schema_len, const char *name, struct error *e)
{
    int rc = -1;
    struct first_error fe = { 0 };
    xmlDoc *doc = NULL;
    struct catalog tmp;
    catalog_init(&tmp);

    if (len > CATALOG_MAX_BYTES) {
        error_set(e, ERR_PARSE, _("%s: catalog too large"), name);
        goto out;
    }
    if (!(doc = parse_quiet(xml, len, name, &fe))) {
        /* TRANSLATORS: "file:line: ..."; %s at the end is libxml2's English detail. */
        error_set(e, ERR_PARSE, _("%s:%d: malformed XML: %s"), name, fe.line,
                  fe.set ? fe.msg : "?");
        goto out;
    }
    if (doc->intSubset || doc->extSubset) {
        error_set(e, ERR_PARSE, _("%s:%d: a DOCTYPE is not allowed in the catalog"), name,
                  doctype_line(xml, len));
        goto out;
    }
    if (validate(doc, schema, schema_len, name, e) < 0)
        goto out;

    const xmlNode *root = xmlDocGetRootElement(doc);
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (!is_elem(n, "service"))
            continue;
        struct catalog_service *nv = realloc(tmp.services, (tmp.n_services + 1) * sizeof(*nv));
        if (!nv) {
            error_set(e, ERR_NOMEM, _("out of memory"));
            goto out;
        }
        tmp.services = nv;
        int r = read_service(&nv[tmp.n_services], n);
        tmp.n_services++;
        if (r < 0) {
            error_set(e, ERR_NOMEM, _("out of memory"));
            goto out;
        }
    }
    if (check_semantics(&tmp, name, e) < 0)
        goto out;
    *c = tmp;
    catalog_init(&tmp);
    rc = 0;
out:
    catalog_clear(&tmp);
    xmlFreeDoc(doc);
    return rc;
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
    error_set(e, ERR_NOMEM, _("out of memory"));
out:
    strv_clear(&tmp);
    return rc;
}

void claim_values_free(struct claim_value *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].key);
        free(v[i].value);
    }
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
    return error_set(e, ERR_NOMEM, _("out of memory"));
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
    return error_set(e, ERR_NOMEM, _("out of memory"));
}
