/* What `plan FILE` shows and `apply FILE` carries out: the desired configuration
 * (session/desired.h) made into a full struct helseid_config, every rule's diagnostic
 * from the same rules engine as the wizard (rules_run over all steps), and the
 * changes against the saved configuration and the live client. Pure apart from
 * printing: the caller loads the site, the catalog and GET /v1/client. */
#ifndef HELSEID_PLAN_H
#define HELSEID_PLAN_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "session/desired.h"
#include "core/catalog.h"
#include "core/client_status.h"
#include "core/error.h"
#include "core/rules.h"
#include "core/site.h"
#include "core/unitdiff.h"

struct plan_input {
    const struct site *site;
    const struct desired *want;
    const struct client_status *live;   /* GET /v1/client, or NULL */
    const struct catalog *cat;
    const struct rules_env *env;
    const char *env_name;               /* "prod", "test" or "demo" */
    const char *lang;                   /* catalog text language */
};

struct plan {
    struct helseid_config cfg;          /* what apply saves (and sends) */
    bool create_new;                    /* a new client (after the idempotence check) */
    bool new_client;                    /* nothing in HelseID yet: a draft is created */
    bool resume_pending;                /* the saved client waits for confirmation */
    struct diags diags;           /* every rule, every step */
    bool rules_ok;
    /* In HelseID: against the live client, else the saved configuration. */
    bool against_live;
    struct unitdiff units;
    struct strv scopes_add, scopes_remove;
    size_t scopes_same;
    char *sfm_before;                   /* the SFM-ID in use, or NULL */
    bool sfm_changed, sfm_generate;
    /* In the site file only. */
    bool owner_changed, env_changed, services_changed, children_saved_changed;
    size_t n_changes;                   /* 0 = nothing to do */
    size_t n_remote_changes;            /* of them, what HelseID must be told */
};

void plan_init(struct plan *p);
void plan_clear(struct plan *p);

int plan_build(struct plan *p, const struct plan_input *in, struct error *e);

/* Readable text: diagnostics, then the changes, then a one-line summary. */
void plan_print(const struct plan *p, const struct plan_input *in, FILE *out);
/* One JSON object (never a secret). */
cJSON *plan_json(const struct plan *p, const struct plan_input *in);

#endif
