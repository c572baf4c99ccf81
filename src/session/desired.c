/* The desired-configuration file (see desired.h): strict JSON, every error with its
 * line and field. cJSON keeps no positions, so a member's line is found by walking
 * the text for its key path ("key" followed by ':'), which is exact for the keys this
 * format has. */
#include "config.h"
#include "session/desired.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/i18n.h"
#include "core/interrupt.h"
#include "core/strv.h"

void desired_init(struct desired *d)
{
    memset(d, 0, sizeof *d);
}

void desired_clear(struct desired *d)
{
    free_strings(&d->env, &d->owner_orgnr, &d->sfm_id, &d->key_alg);
    for (size_t i = 0; i < d->n_services; i++)
        service_choice_clear(&d->services[i]);
    free(d->services);
    memset(d, 0, sizeof *d);
}

struct parser {
    const char *text;
    size_t len;
    const char *name;
    const struct catalog *cat;
};

static int line_at(const struct parser *p, size_t off)
{
    int line = 1;

    for (size_t i = 0; i < off && i < p->len; i++)
        line += p->text[i] == '\n';
    return line;
}

/* Offset just after `"key"` + optional blanks + ':' at or after `from`, or -1. */
static long find_key(const struct parser *p, size_t from, const char *key)
{
    size_t klen = strlen(key);

    for (size_t i = from; i + klen + 2 <= p->len; i++) {
        size_t j;

        if (p->text[i] != '"' || memcmp(p->text + i + 1, key, klen) != 0 || p->text[i + klen + 1] != '"')
            continue;
        for (j = i + klen + 2; j < p->len && strchr(" \t\r\n", p->text[j]); j++)
            ;
        if (j < p->len && p->text[j] == ':')
            return (long)i;
    }
    return -1;
}

/* The line of a member: keys walked in order from the top (NULL-terminated). */
static int member_line(const struct parser *p, const char *k1, const char *k2)
{
    long at = k1 ? find_key(p, 0, k1) : -1, at2;

    if (at < 0)
        return 1;
    if (k2 && (at2 = find_key(p, (size_t)at, k2)) >= 0)
        at = at2;
    return line_at(p, (size_t)at);
}

/* A value from the file, printable for a message: ASCII graphic characters only. */
static const char *shown(const char *s, char *buf, size_t n)
{
    size_t i = 0;

    for (; s && *s && i + 4 < n; s++)
        buf[i++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
    if (s && *s)
        buf[i++] = '.', buf[i++] = '.', buf[i++] = '.';
    buf[i] = '\0';
    return buf;
}

__attribute__((format(printf, 5, 6)))
static int fail(const struct parser *p, struct error *e, int line, const char *field,
                const char *fmt, ...)
{
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (field)
        /* TRANSLATORS: FILE:LINE: field "services.kpr": problem */
        return error_set(e, ERR_PARSE, _("%s:%d: field \"%s\": %s"), p->name, line, field, msg);
    return error_set(e, ERR_PARSE, "%s:%d: %s", p->name, line, msg);
}

static const char *const members[] = {
    "format", "env", "owner", "create_new", "services", "sfm_id", "confirm_new_sfm_id",
    "key_alg", NULL,
};

static int check_members(const struct parser *p, const cJSON *root, struct error *e)
{
    char buf[80];

    for (const cJSON *it = root->child; it; it = it->next) {
        bool known = false;

        for (size_t i = 0; members[i]; i++)
            known |= strcmp(it->string, members[i]) == 0;
        if (!known)
            return fail(p, e, member_line(p, it->string, NULL), NULL,
                        _("unknown member \"%s\""), shown(it->string, buf, sizeof buf));
        for (const cJSON *o = root->child; o != it; o = o->next)
            if (strcmp(o->string, it->string) == 0)
                return fail(p, e, member_line(p, it->string, NULL), it->string,
                            "%s", _("given twice"));
    }
    return 0;
}

static int get_bool(const struct parser *p, const cJSON *root, const char *key, bool *out,
                    struct error *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);

    if (!v)
        return 0;
    if (!cJSON_IsBool(v))
        return fail(p, e, member_line(p, key, NULL), key, "%s", _("must be true or false"));
    *out = cJSON_IsTrue(v);
    return 0;
}

/* A non-empty string member (or absent when !required; null counts as absent when
 * null_ok). */
static int get_string(const struct parser *p, const cJSON *root, const char *key,
                      bool required, bool null_ok, char **out, struct error *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);

    if (!v || (null_ok && cJSON_IsNull(v))) {
        if (required)
            return fail(p, e, 1, key, "%s", _("missing"));
        return 0;
    }
    if (!cJSON_IsString(v))
        return fail(p, e, member_line(p, key, NULL), key, "%s", _("must be a string"));
    if (strlen(v->valuestring) > 200)
        return fail(p, e, member_line(p, key, NULL), key, "%s", _("too long"));
    if (!*v->valuestring && !null_ok)
        return fail(p, e, member_line(p, key, NULL), key, "%s", _("must not be empty"));
    if (*v->valuestring && !(*out = strdup(v->valuestring)))
        return error_nomem(e);
    return 0;
}

static int parse_service(const struct parser *p, const cJSON *it, struct service_choice *c,
                         struct error *e)
{
    const struct catalog_service *s = p->cat ? catalog_find(p->cat, it->string) : NULL;
    int line = member_line(p, "services", it->string);
    char field[160], buf[80];
    size_t k = 0;

    snprintf(field, sizeof field, "services.%s", shown(it->string, buf, sizeof buf));
    if (p->cat && !s)
        return fail(p, e, line, field, "%s", _("no such service in the service catalog"));
    if (s && s->always)
        return fail(p, e, line, field, "%s", _("always requested: leave it out"));
    if (!cJSON_IsArray(it))
        return fail(p, e, line, field, "%s", _("must be a list of option ids ([] for none)"));
    if (!(c->service = strdup(it->string)))
        return error_nomem(e);
    for (const cJSON *o = it->child; o; o = o->next, k++) {
        snprintf(field, sizeof field, "services.%s[%zu]", shown(it->string, buf, sizeof buf), k);
        if (!cJSON_IsString(o) || !*o->valuestring)
            return fail(p, e, line, field, "%s", _("must be an option id (a string)"));
        if (s && !catalog_find_option(s, o->valuestring))
            return fail(p, e, line, field, _("\"%s\" is not an option of this service"),
                        shown(o->valuestring, buf, sizeof buf));
        if (strv_contains(&c->options, o->valuestring))
            return fail(p, e, line, field, _("option \"%s\" given twice"),
                        shown(o->valuestring, buf, sizeof buf));
        if (strv_push(&c->options, o->valuestring) < 0)
            return error_nomem(e);
    }
    return 0;
}

static int parse_services(const struct parser *p, const cJSON *root, struct desired *d,
                          struct error *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "services");
    size_t n = 0;

    if (!v)
        return fail(p, e, 1, "services", "%s", _("missing"));
    if (!cJSON_IsObject(v))
        return fail(p, e, member_line(p, "services", NULL), "services", "%s",
                    _("must be an object of service ids"));
    for (const cJSON *it = v->child; it; it = it->next)
        n++;
    if (n && !(d->services = calloc(n, sizeof *d->services)))
        return error_nomem(e);
    for (const cJSON *it = v->child; it; it = it->next) {
        for (size_t i = 0; i < d->n_services; i++)
            if (strcmp(d->services[i].service, it->string) == 0)
                return fail(p, e, member_line(p, "services", it->string), "services",
                            _("service \"%s\" given twice"), it->string);
        if (parse_service(p, it, &d->services[d->n_services], e) < 0) {
            service_choice_clear(&d->services[d->n_services]);
            return -1;
        }
        d->n_services++;
    }
    return 0;
}

static int parse_root(const struct parser *p, const cJSON *root, struct desired *d,
                      struct error *e)
{
    const cJSON *v;

    if (!cJSON_IsObject(root))
        return fail(p, e, 1, NULL, "%s", _("the desired configuration must be a JSON object"));
    if (check_members(p, root, e) < 0)
        return -1;
    v = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!v)
        return fail(p, e, 1, "format", _("missing (write \"format\": %d)"), DESIRED_FORMAT);
    if (!cJSON_IsNumber(v) || v->valuedouble != DESIRED_FORMAT)
        return fail(p, e, member_line(p, "format", NULL), "format",
                    _("unsupported format (this program reads format %d)"), DESIRED_FORMAT);
    if (get_string(p, root, "env", false, false, &d->env, e) < 0 ||
        get_string(p, root, "owner", true, false, &d->owner_orgnr, e) < 0 ||
        get_bool(p, root, "create_new", &d->create_new, e) < 0 ||
        parse_services(p, root, d, e) < 0 ||
        get_string(p, root, "sfm_id", false, true, &d->sfm_id, e) < 0 ||
        (d->sfm_given = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "sfm_id")), false) ||
        get_bool(p, root, "confirm_new_sfm_id", &d->confirm_new_sfm_id, e) < 0 ||
        get_string(p, root, "key_alg", false, false, &d->key_alg, e) < 0)
        return -1;
    if (d->key_alg && strcmp(d->key_alg, "ES256") != 0 && strcmp(d->key_alg, "PS256") != 0)
        return fail(p, e, member_line(p, "key_alg", NULL), "key_alg", "%s",
                    _("must be \"ES256\" or \"PS256\" (never RS256)"));
    if (d->env && strcmp(d->env, "prod") != 0 && strcmp(d->env, "test") != 0 &&
        strcmp(d->env, "demo") != 0)
        return fail(p, e, member_line(p, "env", NULL), "env", "%s",
                    _("must be \"prod\", \"test\" or \"demo\""));
    return 0;
}

int desired_parse(struct desired *d, const char *text, size_t len, const char *name,
                  const struct catalog *cat, struct error *e)
{
    struct parser p = { text, len, name, cat };
    struct desired tmp;
    const char *end = NULL;
    cJSON *root;
    int rc;

    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        p.text += 3, p.len -= 3;
    if (memchr(p.text, '\0', p.len))
        return fail(&p, e, line_at(&p, (size_t)((const char *)memchr(p.text, '\0', p.len) - p.text)),
                    NULL, "%s", _("a NUL byte in the file"));
    root = cJSON_ParseWithLengthOpts(p.text, p.len, &end, false);
    if (!root) {
        size_t off = end && end >= p.text ? (size_t)(end - p.text) : 0;
        const char *at = cJSON_GetErrorPtr();

        if (at && at >= p.text && at <= p.text + p.len)
            off = (size_t)(at - p.text);
        return fail(&p, e, line_at(&p, off), NULL, "%s", _("not valid JSON here"));
    }
    for (const char *s = end; s && s < p.text + p.len; s++)
        if (!strchr(" \t\r\n", *s)) {
            cJSON_Delete(root);
            return fail(&p, e, line_at(&p, (size_t)(s - p.text)), NULL, "%s",
                        _("text after the JSON object"));
        }
    desired_init(&tmp);
    rc = parse_root(&p, root, &tmp, e);
    cJSON_Delete(root);
    if (rc < 0) {
        desired_clear(&tmp);
        return -1;
    }
    *d = tmp;
    return 0;
}

int desired_load(struct desired *d, const char *path, const struct catalog *cat,
                 struct error *e)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0;
    int rc = -1;

    if (!f && errno == EINTR && interrupt_signal())    /* a FIFO nobody writes, then a signal */
        return interrupt_error(e);
    if (!f)
        return error_set(e, ERR_IO, _("cannot open \"%s\": %s"), path, strerror(errno));
    if (!(buf = malloc(DESIRED_MAX_BYTES + 1))) {
        error_nomem(e);
        goto out;
    }
    n = fread(buf, 1, DESIRED_MAX_BYTES + 1, f);
    if (ferror(f)) {
        error_set(e, ERR_IO, _("cannot read \"%s\": %s"), path, strerror(errno));
        goto out;
    }
    if (n > DESIRED_MAX_BYTES) {
        error_set(e, ERR_PARSE, _("\"%s\" is too large (more than %d KiB)"), path,
                  DESIRED_MAX_BYTES / 1024);
        goto out;
    }
    rc = desired_parse(d, buf, n, path, cat, e);
out:
    free(buf);
    fclose(f);
    return rc;
}
