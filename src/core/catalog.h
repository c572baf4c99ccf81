/* The service catalog (data/services.xml, schema data/services.rng): which HelseID
 * services the "Tjenester og Scope" step offers, their scopes, sub-options,
 * dependencies and audience-specific claims. Pure: the XML is read and converted in
 * src/store (catalog_xml.c, catalog_file.c); this is the model and what it computes. */
#ifndef HELSEID_CATALOG_H
#define HELSEID_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/strv.h"

struct helseid_config;

/* Without this scope a client can never read or update itself (spec: Selvbetjening
 * client API), so it is requested even if the catalog forgot its always-on service. */
#define CATALOG_SELF_SCOPE "nhn:selvbetjening/client"

/* One text in the three languages (all required by the schema). */
struct l10n {
    char *nb, *nn, *en;
};

struct catalog_scope {
    char *scope;
    bool unverified;
};

enum option_kind { OPTION_CHECKBOX, OPTION_RADIO };

struct catalog_option {
    char *id;                   /* unique within its service, e.g. "full" */
    enum option_kind kind;
    int group;                  /* index into service.groups for radios, else -1 */
    struct l10n label, help;
    struct catalog_scope *scopes;
    size_t n_scopes;
    bool needs_legal_basis;     /* "krever hjemmel" */
    int line;
};

/* A radio group: exactly one of its options must be chosen. */
struct catalog_group {
    char *id;                   /* e.g. "access" */
    int line;
};

enum claim_from { CLAIM_FIXED, CLAIM_SFM_ID };

struct catalog_claim {
    char *key;                  /* e.g. "e-helse:sfm.api/client/claims/sfm-id" */
    enum claim_from from;
    char *value;                /* CLAIM_FIXED only */
    bool unverified;
};

enum catalog_display {
    DISPLAY_MAIN,               /* on the CGM screen */
    DISPLAY_MORE,               /* further services, listed below */
    DISPLAY_HIDDEN,             /* never shown (Selvbetjening) */
};

struct catalog_service {
    char *id;
    char *audience;
    enum catalog_display display;
    bool always;                /* always requested, whatever the user chooses */
    bool unverified;
    bool needs_user_identity;   /* the user needs birth date, fnr, HER-id, HPR */
    int min_epj_version;        /* 0 = no own minimum */
    struct l10n label, help;
    struct catalog_scope *scopes;
    size_t n_scopes;
    struct catalog_option *options;
    size_t n_options;
    struct catalog_group *groups;
    size_t n_groups;
    struct strv requires;       /* service ids */
    struct catalog_claim *claims;
    size_t n_claims;
    int line;
};

struct catalog {
    struct catalog_service *services;   /* in file order */
    size_t n_services;
};

/* An audience-specific client claim to send ({key, value}). With `generate` set the
 * value is empty and the caller must make a new GUID (an empty SFM-ID: seed 000). */
struct claim_value {
    char *key;
    char *value;                /* NULL when generate */
    bool generate;
};

/* One token request: the scopes of one audience (the part before the first '/'). */
struct audience_scopes {
    char *audience;
    struct strv scopes;
};

void catalog_init(struct catalog *c);
void catalog_clear(struct catalog *c);

/* The checks a schema cannot make (distinct ids, scopes under their audience, known
 * dependencies, non-empty choice groups): -1 with ERR_PARSE and "NAME:LINE: problem". */
int catalog_check(const struct catalog *c, const char *name, struct error *e);

const struct catalog_service *catalog_find(const struct catalog *c, const char *id);
const struct catalog_option *catalog_find_option(const struct catalog_service *s,
                                                 const char *id);
/* The service whose claim takes the SFM-ID, or NULL. */
const struct catalog_service *catalog_sfm_service(const struct catalog *c);
const char *catalog_sfm_claim_key(const struct catalog *c);

/* Text in `lang` ("nb", "nn", "en", or a locale like "nb_NO.UTF-8"; "no" = nb);
 * unknown languages get English. Never NULL. */
const char *l10n_get(const struct l10n *t, const char *lang);

/* apiScopes for a configuration: CATALOG_SELF_SCOPE, the always-on services, each chosen service's scopes
 * and its chosen options' scopes; sorted, distinct. -1 (ERR_INVALID) when the config
 * names a service or option the catalog lacks. */
int catalog_scopes(const struct catalog *c, const struct helseid_config *cfg,
                   struct strv *out, struct error *e);

/* audienceSpecificClientClaims for a configuration, in catalog order. */
int catalog_claims(const struct catalog *c, const struct helseid_config *cfg,
                   struct claim_value **out, size_t *n_out, struct error *e);
void claim_values_free(struct claim_value *v, size_t n);

/* Group scopes by audience (one token request each), audiences sorted. */
int scopes_by_audience(const struct strv *scopes, struct audience_scopes **out,
                       size_t *n_out, struct error *e);
void audience_scopes_free(struct audience_scopes *v, size_t n);

#endif
