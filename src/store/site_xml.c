/* Site file XML: hardened parsing into struct site, stable writing. */
#include "config.h"
#include "store/site_xml.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "core/i18n.h"
#include "store/datadir.h"

#define SITE_NS "urn:helseid-admin:site:1"

#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_ptr;
#else
typedef xmlErrorPtr xml_error_ptr;
#endif

/* The first diagnostic libxml2 reports, instead of letting it print to stderr. */
struct xml_diag {
    bool have;
    bool doctype;       /* a DOCTYPE or entity declaration was seen */
    long line;
    char msg[320];
    char element[32];   /* the element the first error is about, if known */
};

static void diag_collect(void *ctx, xml_error_ptr err)
{
    struct xml_diag *d = ctx;
    size_t n;

    /* The first error wins, unless it has no line: RelaxNG may first say "Element unit
     * failed to validate attributes" with no node, then name the attribute and line. */
    if (!d || !err || (d->have && d->line > 0) || err->level == XML_ERR_WARNING)
        return;
    if (d->have && err->line <= 0 && !err->node)
        return;
    d->have = true;
    d->element[0] = '\0';
    d->line = err->line;
    if (d->line <= 0 && err->node && ((xmlNode *)err->node)->type == XML_ELEMENT_NODE)
        d->line = xmlGetLineNo(err->node);
    if (err->node && ((xmlNode *)err->node)->type == XML_ELEMENT_NODE)
        snprintf(d->element, sizeof d->element, "%s", (const char *)((xmlNode *)err->node)->name);
    snprintf(d->msg, sizeof d->msg, "%s", err->message ? err->message : "?");
    n = strlen(d->msg);
    while (n && (d->msg[n - 1] == '\n' || d->msg[n - 1] == ' '))
        d->msg[--n] = '\0';
}

static void generic_silent(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

/* libxml2's error hooks are per-thread globals: install ours around each call. */
struct hooks {
    xmlStructuredErrorFunc sfunc;
    void *sctx;
    xmlGenericErrorFunc gfunc;
    void *gctx;
};

static void hooks_install(struct hooks *h, struct xml_diag *d)
{
    h->sfunc = xmlStructuredError;
    h->sctx = xmlStructuredErrorContext;
    h->gfunc = xmlGenericError;
    h->gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(d, (xmlStructuredErrorFunc)diag_collect);
    xmlSetGenericErrorFunc(NULL, generic_silent);
}

static void hooks_restore(const struct hooks *h)
{
    xmlSetStructuredErrorFunc(h->sctx, h->sfunc);
    xmlSetGenericErrorFunc(h->gctx, h->gfunc);
}

/* ---- schema ---- */

static xmlRelaxNGPtr schema_cache;
static char schema_path_buf[4096];

const char *site_xml_schema_path(void)
{
    snprintf(schema_path_buf, sizeof schema_path_buf, "%s/site.rng", data_dir());
    return schema_path_buf;
}

void site_xml_cleanup(void)
{
    if (schema_cache)
        xmlRelaxNGFree(schema_cache);
    schema_cache = NULL;
}

static xmlRelaxNGPtr schema_get(struct error *e)
{
    struct xml_diag d = { 0 };
    struct hooks h;
    xmlRelaxNGParserCtxtPtr pc;
    const char *path;

    if (schema_cache)
        return schema_cache;
    path = site_xml_schema_path();
    if (access(path, R_OK) < 0) {
        error_set(e, ERR_IO, _("cannot read the site file schema \"%s\": %s"), path,
                  strerror(errno));
        return NULL;
    }
    hooks_install(&h, &d);
    pc = xmlRelaxNGNewParserCtxt(path);
    if (pc) {
        xmlRelaxNGSetParserStructuredErrors(pc, (xmlStructuredErrorFunc)diag_collect, &d);
        schema_cache = xmlRelaxNGParse(pc);
        xmlRelaxNGFreeParserCtxt(pc);
    }
    hooks_restore(&h);
    if (!schema_cache)
        error_set(e, ERR_IO, _("the site file schema \"%s\" is broken: %s"), path,
                  d.have ? d.msg : "?");
    return schema_cache;
}

/* libxml2's RelaxNG messages say which element failed, not what it wants: this says. */
static const struct {
    const char *element;
    const char *expect;
} expectations[] = {
    { "site", N_("expected <site version=\"1\"> in namespace urn:helseid-admin:site:1 "
                 "holding <epj>, <units>, <users> and optionally <helseid>, in that order") },
    { "epj", N_("expected <epj> with optional name, version (a number) and "
                "shared-database=\"true\"") },
    { "unit", N_("expected <unit> with name and orgnr, optional herid (digits), "
                 "nace (like 86.211), pt-access (restricted or full) and login=\"true\"") },
    { "user", N_("expected <user> with id and name, optional birth-date (YYYY-MM-DD), "
                 "fnr (11 digits), herid and hpr (digits) and current=\"true\"") },
    { "helseid", N_("expected <helseid> with state (draft, pending or active) and env "
                    "(prod, test or demo), holding owner, client-id, key, sfm-id, "
                    "epj-version, updated, browser, services, child-orgnrs in that order") },
    { "owner", N_("expected <owner orgnr=\"...\"> with a 9-digit organisation number") },
    { "client-id", N_("expected a GUID like 6f1c2a7e-3b4d-4e5f-9a8b-1c2d3e4f5a6b") },
    { "sfm-id", N_("expected a GUID like 6f1c2a7e-3b4d-4e5f-9a8b-1c2d3e4f5a6b") },
    { "key", N_("expected <key> with optional file and alg (ES256 or PS256)") },
    { "epj-version", N_("expected a number") },
    { "updated", N_("expected a time like 2026-11-25T14:03:00+01:00") },
    { "browser", N_("expected auto, open or print") },
    { "service", N_("expected <service id=\"...\"> holding <option id=\"...\"/> elements") },
    { "option", N_("expected <option id=\"...\"/>") },
    { "orgnr", N_("expected a 9-digit organisation number") },
};

static const char *expectation(const char *element)
{
    for (size_t i = 0; i < sizeof expectations / sizeof *expectations; i++)
        if (strcmp(expectations[i].element, element) == 0)
            return _(expectations[i].expect);
    return NULL;
}

/* ---- input checks ---- */

/* Offset of the first byte that is not valid UTF-8 (or is NUL), or len. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        uint32_t cp;

        if (c == 0)
            return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (len - i <= n)
            return i;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += n + 1;
    }
    return len;
}

static long line_at(const char *data, size_t off)
{
    long line = 1;

    for (size_t i = 0; i < off; i++)
        line += data[i] == '\n';
    return line;
}

/* SAX hooks: a DOCTYPE (and with it any entity declaration) stops the parser at once,
 * so neither entity expansion (billion laughs) nor external entities (XXE) can happen. */
static void reject_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    xmlParserCtxtPtr pc = ctx;
    struct xml_diag *d = pc->_private;

    (void)name, (void)ext, (void)sys;
    if (!d->doctype) {
        d->doctype = true;
        d->line = pc->input ? pc->input->line : 0;
    }
    xmlStopParser(pc);
}

static void reject_entity(void *ctx, const xmlChar *name, int type, const xmlChar *pub,
                          const xmlChar *sys, xmlChar *content)
{
    (void)name, (void)type, (void)pub, (void)sys, (void)content;
    reject_doctype(ctx, NULL, NULL, NULL);
}

/* ---- DOM to struct site ---- */

struct walk {
    const char *name;
    struct site *s;
    struct error *e;
};

static bool is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name);
}

static int nomem(struct walk *w)
{
    return error_set(w->e, ERR_NOMEM, _("out of memory"));
}

/* Copy an attribute (NULL when absent) into a malloc'd string. */
static int get_attr(struct walk *w, xmlNode *n, const char *name, char **out)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);

    *out = NULL;
    if (!v)
        return 0;
    *out = strdup((const char *)v);
    xmlFree(v);
    return *out ? 0 : nomem(w);
}

static bool attr_true(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    bool t = v && xmlStrEqual(v, BAD_CAST "true");

    xmlFree(v);
    return t;
}

static int get_text(struct walk *w, xmlNode *n, char **out)
{
    xmlChar *v = xmlNodeGetContent(n);

    *out = NULL;
    if (!v)
        return nomem(w);
    *out = strdup((const char *)v);
    xmlFree(v);
    return *out ? 0 : nomem(w);
}

/* The schema guarantees the digits ("count" pattern, at most 9 of them). */
static int get_int(struct walk *w, xmlNode *n, const char *attr, int *out)
{
    char *v;

    if (attr ? get_attr(w, n, attr, &v) < 0 : get_text(w, n, &v) < 0)
        return -1;
    *out = v ? (int)strtol(v, NULL, 10) : 0;
    free(v);
    return 0;
}

static int walk_unit(struct walk *w, xmlNode *n, int parent)
{
    char *name = NULL, *orgnr = NULL, *herid = NULL, *nace = NULL, *pt = NULL;
    int idx = -1, rc = -1;

    if (get_attr(w, n, "name", &name) < 0 || get_attr(w, n, "orgnr", &orgnr) < 0 ||
        get_attr(w, n, "herid", &herid) < 0 || get_attr(w, n, "nace", &nace) < 0 ||
        get_attr(w, n, "pt-access", &pt) < 0)
        goto out;
    idx = site_add_unit(w->s, name, orgnr, herid, nace, parent);
    if (idx < 0) {
        nomem(w);
        goto out;
    }
    w->s->units[idx].pt_access = pt;
    pt = NULL;
    if (attr_true(n, "login")) {
        if (w->s->login_unit >= 0) {
            error_set(w->e, ERR_PARSE,
                      _("%s:%ld: more than one unit is marked login=\"true\""),
                      w->name, xmlGetLineNo(n));
            goto out;
        }
        w->s->login_unit = idx;
    }
    for (xmlNode *c = n->children; c; c = c->next)
        if (is_el(c, "unit") && walk_unit(w, c, idx) < 0)
            goto out;
    rc = 0;
out:
    free(name);
    free(orgnr);
    free(herid);
    free(nace);
    free(pt);
    return rc;
}

static int walk_user(struct walk *w, xmlNode *n)
{
    struct user u = { 0 };
    int idx, rc = -1;

    if (get_attr(w, n, "id", &u.id) < 0 || get_attr(w, n, "name", &u.name) < 0 ||
        get_attr(w, n, "birth-date", &u.birth_date) < 0 || get_attr(w, n, "fnr", &u.fnr) < 0 ||
        get_attr(w, n, "herid", &u.herid) < 0 || get_attr(w, n, "hpr", &u.hpr) < 0)
        goto out;
    idx = site_add_user(w->s, &u);
    if (idx < 0) {
        nomem(w);
        goto out;
    }
    if (attr_true(n, "current")) {
        if (w->s->current_user >= 0) {
            error_set(w->e, ERR_PARSE,
                      _("%s:%ld: more than one user is marked current=\"true\""),
                      w->name, xmlGetLineNo(n));
            goto out;
        }
        w->s->current_user = idx;
    }
    rc = 0;
out:
    free(u.id);
    free(u.name);
    free(u.birth_date);
    free(u.fnr);
    free(u.herid);
    free(u.hpr);
    return rc;
}

static int walk_service(struct walk *w, struct helseid_config *c, xmlNode *n)
{
    struct service_choice *sv = realloc(c->services, (c->n_services + 1) * sizeof *sv);
    struct service_choice *sc;

    if (!sv)
        return nomem(w);
    c->services = sv;
    sc = &sv[c->n_services];
    memset(sc, 0, sizeof *sc);
    c->n_services++;
    if (get_attr(w, n, "id", &sc->service) < 0)
        return -1;
    for (xmlNode *o = n->children; o; o = o->next) {
        char *id;

        if (!is_el(o, "option"))
            continue;
        if (get_attr(w, o, "id", &id) < 0)
            return -1;
        if (id && strv_push_owned(&sc->options, id) < 0) {
            free(id);
            return nomem(w);
        }
    }
    return 0;
}

static int walk_helseid(struct walk *w, xmlNode *n)
{
    struct helseid_config *c = calloc(1, sizeof *c);
    char *state = NULL;

    if (!c)
        return nomem(w);
    w->s->config = c;   /* site_clear frees it on failure */
    if (get_attr(w, n, "state", &state) < 0)
        return -1;
    if (!state || config_state_parse(state, &c->state) < 0) {
        free(state);
        return error_set(w->e, ERR_PARSE, _("%s:%ld: invalid configuration state"),
                         w->name, xmlGetLineNo(n));
    }
    free(state);
    if (get_attr(w, n, "env", &c->env) < 0)
        return -1;
    for (xmlNode *k = n->children; k; k = k->next) {
        int rc = 0;

        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(k, "owner"))
            rc = get_attr(w, k, "orgnr", &c->owner_orgnr);
        else if (is_el(k, "client-id"))
            rc = get_text(w, k, &c->client_id);
        else if (is_el(k, "key"))
            rc = get_attr(w, k, "file", &c->key_file) < 0 ? -1 : get_attr(w, k, "alg", &c->key_alg);
        else if (is_el(k, "sfm-id"))
            rc = get_text(w, k, &c->sfm_id);
        else if (is_el(k, "epj-version"))
            rc = get_int(w, k, NULL, &c->epj_version);
        else if (is_el(k, "updated"))
            rc = get_text(w, k, &c->updated);
        else if (is_el(k, "browser"))
            rc = get_text(w, k, &c->browser);
        else if (is_el(k, "services")) {
            for (xmlNode *s = k->children; s && rc == 0; s = s->next)
                if (is_el(s, "service"))
                    rc = walk_service(w, c, s);
        } else if (is_el(k, "child-orgnrs")) {
            for (xmlNode *o = k->children; o && rc == 0; o = o->next) {
                char *v;

                if (!is_el(o, "orgnr"))
                    continue;
                if ((rc = get_text(w, o, &v)) == 0 && strv_push_owned(&c->child_orgnrs, v) < 0) {
                    free(v);
                    rc = nomem(w);
                }
            }
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int walk_site(struct walk *w, xmlNode *root)
{
    for (xmlNode *n = root->children; n; n = n->next) {
        if (is_el(n, "epj")) {
            if (get_attr(w, n, "name", &w->s->epj_name) < 0 ||
                get_int(w, n, "version", &w->s->epj_version) < 0)
                return -1;
            w->s->shared_database = attr_true(n, "shared-database");
        } else if (is_el(n, "units")) {
            for (xmlNode *u = n->children; u; u = u->next)
                if (is_el(u, "unit") && walk_unit(w, u, -1) < 0)
                    return -1;
        } else if (is_el(n, "users")) {
            for (xmlNode *u = n->children; u; u = u->next)
                if (is_el(u, "user") && walk_user(w, u) < 0)
                    return -1;
        } else if (is_el(n, "helseid")) {
            if (walk_helseid(w, n) < 0)
                return -1;
        }
    }
    return 0;
}

/* ---- parse ---- */

int site_xml_parse_memory(const char *data, size_t len, const char *name,
                          struct site *out, struct error *e)
{
    struct xml_diag d = { 0 };
    struct hooks h;
    xmlParserCtxtPtr pc = NULL;
    xmlRelaxNGValidCtxtPtr vc = NULL;
    xmlRelaxNGPtr schema;
    xmlDocPtr doc = NULL;
    struct site s;
    struct walk w = { name, &s, e };
    size_t bad;
    int rc = -1;

    site_init(&s);
    if (len > SITE_XML_MAX_SIZE)
        return error_set(e, ERR_PARSE, _("%s: file too large (%zu bytes, at most %u)"),
                         name, len, SITE_XML_MAX_SIZE);
    if (len > INT32_MAX)
        return error_set(e, ERR_PARSE, _("%s: file too large"), name);
    bad = utf8_invalid_at((const unsigned char *)data, len);
    if (bad < len)
        return error_set(e, ERR_PARSE, _("%s:%ld: invalid UTF-8 (byte 0x%02x); the site file "
                                         "must be UTF-8 text"),
                         name, line_at(data, bad), (unsigned char)data[bad]);
    if (!(schema = schema_get(e)))
        return -1;

    hooks_install(&h, &d);
    pc = xmlNewParserCtxt();
    if (!pc) {
        error_set(e, ERR_NOMEM, _("out of memory"));
        goto out;
    }
    pc->_private = &d;
    pc->sax->internalSubset = reject_doctype;
    pc->sax->externalSubset = reject_doctype;
    pc->sax->entityDecl = reject_entity;
    doc = xmlCtxtReadMemory(pc, data, (int)len, name, "UTF-8",
                            XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOXINCNODE);
    if (d.doctype) {
        error_set(e, ERR_PARSE, _("%s:%ld: DOCTYPE and entity declarations are not allowed "
                                  "in a site file"), name, d.line);
        goto out;
    }
    if (!doc || !pc->wellFormed) {
        error_set(e, ERR_PARSE, _("%s:%ld: malformed XML: %s"), name, d.line,
                  d.have ? d.msg : "?");
        goto out;
    }
    vc = xmlRelaxNGNewValidCtxt(schema);
    if (!vc) {
        error_set(e, ERR_NOMEM, _("out of memory"));
        goto out;
    }
    xmlRelaxNGSetValidStructuredErrors(vc, (xmlStructuredErrorFunc)diag_collect, &d);
    if (xmlRelaxNGValidateDoc(vc, doc) != 0) {
        const char *hint = d.element[0] ? expectation(d.element) : NULL;

        /* TRANSLATORS: the last %s is libxml2's (English) account of what went wrong. */
        error_set(e, ERR_PARSE, _("%s:%ld: not a valid site file: %s"), name, d.line,
                  d.have ? d.msg : "?");
        if (hint && e) {
            /* Through error_set, so a long message is cut at a character boundary. */
            char base[sizeof e->msg];

            memcpy(base, e->msg, sizeof base);
            error_set(e, ERR_PARSE, "%s (%s)", base, hint);
        }
        goto out;
    }
    if (walk_site(&w, xmlDocGetRootElement(doc)) < 0)
        goto out;
    *out = s;
    site_init(&s);
    rc = 0;
out:
    site_clear(&s);
    if (vc)
        xmlRelaxNGFreeValidCtxt(vc);
    if (doc)
        xmlFreeDoc(doc);
    if (pc)
        xmlFreeParserCtxt(pc);
    hooks_restore(&h);
    return rc;
}

int site_xml_parse_file(const char *path, struct site *out, struct error *e)
{
    struct stat st;
    char *buf = NULL;
    size_t len = 0;
    int fd, rc = -1;

    /* O_NONBLOCK: a FIFO given as the site file must not hang open() before the
     * S_ISREG check below refuses it (it has no effect on regular files). */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return error_set(e, ERR_IO, _("cannot open site file \"%s\": %s"), path, strerror(errno));
    if (fstat(fd, &st) < 0) {
        error_set(e, ERR_IO, _("cannot read site file \"%s\": %s"), path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        error_set(e, ERR_IO, _("site file \"%s\" is not a regular file"), path);
        goto out;
    }
    if (st.st_size > (off_t)SITE_XML_MAX_SIZE) {
        error_set(e, ERR_PARSE, _("%s: file too large (%jd bytes, at most %u)"), path,
                  (intmax_t)st.st_size, SITE_XML_MAX_SIZE);
        goto out;
    }
    /* Read to EOF, not to st_size: the file may change under us; cap it regardless. */
    buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        error_set(e, ERR_NOMEM, _("out of memory"));
        goto out;
    }
    for (;;) {
        ssize_t r = read(fd, buf + len, (size_t)st.st_size + 1 - len);

        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            error_set(e, ERR_IO, _("cannot read site file \"%s\": %s"), path, strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        len += (size_t)r;
        if (len > (size_t)st.st_size) {
            error_set(e, ERR_IO, _("site file \"%s\" changed while being read"), path);
            goto out;
        }
    }
    rc = site_xml_parse_memory(buf, len, path, out, e);
out:
    free(buf);
    close(fd);
    return rc;
}

/* ---- write ---- */

struct out {
    FILE *f;
    struct error *e;
    int depth;
    bool bad;           /* a string cannot be represented in XML 1.0 */
};

/* Attribute values escape whitespace too, so they survive attribute normalisation. */
static void put_escaped(struct out *o, const char *s, bool attr)
{
    if (utf8_invalid_at((const unsigned char *)s, strlen(s)) < strlen(s))
        o->bad = true;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        switch (c) {
        case '&': fputs("&amp;", o->f); break;
        case '<': fputs("&lt;", o->f); break;
        case '>': fputs("&gt;", o->f); break;
        case '"': fputs(attr ? "&quot;" : "\"", o->f); break;
        case '\r': fputs("&#13;", o->f); break;
        case '\t': fputs(attr ? "&#9;" : "\t", o->f); break;
        case '\n': fputs(attr ? "&#10;" : "\n", o->f); break;
        default:
            if (c < 0x20)
                o->bad = true;
            fputc(c, o->f);
        }
    }
}

static void put_attr(struct out *o, const char *name, const char *value)
{
    if (!value)
        return;
    fprintf(o->f, " %s=\"", name);
    put_escaped(o, value, true);
    fputc('"', o->f);
}

static void indent(struct out *o)
{
    for (int i = 0; i < o->depth; i++)
        fputs("  ", o->f);
}

static void put_text_el(struct out *o, const char *name, const char *value)
{
    if (!value)
        return;
    indent(o);
    fprintf(o->f, "<%s>", name);
    put_escaped(o, value, false);
    fprintf(o->f, "</%s>\n", name);
}

struct tree {
    int *first, *next;     /* first child / next sibling; index n is the virtual root */
    size_t seen;
};

#define MAX_DEPTH 200

static int put_unit(struct out *o, const struct site *s, struct tree *t, int i)
{
    const struct unit *u = &s->units[i];

    if (o->depth > MAX_DEPTH)
        return error_set(o->e, ERR_INVALID, _("the unit tree is deeper than %d levels"), MAX_DEPTH);
    t->seen++;
    indent(o);
    fputs("<unit", o->f);
    put_attr(o, "name", u->name);
    put_attr(o, "orgnr", u->orgnr);
    put_attr(o, "herid", u->herid);
    put_attr(o, "nace", u->nace);
    put_attr(o, "pt-access", u->pt_access);
    if (s->login_unit == i)
        put_attr(o, "login", "true");
    if (t->first[i] < 0) {
        fputs("/>\n", o->f);
        return 0;
    }
    fputs(">\n", o->f);
    o->depth++;
    for (int c = t->first[i]; c >= 0; c = t->next[c])
        if (put_unit(o, s, t, c) < 0)
            return -1;
    o->depth--;
    indent(o);
    fputs("</unit>\n", o->f);
    return 0;
}

static int put_units(struct out *o, const struct site *s)
{
    struct tree t = { 0 };
    size_t n = s->n_units;
    int rc = -1;

    if (n == 0) {
        fputs("  <units/>\n", o->f);
        return 0;
    }
    if (n > INT32_MAX - 1)
        return error_set(o->e, ERR_INVALID, _("too many units"));
    t.first = malloc((n + 1) * sizeof *t.first);
    t.next = malloc(n * sizeof *t.next);
    if (!t.first || !t.next) {
        error_set(o->e, ERR_NOMEM, _("out of memory"));
        goto out;
    }
    for (size_t i = 0; i <= n; i++)
        t.first[i] = -1;
    for (size_t i = n; i-- > 0;) {
        int p = s->units[i].parent;

        if (p < -1 || p >= (int)n || p == (int)i) {
            error_set(o->e, ERR_INVALID, _("unit \"%s\" has an invalid parent"),
                      s->units[i].name ? s->units[i].name : "?");
            goto out;
        }
        p = p < 0 ? (int)n : p;
        t.next[i] = t.first[p];
        t.first[p] = (int)i;
    }
    fputs("  <units>\n", o->f);
    o->depth = 2;
    for (int c = t.first[n]; c >= 0; c = t.next[c])
        if (put_unit(o, s, &t, c) < 0)
            goto out;
    if (t.seen != n) {
        error_set(o->e, ERR_INVALID, _("the unit tree has a cycle"));
        goto out;
    }
    fputs("  </units>\n", o->f);
    rc = 0;
out:
    free(t.first);
    free(t.next);
    return rc;
}

static void put_config(struct out *o, const struct helseid_config *c)
{
    char num[16];

    fputs("  <helseid", o->f);
    put_attr(o, "state", config_state_name(c->state));
    put_attr(o, "env", c->env);
    fputs(">\n", o->f);
    o->depth = 2;
    if (c->owner_orgnr) {
        fputs("    <owner", o->f);
        put_attr(o, "orgnr", c->owner_orgnr);
        fputs("/>\n", o->f);
    }
    put_text_el(o, "client-id", c->client_id);
    if (c->key_file || c->key_alg) {
        fputs("    <key", o->f);
        put_attr(o, "file", c->key_file);
        put_attr(o, "alg", c->key_alg);
        fputs("/>\n", o->f);
    }
    put_text_el(o, "sfm-id", c->sfm_id);
    if (c->epj_version) {
        snprintf(num, sizeof num, "%d", c->epj_version);
        put_text_el(o, "epj-version", num);
    }
    put_text_el(o, "updated", c->updated);
    put_text_el(o, "browser", c->browser);
    if (c->n_services) {
        fputs("    <services>\n", o->f);
        for (size_t i = 0; i < c->n_services; i++) {
            const struct service_choice *sc = &c->services[i];

            fputs("      <service", o->f);
            put_attr(o, "id", sc->service);
            if (!sc->options.n) {
                fputs("/>\n", o->f);
                continue;
            }
            fputc('>', o->f);
            for (size_t k = 0; k < sc->options.n; k++) {
                fputs("<option", o->f);
                put_attr(o, "id", sc->options.v[k]);
                fputs("/>", o->f);
            }
            fputs("</service>\n", o->f);
        }
        fputs("    </services>\n", o->f);
    }
    if (c->child_orgnrs.n) {
        fputs("    <child-orgnrs>\n", o->f);
        o->depth = 3;
        for (size_t i = 0; i < c->child_orgnrs.n; i++)
            put_text_el(o, "orgnr", c->child_orgnrs.v[i]);
        fputs("    </child-orgnrs>\n", o->f);
    }
    fputs("  </helseid>\n", o->f);
}

int site_xml_write(const struct site *s, char **out, size_t *len, struct error *e)
{
    struct out o = { .e = e };
    char *buf = NULL, num[16];
    size_t n = 0;
    int rc = -1;

    o.f = open_memstream(&buf, &n);
    if (!o.f)
        return error_set(e, ERR_NOMEM, _("out of memory"));
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<site xmlns=\"" SITE_NS "\" version=\"1\">\n", o.f);
    fputs("  <epj", o.f);
    put_attr(&o, "name", s->epj_name);
    if (s->epj_version) {
        snprintf(num, sizeof num, "%d", s->epj_version);
        put_attr(&o, "version", num);
    }
    if (s->shared_database)
        put_attr(&o, "shared-database", "true");
    fputs("/>\n", o.f);
    if (put_units(&o, s) < 0)
        goto out;
    if (s->n_users == 0) {
        fputs("  <users/>\n", o.f);
    } else {
        fputs("  <users>\n", o.f);
        for (size_t i = 0; i < s->n_users; i++) {
            const struct user *u = &s->users[i];

            fputs("    <user", o.f);
            put_attr(&o, "id", u->id);
            put_attr(&o, "name", u->name);
            put_attr(&o, "birth-date", u->birth_date);
            put_attr(&o, "fnr", u->fnr);
            put_attr(&o, "herid", u->herid);
            put_attr(&o, "hpr", u->hpr);
            if (s->current_user == (int)i)
                put_attr(&o, "current", "true");
            fputs("/>\n", o.f);
        }
        fputs("  </users>\n", o.f);
    }
    if (s->config)
        put_config(&o, s->config);
    fputs("</site>\n", o.f);
    if (o.bad) {
        error_set(e, ERR_INVALID, _("the site contains text that is not valid UTF-8 or has "
                                    "control characters"));
        goto out;
    }
    rc = 0;
out:
    if (fclose(o.f) != 0 && rc == 0)
        rc = error_set(e, ERR_NOMEM, _("out of memory"));
    if (rc == 0) {
        *out = buf;
        *len = n;
    } else {
        free(buf);
    }
    return rc;
}
