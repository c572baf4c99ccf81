/* The plan of plan/apply (src/cli/plan.c) on the demo site: the rules engine's
 * safeguards, the diff against the saved configuration and against a live client,
 * the SFM-ID kept when the file leaves it out, and create_new's idempotence. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "session/desired.h"
#include "session/plan.h"
#include "core/catalog.h"
#include "core/rules.h"
#include "store/catalog_file.h"
#include "store/site_file.h"

#define SAVED_SFM "0b7e5c1a-9d2f-4c3b-8a6e-5f4d3c2b1a09"

static struct catalog cat;
static struct rules_env renv;

static int run(struct plan *p, const struct site *site, const char *json,
               const struct client_status *live)
{
    struct desired d;
    struct error e = { 0 };
    struct plan_input in = { site, &d, live, &cat, &renv, "demo", "en" };
    int rc;

    desired_init(&d);
    plan_init(p);
    if (desired_parse(&d, json, strlen(json), "t.json", &cat, &e) < 0) {
        printf("# %s\n", e.msg);
        return -1;
    }
    rc = plan_build(p, &in, &e);
    if (rc < 0)
        printf("# %s\n", e.msg);
    desired_clear(&d);
    return rc;
}

#define SAME_SERVICES \
    "\"services\":{\"persontjenesten\":[\"full\"],\"fastlegeregisteret\":[],\"sfm\":[]}"

int main(void)
{
    const char *top = getenv("top_srcdir");
    char path[1024];
    struct site_file *sf = NULL;
    struct site *site;
    struct error e = { 0 };
    struct plan p;
    struct client_status live;

    catalog_init(&cat);
    rules_env_init(&renv);
    renv.env = RULES_ENV_DEMO;
    snprintf(path, sizeof path, "%s/data/demo/legekontor.xml", top ? top : ".");
    if (catalog_load_dir(&cat, NULL, &e) < 0 || site_file_load(&sf, path, &e) < 0) {
        printf("Bail out! %s\n", e.msg);
        return 1;
    }
    site = site_file_site(sf);

    /* 1. The saved services, no sfm_id: the SFM-ID in use is kept; only the unit tree's
     *    second org number differs from the saved list. */
    is_int(run(&p, site, "{\"format\":1,\"owner\":\"315260183\"," SAME_SERVICES "}", NULL), 0, "plan built");
    ok(p.rules_ok, "no rule error");
    ok(!p.against_live && !p.new_client && !p.create_new, "against the saved configuration, a change");
    is_str(p.cfg.sfm_id, SAVED_SFM, "the SFM-ID in use is kept");
    ok(!p.sfm_changed && !p.sfm_generate, "SFM-ID unchanged");
    is_int((int)p.units.added.n, 1, "one sub-unit added");
    is_str(p.units.added.n ? p.units.added.v[0].orgnr : NULL, "315260183", "the tree's other org number");
    is_int((int)p.units.removed.n, 0, "none removed");
    is_int((int)(p.scopes_add.n + p.scopes_remove.n), 0, "scopes unchanged");
    ok(!p.owner_changed && !p.services_changed && !p.env_changed, "owner, services, env unchanged");
    is_int((int)p.n_changes, 2, "two changes: HelseID's list and the saved list");
    is_int((int)p.n_remote_changes, 1, "one of them for HelseID");
    plan_clear(&p);

    /* 2. The SFM-ID safeguard. */
    is_int(run(&p, site, "{\"format\":1,\"owner\":\"315260183\",\"sfm_id\":\"\"," SAME_SERVICES "}", NULL), 0,
           "empty SFM-ID: plan built");
    ok(!p.rules_ok, "empty SFM-ID while SFM is in use: a rule error");
    ok(diags_find_rule(&p.diags, "sfm.empty_id_safeguard", "sfm_id") &&
       diags_find_rule(&p.diags, "sfm.empty_id_safeguard", "sfm_id")->level == DIAG_ERROR,
       "named sfm.empty_id_safeguard");
    plan_clear(&p);
    is_int(run(&p, site, "{\"format\":1,\"owner\":\"315260183\",\"sfm_id\":\"\",\"confirm_new_sfm_id\":true,"
                         SAME_SERVICES "}", NULL), 0, "confirmed: plan built");
    ok(p.rules_ok && p.sfm_generate && p.sfm_changed, "confirmed: a new SFM-ID, no rule error");
    plan_clear(&p);

    /* 3. Persontjenesten without a choice; Fastlegeregisteret without Persontjenesten. */
    run(&p, site, "{\"format\":1,\"owner\":\"315260183\",\"services\":{\"persontjenesten\":[]}}", NULL);
    ok(!p.rules_ok, "Persontjenesten without a choice: a rule error");
    plan_clear(&p);
    run(&p, site, "{\"format\":1,\"owner\":\"315260183\",\"services\":{\"fastlegeregisteret\":[]}}", NULL);
    ok(!p.rules_ok, "Fastlegeregisteret without Persontjenesten: a rule error");
    plan_clear(&p);

    /* 4. Another owner needs create_new. */
    run(&p, site, "{\"format\":1,\"owner\":\"311590839\"," SAME_SERVICES "}", NULL);
    ok(!p.rules_ok && diags_find_rule(&p.diags, "config.owner_change", NULL), "owner change without create_new refused");
    plan_clear(&p);

    /* 5. Against a live client: its sub-units and scopes decide. */
    client_status_init(&live);
    strv_push(&live.child_orgnrs, "219378653");
    strv_push(&live.child_orgnrs, "315260183");
    strv_push(&live.child_orgnrs, "311860917");
    live.scopes = calloc(1, sizeof *live.scopes);
    live.n_scopes = 1;
    live.scopes[0].scope = strdup("nhn:kjernejournal/api");
    is_int(run(&p, site, "{\"format\":1,\"owner\":\"315260183\"," SAME_SERVICES "}", &live), 0, "live: built");
    ok(p.against_live, "against the live client");
    is_int((int)p.units.removed.n, 1, "a sub-unit HelseID has but the tree lacks is removed");
    is_int((int)p.units.unchanged.n, 2, "two unchanged");
    ok(strv_contains(&p.scopes_remove, "nhn:kjernejournal/api"), "a scope not wanted is removed");
    ok(strv_contains(&p.scopes_add, "nhn:selvbetjening/client"), "the self scope is added");
    plan_clear(&p);
    client_status_clear(&live);

    /* 6. create_new is done once the saved active client matches everything. */
    strv_clear(&site->config->child_orgnrs);
    strv_push(&site->config->child_orgnrs, "219378653");
    strv_push(&site->config->child_orgnrs, "315260183");
    is_int(run(&p, site, "{\"format\":1,\"owner\":\"315260183\",\"create_new\":true," SAME_SERVICES "}", NULL), 0,
           "create_new on a matching active client: built");
    ok(!p.create_new && !p.new_client && p.n_changes == 0 && p.rules_ok, "nothing to do");
    plan_clear(&p);
    is_int(run(&p, site, "{\"format\":1,\"owner\":\"315260183\"," SAME_SERVICES "}", NULL), 0, "matching: built");
    is_int((int)p.n_changes, 0, "no changes without create_new either");
    {
        cJSON *j = plan_json(&p, &(struct plan_input){ site, NULL, NULL, &cat, &renv, "demo", "en" });
        char *text = j ? cJSON_PrintUnformatted(j) : NULL;

        ok(text && strstr(text, "\"n_changes\":0") && strstr(text, "\"rules_ok\":true"), "JSON says so");
        free(text);
        cJSON_Delete(j);
    }
    plan_clear(&p);
    is_int(run(&p, site, "{\"format\":1,\"owner\":\"315260183\",\"create_new\":true,"
                         "\"services\":{\"persontjenesten\":[\"restricted\"],\"fastlegeregisteret\":[],\"sfm\":[]}}",
               NULL), 0, "create_new with a difference: built");
    ok(p.create_new && p.new_client && !p.against_live, "a new client");
    ok(!p.cfg.client_id && !p.cfg.key_file, "without the old client id and key");
    plan_clear(&p);

    /* 7. No saved configuration: create_new is required. */
    helseid_config_clear(site->config);
    free(site->config);
    site->config = NULL;
    run(&p, site, "{\"format\":1,\"owner\":\"315260183\"," SAME_SERVICES "}", NULL);
    ok(!p.rules_ok && diags_find_rule(&p.diags, "config.mode", NULL), "no saved config, no create_new: config.mode");
    plan_clear(&p);
    run(&p, site, "{\"format\":1,\"owner\":\"315260183\",\"create_new\":true," SAME_SERVICES "}", NULL);
    ok(p.new_client && p.sfm_generate, "a new client; SFM without an id makes one");
    plan_clear(&p);

    site_file_free(sf);
    catalog_clear(&cat);
    return done_testing();
}
