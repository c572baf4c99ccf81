/* Site file XML, reading: the hardened reader (store/xml_safe.c) against data/site.rng,
 * then the document into struct site. */
#include "config.h"
#include "store/site_xml.h"
#include "store/trust.h"
#include "store/datadir.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "store/util.h"
#include "store/xml_safe.h"

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
    struct xml_safe_diag d = { 0 };
    const char *path;

    if (schema_cache)
        return schema_cache;
    path = site_xml_schema_path();
    if (access(path, R_OK) < 0) {
        error_set(e, ERR_IO, _("cannot read the site file schema \"%s\": %s"), path,
                  strerror(errno));
        return NULL;
    }
    schema_cache = xml_safe_schema_file(path, &d);
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
    return error_nomem(w->e);
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

/* The login unit and the current user are marked once per site: record idx as the marked
 * one, or false when another already is. */
static bool mark_once(int *marked, int idx)
{
    if (*marked >= 0)
        return false;
    *marked = idx;
    return true;
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

static int walk_unit(struct walk *w, xmlNode *n, int parent, int level)
{
    char *name = NULL, *orgnr = NULL, *herid = NULL, *nace = NULL, *pt = NULL;
    int idx = -1, rc = -1;

    /* The writer's limit: a file we could not save again is refused when read, before
     * anything is sent on its behalf. */
    if (level > SITE_XML_MAX_UNIT_DEPTH)
        return error_set(w->e, ERR_PARSE, _("%s:%ld: the unit tree is deeper than %d levels"),
                         w->name, xmlGetLineNo(n), SITE_XML_MAX_UNIT_DEPTH);
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
    if (attr_true(n, "login") && !mark_once(&w->s->login_unit, idx)) {
        error_set(w->e, ERR_PARSE, _("%s:%ld: more than one unit is marked login=\"true\""),
                  w->name, xmlGetLineNo(n));
        goto out;
    }
    for (xmlNode *c = n->children; c; c = c->next)
        if (is_el(c, "unit") && walk_unit(w, c, idx, level + 1) < 0)
            goto out;
    rc = 0;
out:
    free_strings(&name, &orgnr, &herid, &nace, &pt);
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
    /* The id names the user everywhere (current user, audit): it must be unique. */
    for (size_t i = 0; u.id && i < w->s->n_users; i++)
        if (w->s->users[i].id && strcmp(w->s->users[i].id, u.id) == 0) {
            error_set(w->e, ERR_PARSE, _("%s:%ld: user id \"%s\" is used twice: give each user an id of their own"),
                      w->name, xmlGetLineNo(n), u.id);
            goto out;
        }
    idx = site_add_user(w->s, &u);
    if (idx < 0) {
        nomem(w);
        goto out;
    }
    if (attr_true(n, "current") && !mark_once(&w->s->current_user, idx)) {
        error_set(w->e, ERR_PARSE, _("%s:%ld: more than one user is marked current=\"true\""),
                  w->name, xmlGetLineNo(n));
        goto out;
    }
    rc = 0;
out:
    free_strings(&u.id, &u.name, &u.birth_date, &u.fnr, &u.herid, &u.hpr);
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
            rc = get_attr(w, k, "file", &c->key_file) < 0 || get_attr(w, k, "alg", &c->key_alg) < 0
                     ? -1 : get_attr(w, k, "expires", &c->key_expires);
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
                if (is_el(u, "unit") && walk_unit(w, u, -1, 1) < 0)
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

/* Name the expected shape after libxml2's account of a schema mismatch. */
static void invalid(const struct xml_safe_diag *d, const char *name, struct error *e)
{
    const char *hint = d->element[0] ? expectation(d->element) : NULL;

    /* TRANSLATORS: the last %s is libxml2's (English) account of what went wrong. */
    error_set(e, ERR_PARSE, _("%s:%ld: not a valid site file: %s"), name, d->line,
              d->have ? d->msg : "?");
    if (hint && e) {
        /* Through error_set, so a long message is cut at a character boundary. */
        char base[sizeof e->msg];

        memcpy(base, e->msg, sizeof base);
        error_set(e, ERR_PARSE, "%s (%s)", base, hint);
    }
}

int site_xml_parse_memory(const char *data, size_t len, const char *name,
                          struct site *out, struct error *e)
{
    struct xml_safe_diag d = { 0 };
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
    bad = xml_safe_utf8_invalid_at((const unsigned char *)data, len);
    if (bad < len)
        return error_set(e, ERR_PARSE, _("%s:%ld: invalid UTF-8 (byte 0x%02x); the site file "
                                         "must be UTF-8 text"),
                         name, xml_safe_line_at(data, bad), (unsigned char)data[bad]);
    if (!(schema = schema_get(e)))
        return -1;

    switch (xml_safe_read(data, len, name, "UTF-8", schema, &doc, &d)) {
    case XML_SAFE_OK:
        break;
    case XML_SAFE_NOMEM:
        error_nomem(e);
        goto out;
    case XML_SAFE_DOCTYPE:
        error_set(e, ERR_PARSE, _("%s:%ld: DOCTYPE and entity declarations are not allowed "
                                  "in a site file"), name, d.line);
        goto out;
    case XML_SAFE_MALFORMED:
        error_set(e, ERR_PARSE, _("%s:%ld: malformed XML: %s"), name, d.line,
                  d.have ? d.msg : "?");
        goto out;
    case XML_SAFE_INVALID:
        invalid(&d, name, e);
        goto out;
    }
    if (walk_site(&w, xmlDocGetRootElement(doc)) < 0)
        goto out;
    *out = s;
    site_init(&s);
    rc = 0;
out:
    site_clear(&s);
    if (doc)
        xmlFreeDoc(doc);
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
    if (trust_check_file(path, &st, TRUST_SITE, e) < 0)
        goto out;
    if (st.st_size > (off_t)SITE_XML_MAX_SIZE) {
        error_set(e, ERR_PARSE, _("%s: file too large (%jd bytes, at most %u)"), path,
                  (intmax_t)st.st_size, SITE_XML_MAX_SIZE);
        goto out;
    }
    /* Read to EOF, not to st_size: the file may change under us; cap it regardless. */
    switch (store_read_fd(fd, (size_t)st.st_size, &buf, &len)) {
    case STORE_READ_OK:
        break;
    case STORE_READ_IO:
        error_set(e, ERR_IO, _("cannot read site file \"%s\": %s"), path, strerror(errno));
        goto out;
    case STORE_READ_TOO_LARGE:
        error_set(e, ERR_IO, _("site file \"%s\" changed while being read"), path);
        goto out;
    default:
        error_nomem(e);
        goto out;
    }
    rc = site_xml_parse_memory(buf, len, path, out, e);
    if (rc == 0 && trust_check_key_ref(path, out->config ? out->config->key_file : NULL, e) < 0) {
        site_clear(out);
        rc = -1;
    }
out:
    free(buf);
    close(fd);
    return rc;
}

