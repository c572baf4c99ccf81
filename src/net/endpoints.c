/* Service URLs per environment, with override layers (see endpoints.h). */
#include "config.h"
#include "net/endpoints.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "core/strv.h"

/* spec/protocol.md, "Hosts". */
static const struct {
    const char *authority, *selvbetjening_api, *selvbetjening_web, *persontjenesten, *brreg;
} defaults[] = {
    [ENDPOINT_ENV_PROD] = {
        "https://helseid-sts.nhn.no",
        "https://api.selvbetjening.nhn.no",
        "https://selvbetjening.nhn.no",
        "https://api.persontjenesten.nhn.no",
        "https://data.brreg.no/enhetsregisteret/api",
    },
    [ENDPOINT_ENV_TEST] = {
        "https://helseid-sts.test.nhn.no",
        "https://api.selvbetjening.test.nhn.no",
        "https://selvbetjening.test.nhn.no",
        "https://et.persontjenesten.test.nhn.no",
        "https://data.ppe.brreg.no/enhetsregisteret/api",
    },
    [ENDPOINT_ENV_DEMO] = { NULL, NULL, NULL, NULL, NULL },
};

static const char *const env_names[] = { "prod", "test", "demo" };

void endpoints_init(struct endpoints *ep)
{
    memset(ep, 0, sizeof *ep);
}

void endpoints_clear(struct endpoints *ep)
{
#define ENDPOINT_FREE(name, envvar, label) free(ep->name);
    ENDPOINT_FIELDS(ENDPOINT_FREE)
#undef ENDPOINT_FREE
    free_strings(&ep->ca_file, &ep->portal_browser);
    endpoints_init(ep);
}

int endpoint_env_parse(const char *s, enum endpoint_env *out, struct error *e)
{
    for (size_t i = 0; i < sizeof env_names / sizeof env_names[0]; i++)
        if (s && strcmp(s, env_names[i]) == 0) {
            *out = (enum endpoint_env)i;
            return 0;
        }
    return error_set(e, ERR_USAGE, _("invalid environment '%s' (use prod, test or demo)"), s ? s : "");
}

const char *endpoint_env_name(enum endpoint_env env)
{
    return (unsigned)env < 3 ? env_names[env] : "?";
}

int endpoints_defaults(struct endpoints *ep, enum endpoint_env env, struct error *e)
{
    struct endpoints n;

    endpoints_init(&n);
    n.env = env;
#define ENDPOINT_DEFAULT(name, envvar, label) \
    if (defaults[env].name && !(n.name = strdup(defaults[env].name))) goto nomem;
    ENDPOINT_FIELDS(ENDPOINT_DEFAULT)
#undef ENDPOINT_DEFAULT
    endpoints_clear(ep);
    *ep = n;
    return 0;
nomem:
    endpoints_clear(&n);
    return error_nomem(e);
}

void endpoints_layer_from_environ(struct endpoints_layer *l)
{
    memset(l, 0, sizeof *l);
    l->env = getenv("HELSEID_ENV");
#define ENDPOINT_ENV(name, envvar, label) l->name = getenv(envvar);
    ENDPOINT_FIELDS(ENDPOINT_ENV)
#undef ENDPOINT_ENV
    l->ca_file = getenv("HELSEID_CA_FILE");
}

static bool host_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '[' || c == ']' || c == ':';
}

int endpoint_url_check(const char *url, const char *label, char **out, struct error *e)
{
    const char *host, *p;
    size_t len;
    char *copy;

    if (!url || strncasecmp(url, "https://", 8) != 0)
        /* TRANSLATORS: %s is a service name such as "HelseID STS", then the URL. */
        return error_set(e, ERR_USAGE, _("URL of %s must start with https:// ('%s')"), label, url ? url : "");
    host = url + 8;
    for (p = host; *p && *p != '/'; p++)
        if (!host_char((unsigned char)*p))
            return error_set(e, ERR_USAGE, _("URL of %s has an invalid host ('%s')"), label, url);
    if (p == host || *host == ':')
        return error_set(e, ERR_USAGE, _("URL of %s has no host ('%s')"), label, url);
    for (; *p; p++)
        if (*p == '?' || *p == '#' || (unsigned char)*p <= ' ' || (unsigned char)*p == 0x7f)
            return error_set(e, ERR_USAGE, _("URL of %s must not have a query, fragment or spaces ('%s')"), label, url);
    len = strlen(url);
    while (len > 8 && url[len - 1] == '/')
        len--;
    copy = strndup(url, len);
    if (!copy)
        return error_nomem(e);
    *out = copy;
    return 0;
}

int endpoint_url_host(const char *url, char *host, size_t cap, int *port)
{
    const char *h, *end, *colon;
    size_t n;

    if (!url || strncasecmp(url, "https://", 8) != 0 || cap == 0)
        return -1;
    h = url + 8;
    end = h + strcspn(h, "/?#");
    colon = NULL;
    if (*h == '[') {
        const char *rb = memchr(h, ']', (size_t)(end - h));
        if (!rb)
            return -1;
        if (rb + 1 < end && rb[1] == ':')
            colon = rb + 1;
    } else {
        colon = memchr(h, ':', (size_t)(end - h));
    }
    n = (size_t)((colon ? colon : end) - h);
    if (n == 0 || n >= cap)
        return -1;
    memcpy(host, h, n);
    host[n] = '\0';
    if (port) {
        *port = 443;
        if (colon) {
            long v = 0;
            for (const char *p = colon + 1; p < end; p++) {
                if (*p < '0' || *p > '9' || (v = v * 10 + (*p - '0')) > 65535)
                    return -1;
            }
            if (v == 0)
                return -1;
            *port = (int)v;
        }
    }
    return 0;
}

int endpoints_resolve(struct endpoints *ep, const struct endpoints_layer *const *layers,
                      size_t n, struct error *e)
{
    enum endpoint_env env = ENDPOINT_ENV_PROD;
    struct endpoints r;
    char *v;

    for (size_t i = 0; i < n; i++)
        if (layers[i] && layers[i]->env && endpoint_env_parse(layers[i]->env, &env, e) < 0)
            return -1;
    endpoints_init(&r);
    if (endpoints_defaults(&r, env, e) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const struct endpoints_layer *l = layers[i];
        if (!l)
            continue;
#define ENDPOINT_OVERRIDE(name, envvar, label) \
        if (l->name && *l->name) { \
            if (endpoint_url_check(l->name, _(label), &v, e) < 0) goto fail; \
            free(r.name); r.name = v; \
        }
        ENDPOINT_FIELDS(ENDPOINT_OVERRIDE)
#undef ENDPOINT_OVERRIDE
        if (l->ca_file && *l->ca_file) {
            if (!(v = strdup(l->ca_file))) {
                error_nomem(e);
                goto fail;
            }
            free(r.ca_file);
            r.ca_file = v;
        }
    }
    endpoints_clear(ep);
    *ep = r;
    return 0;
fail:
    endpoints_clear(&r);
    return -1;
}
