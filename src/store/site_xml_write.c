/* Site file XML, writing: fixed element and attribute order, two-space indent. */
#include "config.h"
#include "store/site_xml.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "store/xml_safe.h"

#define SITE_NS "urn:helseid-admin:site:1"

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
    if (xml_safe_utf8_invalid_at((const unsigned char *)s, strlen(s)) < strlen(s))
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


static int put_unit(struct out *o, const struct site *s, struct tree *t, int i)
{
    const struct unit *u = &s->units[i];

    if (o->depth - 1 > SITE_XML_MAX_UNIT_DEPTH)     /* depth 2 is the first level */
        return error_set(o->e, ERR_INVALID, _("the unit tree is deeper than %d levels"),
                         SITE_XML_MAX_UNIT_DEPTH);
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
        error_nomem(o->e);
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
    if (c->key_file || c->key_alg || c->key_expires) {
        fputs("    <key", o->f);
        put_attr(o, "file", c->key_file);
        put_attr(o, "alg", c->key_alg);
        put_attr(o, "expires", c->key_expires);
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
        return error_nomem(e);
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
        rc = error_nomem(e);
    if (rc == 0) {
        *out = buf;
        *len = n;
    } else {
        free(buf);
    }
    return rc;
}
