/* The URLs of the outside services for one environment (spec/protocol.md, "Hosts").
 * Precedence: flags > environment > site file > defaults. Build with
 * endpoints_defaults() and then endpoints_apply() each layer from lowest to highest. */
#ifndef HELSEID_ENDPOINTS_H
#define HELSEID_ENDPOINTS_H

#include <stddef.h>

#include "core/error.h"

enum endpoint_env { ENDPOINT_ENV_PROD, ENDPOINT_ENV_TEST, ENDPOINT_ENV_DEMO };

/* The fields a layer may set; NULL = not given at this layer. URLs have no trailing '/'. */
#define ENDPOINT_FIELDS(X)                                                     \
    X(authority,          "HELSEID_AUTHORITY",          N_("HelseID STS"))      \
    X(selvbetjening_api,  "HELSEID_SELVBETJENING_API",  N_("Selvbetjening API"))  \
    X(selvbetjening_web,  "HELSEID_SELVBETJENING_WEB",  N_("Selvbetjening portal")) \
    X(persontjenesten,    "HELSEID_PERSONTJENESTEN",    N_("Persontjenesten API")) \
    X(brreg,              "HELSEID_BRREG",              N_("Enhetsregisteret"))

struct endpoints {
    enum endpoint_env env;
#define ENDPOINT_MEMBER(name, envvar, label) char *name;
    ENDPOINT_FIELDS(ENDPOINT_MEMBER)
#undef ENDPOINT_MEMBER
    char *ca_file;              /* extra CA (adds to the system store) */
    char *portal_browser;       /* the portal as a person's browser opens it, when it
                                   differs (the simulator's plain-HTTP loopback copy of
                                   its pages in demo); NULL = selvbetjening_web */
};

/* One override layer (borrowed strings). */
struct endpoints_layer {
    const char *env;            /* "prod" | "test" | "demo" | NULL */
#define ENDPOINT_LAYER_MEMBER(name, envvar, label) const char *name;
    ENDPOINT_FIELDS(ENDPOINT_LAYER_MEMBER)
#undef ENDPOINT_LAYER_MEMBER
    const char *ca_file;
};

void endpoints_init(struct endpoints *ep);
void endpoints_clear(struct endpoints *ep);

/* Parse "prod" / "test" / "demo". */
int endpoint_env_parse(const char *s, enum endpoint_env *out, struct error *e);
const char *endpoint_env_name(enum endpoint_env env);

/* The spec table for prod/test; demo has no fixed URLs (the simulator supplies them
 * through a layer). Replaces every field. */
int endpoints_defaults(struct endpoints *ep, enum endpoint_env env, struct error *e);
/* Fill a layer from HELSEID_ENV, HELSEID_AUTHORITY, ... HELSEID_CA_FILE. */
void endpoints_layer_from_environ(struct endpoints_layer *l);
/* Resolve layers (lowest first: site file, environment, flags): the environment name
 * is taken from the highest layer that names one (default prod), then defaults, then each
 * layer's URLs on top. Every URL must be https:// with a host and no user info,
 * query or fragment; a trailing '/' is removed. */
int endpoints_resolve(struct endpoints *ep, const struct endpoints_layer *const *layers,
                      size_t n, struct error *e);
/* Check one URL by the rules above; out gets a normalised copy. */
int endpoint_url_check(const char *url, const char *label, char **out, struct error *e);
/* The host[:port] part of an https URL (for messages and preflight). */
int endpoint_url_host(const char *url, char *host, size_t cap, int *port);

#endif
