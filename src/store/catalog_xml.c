/* The service catalog from XML: the hardened reader (store/xml_safe.c) against the
 * RelaxNG schema, then the document into struct catalog, then catalog_check. */
#include "config.h"
#include "store/catalog_xml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "core/i18n.h"
#include "store/xml_safe.h"

#define CATALOG_NS "urn:helseid-admin:services:1"
#define CATALOG_MAX_BYTES (4 * 1024 * 1024)

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

/* The schema compiled, or NULL with e set. */
static xmlRelaxNGPtr schema_get(const char *schema, size_t schema_len, struct error *e)
{
    struct xml_safe_diag d = { 0 };
    xmlRelaxNGPtr rng;

    if (schema_len > CATALOG_MAX_BYTES) {
        error_set(e, ERR_PARSE, _("catalog schema too large"));
        return NULL;
    }
    if (!(rng = xml_safe_schema_memory(schema, schema_len, &d)))
        /* TRANSLATORS: %s is libxml2's English description. */
        error_set(e, ERR_PARSE, _("catalog schema is invalid: %s"), d.have ? d.msg : "?");
    return rng;
}

static int read_doc(const char *xml, size_t len, const char *name, xmlRelaxNGPtr rng,
                    xmlDoc **doc, struct error *e)
{
    struct xml_safe_diag d = { 0 };

    switch (xml_safe_read(xml, len, name, NULL, rng, doc, &d)) {
    case XML_SAFE_OK:
        return 0;
    case XML_SAFE_NOMEM:
        break;
    case XML_SAFE_DOCTYPE:
        return error_set(e, ERR_PARSE, _("%s:%d: a DOCTYPE is not allowed in the catalog"),
                         name, (int)d.line);
    case XML_SAFE_MALFORMED:
        /* TRANSLATORS: "file:line: ..."; %s at the end is libxml2's English detail. */
        return error_set(e, ERR_PARSE, _("%s:%d: malformed XML: %s"), name, (int)d.line,
                         d.have ? d.msg : "?");
    case XML_SAFE_INVALID:
        /* TRANSLATORS: "file:line: ..."; the last %s is libxml2's English detail. */
        return error_set(e, ERR_PARSE, _("%s:%d: does not match the catalog schema: %s"),
                         name, (int)d.line, d.have ? d.msg : "?");
    }
    return error_nomem(e);
}

int catalog_load(struct catalog *c, const char *xml, size_t len,
                 const char *schema, size_t schema_len, const char *name, struct error *e)
{
    int rc = -1;
    xmlRelaxNGPtr rng = NULL;
    xmlDoc *doc = NULL;
    struct catalog tmp;
    catalog_init(&tmp);

    if (len > CATALOG_MAX_BYTES) {
        error_set(e, ERR_PARSE, _("%s: catalog too large"), name);
        goto out;
    }
    if (!(rng = schema_get(schema, schema_len, e)) || read_doc(xml, len, name, rng, &doc, e) < 0)
        goto out;

    const xmlNode *root = xmlDocGetRootElement(doc);
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (!is_elem(n, "service"))
            continue;
        struct catalog_service *nv = realloc(tmp.services, (tmp.n_services + 1) * sizeof(*nv));
        if (!nv) {
            error_nomem(e);
            goto out;
        }
        tmp.services = nv;
        int r = read_service(&nv[tmp.n_services], n);
        tmp.n_services++;
        if (r < 0) {
            error_nomem(e);
            goto out;
        }
    }
    if (catalog_check(&tmp, name, e) < 0)
        goto out;
    *c = tmp;
    catalog_init(&tmp);
    rc = 0;
out:
    catalog_clear(&tmp);
    xmlFreeDoc(doc);
    if (rng)
        xmlRelaxNGFree(rng);
    return rc;
}
