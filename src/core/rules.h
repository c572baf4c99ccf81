/* The rules engine: every check the wizard, `check` and `plan/apply` make, in one
 * table of named, pure rules. A frontend runs the rules for a step and shows the
 * diagnostics per field; no rule is re-implemented elsewhere.
 *
 * Steps (DESIGN.md §2): 0 preflight, 1 new/change, 2 owner, 3 sub-units, 4 services,
 * 5 service settings (SFM-ID), 6 confirm. */
#ifndef HELSEID_RULES_H
#define HELSEID_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/error.h"

struct site;
struct helseid_config;
struct client_status;
struct catalog;
struct org_entity;
struct strv;

enum rules_step {
    RULES_STEP_PREFLIGHT = 0,
    RULES_STEP_NEW_OR_CHANGE = 1,
    RULES_STEP_OWNER = 2,
    RULES_STEP_SUBUNITS = 3,
    RULES_STEP_SERVICES = 4,
    RULES_STEP_SETTINGS = 5,
    RULES_STEP_CONFIRM = 6,
    RULES_STEP_COUNT = 7,
};

/* The rule files, in step order: src/core/rules/NAME.c defines rules_NAME[] and
 * rules_NAME_n (each rule names its own step). */
#define RULES_GROUPS(X) \
    X(preflight) X(config) X(owner) X(subunits) X(services) X(sfm)

enum rules_envkind { RULES_ENV_PROD, RULES_ENV_TEST, RULES_ENV_DEMO };

/* TCP+TLS reach of one host (preflight, filled by src/net). */
struct reach_result {
    const char *host;
    bool ok;
    const char *cause;      /* translated cause when !ok, e.g. "connection refused" */
    const char *label;      /* the service, e.g. "HelseID STS", or NULL */
    int port;               /* 0 = 443 */
    bool tcp_ok;            /* TCP got through (the fault is TLS or HTTP, not a firewall) */
};

#define RULES_MIN_EPJ_SETUP 142     /* seed 000: HelseID setup from version 142 */
#define RULES_CLOCK_WARN_S 5
#define RULES_CLOCK_ERROR_S 30      /* client assertions live at most 60 s */

/* What the rules know about the world beyond the site file. */
struct rules_env {
    enum rules_envkind env;
    int min_epj_setup;              /* RULES_MIN_EPJ_SETUP unless configured; services
                                       add their own minimum (catalog min-epj-version) */
    const struct reach_result *reach;   /* NULL = not checked yet (no diagnostic) */
    size_t n_reach;
    bool clock_known;               /* skew measured against the STS Date header */
    long clock_skew_s;              /* local minus server, seconds */
    int clock_warn_s, clock_error_s;    /* 0 = the defaults above */
    const char *today;              /* YYYY-MM-DD, for date plausibility; NULL = skip */
};

void rules_env_init(struct rules_env *env);     /* test env, defaults, nothing checked */

struct rules_input {
    const struct site *site;                /* NULL: no site rules */
    const struct helseid_config *desired;   /* the configuration being made */
    const struct helseid_config *saved;     /* the saved one (site->config), or NULL */
    const struct client_status *live;       /* GET /v1/client, or NULL (none / offline) */
    const struct catalog *catalog;
    const struct rules_env *env;
    const struct org_entity *owner_lookup;  /* Enhetsregisteret for the owner, or NULL */
    const struct org_entity *unit_lookups;  /* for næringskode hints, or NULL */
    size_t n_unit_lookups;
    bool create_new;                        /* step 1: a new configuration */
    bool sfm_empty_confirmed;               /* typed confirmation: new SFM-ID is wanted */
    const char *lang;                       /* catalog labels in messages: "nb", "nn",
                                               "en" (NULL = en) */
};

/* The rules emit struct diag (core/diag.h) with .rule and .step set and .field the
 * view's field id, never translated:
 *   step 0: "epj_version", "login_unit", "user", "user.birth_date", "user.fnr",
 *     "user.herid", "user.hpr", "host.<host>", "clock", "config";
 *   step 1: "create_new";  step 2: "owner";
 *   step 3: "subunits", "unit.<i>" (index into site.units), "helseid.<i>" (index into
 *     live->child_orgnrs);
 *   step 4: "services", "<service id>", "<service id>/<option id>";
 *   step 5: "sfm_id". */

/* One named rule. check() appends zero or more diagnostics; -1 only on out of memory. */
struct rule {
    const char *id;
    int step;
    int (*check)(const struct rule *r, const struct rules_input *in, struct diags *out);
};

/* The whole table, in step order: rules_at(0 .. rules_count()-1). */
size_t rules_count(void);
const struct rule *rules_at(size_t i);      /* NULL past the end */
const struct rule *rules_find(const char *id);

/* Run every rule (step < 0) or those of one step, appending to out. */
int rules_run(const struct rules_input *in, int step, struct diags *out, struct error *e);

/* The worst severity of a step's diagnostics (DIAG_OK when none). */
enum diag_level rules_worst(const struct diags *d, int step);
/* "May Next proceed?": no error in that step. With step < 0, over all steps: what
 * Lagre (step 6) and `apply` must require before anything is sent. */
bool rules_step_ok(const struct diags *d, int step);
/* SFM-ID format: a GUID, 8-4-4-4-12 hex digits (the rule sfm.id_format). */
bool rules_sfm_id_valid(const char *s);

/* SFM, the one policy (core/rules/sfm.c) that plan, the wizard and its rules share.
 * The catalog says which service is SFM (the one whose claim takes the SFM-ID).
 * The SFM-ID the live client carries (pending before active), or NULL. */
const char *rules_sfm_live_id(const struct catalog *cat, const struct client_status *live);
/* The SFM-ID in use before this change: the saved one, else the live one, or NULL. */
const char *rules_sfm_previous(const struct catalog *cat, const struct helseid_config *saved,
                               const struct client_status *live);
/* SFM is in use today: an SFM-ID in use, SFM among the saved services, or a scope of
 * SFM's audience on the live client. Emptying the SFM-ID then cuts the clinic off. */
bool rules_sfm_in_use(const struct catalog *cat, const struct helseid_config *saved,
                      const struct client_status *live);
/* The sub-units HelseID has now, the one list step 3 and its rules compare with: the
 * live client's child org numbers (`live`, NULL without a live client), else those last
 * sent with the saved configuration, or NULL when HelseID has none of ours yet. */
const struct strv *rules_helseid_children(const struct strv *live,
                                          const struct helseid_config *saved);

/* `cfg` chooses the catalog's SFM service. */
bool rules_sfm_chosen(const struct catalog *cat, const struct helseid_config *cfg);

#endif
