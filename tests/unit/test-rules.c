/* The rules engine: every rule with a passing and a failing case (rule id, severity,
 * field), the table itself, and the per-step verdict. Fixtures use the shared demo
 * identities (data/demo/README.md). */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "core/catalog.h"
#include "core/client_status.h"
#include "core/org_entity.h"
#include "core/rules.h"
#include "core/site.h"
#include "store/catalog_file.h"

#define PROD_ORG "974760673"        /* a real-shaped production number (mod 11 valid) */
#define SFM_A "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
#define SFM_B "6f9619ff-8b86-d011-b42d-00c04fc964ff"
#define SFM_KEY "e-helse:sfm.api/client/claims/sfm-id"

static struct catalog cat;

/* One scenario: a site, a desired and a saved configuration, and what the engine saw. */
struct fx {
    struct site site;
    struct helseid_config desired, saved;
    struct client_status live;
    struct rules_env env;
    struct org_entity owner;
    struct rules_input in;
    struct diags d;
};

static void choose(struct helseid_config *c, const char *svc, const char *opt)
{
    struct service_choice *ch = NULL;
    for (size_t i = 0; i < c->n_services; i++)
        if (strcmp(c->services[i].service, svc) == 0)
            ch = &c->services[i];
    if (!ch) {
        c->services = realloc(c->services, (c->n_services + 1) * sizeof(*c->services));
        ch = &c->services[c->n_services++];
        memset(ch, 0, sizeof(*ch));
        ch->service = strdup(svc);
    }
    if (opt)
        strv_push(&ch->options, opt);
}

static void fx_init(struct fx *f)
{
    memset(f, 0, sizeof(*f));
    site_init(&f->site);
    client_status_init(&f->live);
    org_entity_init(&f->owner);
    rules_env_init(&f->env);
    f->env.today = "2026-11-25";
    f->site.epj_name = strdup("CGM Journal");
    f->site.epj_version = 144;
    site_add_unit(&f->site, "Nordre testkommune", "311590839", NULL, "84.110", -1);
    site_add_unit(&f->site, "Nordre legekontor", "311860917", "8094400", "86.211", 0);
    site_add_unit(&f->site, "Nordre legevakt", "313909964", NULL, "86.210", 0);
    site_add_unit(&f->site, "Nordre barnevernstjeneste", "315181909", NULL, "88.991", 0);
    struct user kari = { "kari", "Kari Testlege", "1966-05-17", "17856642097", "8094412",
                         "431001110" };
    site_add_user(&f->site, &kari);
    f->site.login_unit = 1;
    f->site.current_user = 0;
    f->desired.env = strdup("test");
    f->desired.owner_orgnr = strdup("311590839");
    f->desired.epj_version = 144;
    f->in.site = &f->site;
    f->in.desired = &f->desired;
    f->in.catalog = &cat;
    f->in.env = &f->env;
    f->in.create_new = true;
    f->in.lang = "en";
    diags_init(&f->d);
}

/* Make f->saved an active configuration and hand it to the rules. */
static void fx_saved(struct fx *f, int epj_version)
{
    f->saved.state = CONFIG_ACTIVE;
    f->saved.env = strdup("test");
    f->saved.owner_orgnr = strdup("311590839");
    f->saved.client_id = strdup("8d2c6a7f-5a7b-4a0e-9f56-0e1b7c2f9b11");
    f->saved.epj_version = epj_version;
    f->in.saved = &f->saved;
    f->in.create_new = false;
}

static void fx_clear(struct fx *f)
{
    site_clear(&f->site);
    helseid_config_clear(&f->desired);
    helseid_config_clear(&f->saved);
    client_status_clear(&f->live);
    org_entity_clear(&f->owner);
    diags_clear(&f->d);
}

static void run(struct fx *f, int step)
{
    struct error e = { 0 };
    diags_clear(&f->d);
    if (rules_run(&f->in, step, &f->d, &e) < 0)
        printf("# rules_run: %s\n", e.msg);
}

/* The diagnostic of rule (and field) must exist with this severity. */
static const struct diag *expect(struct fx *f, const char *rule, const char *field,
                                       enum diag_level sev, const char *what)
{
    const struct diag *dg = diags_find_rule(&f->d, rule, field);
    if (!ok(dg && dg->level == sev, "%s: %s %s on %s", what, rule, diag_level_name(sev),
            field ? field : "*")) {
        if (dg)
            printf("#   got %s: %s\n", diag_level_name(dg->level), dg->text);
        else
            printf("#   no diagnostic\n");
    }
    if (dg)
        ok(dg->text && *dg->text, "%s: has a message", what);
    return dg;
}

static void expect_none(struct fx *f, const char *rule, const char *what)
{
    const struct diag *dg = diags_find_rule(&f->d, rule, NULL);
    if (!ok(dg == NULL, "%s: no %s diagnostic", what, rule))
        printf("#   got %s: %s\n", diag_level_name(dg->level), dg->text);
}

static void set_str(char **p, const char *v)
{
    free(*p);
    *p = v ? strdup(v) : NULL;
}

/* ---- the table ---- */

static void test_table(void)
{
    size_t n = rules_count();
    ok(n >= 30, "table has %zu rules", n);
    bool ids_ok = true, steps_ok = true, order_ok = true;
    int last_step = 0;
    for (size_t i = 0; i < n; i++) {
        const struct rule *r = rules_at(i);
        steps_ok = steps_ok && r->step >= 0 && r->step < RULES_STEP_COUNT && r->check;
        for (size_t j = 0; j < i; j++)
            ids_ok = ids_ok && strcmp(rules_at(j)->id, r->id) != 0;
        order_ok = order_ok && (r->step >= last_step || r->step == RULES_STEP_OWNER);
        last_step = r->step;
    }
    ok(ids_ok, "rule ids are unique");
    ok(steps_ok, "every rule has a step 0..6 and a check");
    ok(rules_at(n) == NULL, "rules_at past the end is NULL");
    const struct rule *r = rules_find("sfm.empty_id_safeguard");
    ok(r && r->step == RULES_STEP_SETTINGS, "sfm.empty_id_safeguard is step 5");
    ok(rules_find("preflight.epj_version") && rules_find("preflight.epj_version")->step == 0,
       "preflight.epj_version is step 0");
    ok(rules_find("nope") == NULL, "unknown id not found");
    is_str(diag_level_name(DIAG_WARN), "warn", "severity name");
}

/* ---- step 0 ---- */

static void test_preflight_epj(void)
{
    struct fx f;
    fx_init(&f);
    run(&f, 0);
    expect(&f, "preflight.epj_version", "epj_version", DIAG_OK, "EPJ 144");
    f.site.epj_version = 141;
    run(&f, 0);
    expect(&f, "preflight.epj_version", "epj_version", DIAG_ERROR, "EPJ 141 < 142");
    f.site.epj_version = 143;
    run(&f, 0);
    expect(&f, "preflight.epj_version", "epj_version", DIAG_OK, "EPJ 143 without FLR");
    choose(&f.desired, "persontjenesten", "restricted");
    choose(&f.desired, "fastlegeregisteret", NULL);
    run(&f, 0);
    const struct diag *dg = expect(&f, "preflight.epj_version", "epj_version", DIAG_ERROR,
                                         "EPJ 143 with Fastlegeregisteret");
    ok(dg && strstr(dg->text, "144"), "message names version 144");
    f.env.min_epj_setup = 150;
    f.site.epj_version = 149;
    run(&f, 0);
    expect(&f, "preflight.epj_version", "epj_version", DIAG_ERROR, "configured minimum 150");
    f.in.site = NULL;
    run(&f, 0);
    expect_none(&f, "preflight.epj_version", "no site");
    fx_clear(&f);
}

static void test_preflight_login_unit(void)
{
    struct fx f;
    fx_init(&f);
    run(&f, 0);
    expect(&f, "preflight.login_unit", "login_unit", DIAG_OK, "valid test org");
    f.site.login_unit = -1;
    run(&f, 0);
    expect(&f, "preflight.login_unit", "login_unit", DIAG_ERROR, "unknown unit");
    f.site.login_unit = 1;
    set_str(&f.site.units[1].orgnr, "311860918");
    run(&f, 0);
    expect(&f, "preflight.login_unit", "login_unit", DIAG_ERROR, "bad control digit");
    set_str(&f.site.units[1].orgnr, NULL);
    run(&f, 0);
    expect(&f, "preflight.login_unit", "login_unit", DIAG_ERROR, "no org number");
    set_str(&f.site.units[1].orgnr, "311860917");
    f.env.env = RULES_ENV_PROD;
    run(&f, 0);
    expect(&f, "preflight.login_unit", "login_unit", DIAG_ERROR, "test org in prod");
    f.env.env = RULES_ENV_TEST;
    set_str(&f.site.units[1].orgnr, PROD_ORG);
    run(&f, 0);
    expect(&f, "preflight.login_unit", "login_unit", DIAG_WARN, "prod org in test");
    fx_clear(&f);
}

static void test_preflight_user(void)
{
    struct fx f;
    fx_init(&f);
    run(&f, 0);
    expect(&f, "preflight.user", "user", DIAG_OK, "current user");
    expect(&f, "preflight.user_birth_date", "user.birth_date", DIAG_OK, "birth date");
    expect(&f, "preflight.user_fnr", "user.fnr", DIAG_OK, "Tenor fnr matches birth date");
    expect(&f, "preflight.user_herid", "user.herid", DIAG_OK, "HER-id");
    expect(&f, "preflight.user_hpr", "user.hpr", DIAG_OK, "HPR");

    struct user *u = &f.site.users[0];
    set_str(&u->birth_date, "1978-11-03");      /* Ola's birth date, Kari's number */
    run(&f, 0);
    expect(&f, "preflight.user_fnr", "user.fnr", DIAG_ERROR, "fnr does not match birth date");
    const struct diag *dg = diags_find_rule(&f.d, "preflight.user_fnr", NULL);
    ok(dg && !strstr(dg->text, "17856642097"), "the fødselsnummer is not echoed");
    set_str(&u->birth_date, "1966-02-30");
    run(&f, 0);
    expect(&f, "preflight.user_birth_date", "user.birth_date", DIAG_ERROR, "30 February");
    set_str(&u->birth_date, "2027-01-01");
    run(&f, 0);
    dg = expect(&f, "preflight.user_birth_date", "user.birth_date", DIAG_ERROR, "birth date in the future");
    ok(dg && strstr(dg->text, "born in the future"), "a future birth date says so (its own reason)");
    set_str(&u->birth_date, NULL);
    set_str(&u->fnr, NULL);
    set_str(&u->herid, NULL);
    set_str(&u->hpr, NULL);
    run(&f, 0);
    expect(&f, "preflight.user_birth_date", "user.birth_date", DIAG_WARN, "missing birth date");
    expect(&f, "preflight.user_fnr", "user.fnr", DIAG_WARN, "missing fnr");
    expect(&f, "preflight.user_herid", "user.herid", DIAG_WARN, "missing HER-id");
    expect(&f, "preflight.user_hpr", "user.hpr", DIAG_WARN, "missing HPR");
    choose(&f.desired, "persontjenesten", "restricted");
    choose(&f.desired, "fastlegeregisteret", NULL);
    run(&f, 0);
    expect(&f, "preflight.user_birth_date", "user.birth_date", DIAG_ERROR, "missing, FLR chosen");
    expect(&f, "preflight.user_fnr", "user.fnr", DIAG_ERROR, "missing fnr, FLR chosen");
    expect(&f, "preflight.user_herid", "user.herid", DIAG_ERROR, "missing HER-id, FLR chosen");
    expect(&f, "preflight.user_hpr", "user.hpr", DIAG_ERROR, "missing HPR, FLR chosen");
    set_str(&u->herid, "12x");
    set_str(&u->hpr, "43100111a");
    set_str(&u->fnr, "17856642098");
    run(&f, 0);
    expect(&f, "preflight.user_herid", "user.herid", DIAG_ERROR, "bad HER-id");
    expect(&f, "preflight.user_hpr", "user.hpr", DIAG_ERROR, "bad HPR");
    expect(&f, "preflight.user_fnr", "user.fnr", DIAG_ERROR, "bad control digit, no birth date");

    f.site.current_user = -1;
    run(&f, 0);
    expect(&f, "preflight.user", "user", DIAG_ERROR, "no current user");
    expect_none(&f, "preflight.user_fnr", "no current user");
    fx_clear(&f);
}

static void test_preflight_reach_clock(void)
{
    struct fx f;
    fx_init(&f);
    run(&f, 0);
    expect_none(&f, "preflight.reach", "not checked yet");
    expect_none(&f, "preflight.clock_skew", "clock not measured");
    struct reach_result hosts[] = {
        { "helseid-sts.test.nhn.no", true, NULL, NULL, 0, true },
        { "api.selvbetjening.test.nhn.no", false, "connection refused", NULL, 0, false },
    };
    f.env.reach = hosts;
    f.env.n_reach = 2;
    f.env.clock_known = true;
    f.env.clock_skew_s = 2;
    run(&f, 0);
    expect(&f, "preflight.reach", "host.helseid-sts.test.nhn.no", DIAG_OK, "STS reachable");
    const struct diag *dg = expect(&f, "preflight.reach", "host.api.selvbetjening.test.nhn.no",
                                         DIAG_ERROR, "API unreachable");
    ok(dg && strstr(dg->text, "connection refused") && dg->hint, "cause and hint given");
    expect(&f, "preflight.clock_skew", "clock", DIAG_OK, "2 s skew");
    f.env.clock_skew_s = -10;
    run(&f, 0);
    expect(&f, "preflight.clock_skew", "clock", DIAG_WARN, "10 s behind");
    f.env.clock_skew_s = 31;
    run(&f, 0);
    expect(&f, "preflight.clock_skew", "clock", DIAG_ERROR, "31 s ahead");
    f.env.clock_skew_s = 30;
    run(&f, 0);
    expect(&f, "preflight.clock_skew", "clock", DIAG_WARN, "30 s is still a warning");
    f.env.clock_skew_s = LONG_MIN;
    run(&f, 0);
    expect(&f, "preflight.clock_skew", "clock", DIAG_ERROR, "LONG_MIN skew: an error, no overflow");
    f.env.clock_skew_s = LONG_MAX;
    run(&f, 0);
    expect(&f, "preflight.clock_skew", "clock", DIAG_ERROR, "LONG_MAX skew: an error");
    fx_clear(&f);
}

static void test_preflight_config_version(void)
{
    struct fx f;
    fx_init(&f);
    run(&f, 0);
    expect_none(&f, "preflight.config_version", "no saved configuration");
    fx_saved(&f, 144);
    run(&f, 0);
    expect(&f, "preflight.config_version", "config", DIAG_OK, "made by 144");
    f.saved.epj_version = 140;
    run(&f, 0);
    expect(&f, "preflight.config_version", "config", DIAG_WARN, "made by 140");
    f.saved.epj_version = 0;
    run(&f, 0);
    expect(&f, "preflight.config_version", "config", DIAG_WARN, "version unknown");
    fx_clear(&f);
}

/* ---- step 1 ---- */

static void test_config(void)
{
    struct fx f;
    fx_init(&f);
    run(&f, 1);
    expect(&f, "config.mode", "create_new", DIAG_OK, "first configuration");
    f.in.create_new = false;
    run(&f, 1);
    expect(&f, "config.mode", "create_new", DIAG_ERROR, "change without a saved one");
    fx_saved(&f, 144);
    run(&f, 1);
    expect(&f, "config.mode", "create_new", DIAG_OK, "change the saved one");
    expect_none(&f, "config.must_redo", "made by 144");
    f.in.create_new = true;
    run(&f, 1);
    expect(&f, "config.mode", "create_new", DIAG_WARN, "new replaces an active one");
    f.in.create_new = false;
    f.saved.epj_version = 140;
    run(&f, 1);
    expect(&f, "config.must_redo", "create_new", DIAG_ERROR, "made by 140 cannot be changed");
    f.in.create_new = true;
    run(&f, 1);
    expect_none(&f, "config.must_redo", "made by 140, creating new");
    fx_clear(&f);
}

/* ---- step 2 ---- */

static void test_owner_change(void)
{
    struct fx f;
    fx_init(&f);
    fx_saved(&f, 144);
    run(&f, 2);
    expect_none(&f, "config.owner_change", "same owner");
    set_str(&f.desired.owner_orgnr, "315260183");
    run(&f, 2);
    const struct diag *dg = expect(&f, "config.owner_change", "owner", DIAG_ERROR,
                                         "owner changed");
    is_str(dg ? dg->suggestion : NULL, "311590839", "offers the saved owner");
    is_int(dg ? dg->step : -1, RULES_STEP_OWNER, "reported on the owner step");
    f.in.create_new = true;
    run(&f, 2);
    expect_none(&f, "config.owner_change", "new configuration");
    fx_clear(&f);
}

static void test_owner(void)
{
    struct fx f;
    fx_init(&f);
    run(&f, 2);
    expect_none(&f, "owner.required", "owner given");
    expect(&f, "owner.orgnr", "owner", DIAG_OK, "valid owner");
    expect(&f, "owner.altinn_delegation", "owner", DIAG_INFO, "Altinn reminder");
    const struct diag *dg = diags_find_rule(&f.d, "owner.altinn_delegation", NULL);
    ok(dg && dg->hint, "the reminder has a hint");
    expect_none(&f, "owner.registry", "not looked up");

    set_str(&f.desired.owner_orgnr, "");
    run(&f, 2);
    expect(&f, "owner.required", "owner", DIAG_ERROR, "owner missing");
    expect_none(&f, "owner.altinn_delegation", "owner missing");
    set_str(&f.desired.owner_orgnr, "311590838");
    run(&f, 2);
    expect(&f, "owner.orgnr", "owner", DIAG_ERROR, "mod 11");
    set_str(&f.desired.owner_orgnr, "311590839");
    f.env.env = RULES_ENV_PROD;
    run(&f, 2);
    expect(&f, "owner.orgnr", "owner", DIAG_ERROR, "test org in prod");
    f.env.env = RULES_ENV_DEMO;
    set_str(&f.desired.owner_orgnr, PROD_ORG);
    run(&f, 2);
    expect(&f, "owner.orgnr", "owner", DIAG_WARN, "prod org in demo/test");
    fx_clear(&f);
}

static void lookup(struct fx *f, enum org_lookup how, const char *orgnr, const char *name,
                   const char *form, const char *parent)
{
    org_entity_clear(&f->owner);
    f->owner.lookup = how;
    f->owner.orgnr = strdup(orgnr);
    f->owner.name = name ? strdup(name) : NULL;
    f->owner.form_code = form ? strdup(form) : NULL;
    f->owner.parent_orgnr = parent ? strdup(parent) : NULL;
    f->owner.kind = org_kind_from_form(form);
    f->in.owner_lookup = &f->owner;
    set_str(&f->desired.owner_orgnr, orgnr);
}

static void test_owner_registry(void)
{
    struct fx f;
    fx_init(&f);
    const struct diag *dg;

    lookup(&f, ORG_LOOKUP_FOUND, "311590839", "Nordre testkommune", "KOMM", NULL);
    run(&f, 2);
    dg = expect(&f, "owner.registry", "owner", DIAG_OK, "municipality");
    ok(dg && strstr(dg->text, "Nordre testkommune") && strstr(dg->text, "KOMM"),
       "name and form shown");

    lookup(&f, ORG_LOOKUP_FOUND, "311860917", "Nordre legekontor", "BEDR", "310166138");
    run(&f, 2);
    dg = expect(&f, "owner.registry", "owner", DIAG_WARN, "sub-unit");
    is_str(dg ? dg->suggestion : NULL, "310166138", "offers the parent");

    lookup(&f, ORG_LOOKUP_FOUND, "310166138", "Nordre helse og omsorg", "ORGL", "311590839");
    run(&f, 2);
    dg = expect(&f, "owner.registry", "owner", DIAG_ERROR, "organisasjonsledd");
    is_str(dg ? dg->suggestion : NULL, "311590839", "offers the top entity");

    lookup(&f, ORG_LOOKUP_FOUND, "217975433", "Nedlagt legesenter AS", "AS", NULL);
    f.owner.deleted = true;
    run(&f, 2);
    expect(&f, "owner.registry", "owner", DIAG_ERROR, "deleted");

    lookup(&f, ORG_LOOKUP_FOUND, "212319481", "Konkurs klinikk AS", "AS", NULL);
    f.owner.bankrupt = true;
    run(&f, 2);
    expect(&f, "owner.registry", "owner", DIAG_ERROR, "bankrupt");

    lookup(&f, ORG_LOOKUP_FOUND, "315260183", "Fjordlegene AS", "AS", NULL);
    f.owner.under_liquidation = true;
    run(&f, 2);
    expect(&f, "owner.registry", "owner", DIAG_WARN, "being wound up");

    lookup(&f, ORG_LOOKUP_NOT_FOUND, "217574919", NULL, NULL, NULL);
    run(&f, 2);
    expect(&f, "owner.registry", "owner", DIAG_ERROR, "404");

    lookup(&f, ORG_LOOKUP_GONE, "217574919", NULL, NULL, NULL);
    run(&f, 2);
    expect(&f, "owner.registry", "owner", DIAG_ERROR, "410");

    lookup(&f, ORG_LOOKUP_FAILED, "315260183", NULL, NULL, NULL);
    f.owner.failure = strdup("timed out");
    run(&f, 2);
    dg = expect(&f, "owner.registry", "owner", DIAG_WARN, "look-up failed");
    ok(dg && strstr(dg->text, "timed out"), "failure cause shown");

    lookup(&f, ORG_LOOKUP_NOT_FOUND, "217574919", NULL, NULL, NULL);
    set_str(&f.desired.owner_orgnr, "315260183");
    run(&f, 2);
    expect_none(&f, "owner.registry", "stale look-up of another number");
    fx_clear(&f);
}

/* ---- step 3 ---- */

static void test_subunits(void)
{
    struct fx f;
    fx_init(&f);
    run(&f, 3);
    expect(&f, "subunits.present", "subunits", DIAG_OK, "four org numbers");
    expect_none(&f, "subunits.orgnr", "all valid");
    expect(&f, "subunits.nace", "unit.1", DIAG_OK, "86.211 normal");
    expect(&f, "subunits.nace", "unit.3", DIAG_INFO, "88 case by case");
    expect(&f, "subunits.nace", "unit.0", DIAG_INFO, "84 not a health code");
    expect(&f, "subunits.changes", "subunits", DIAG_INFO, "nothing in HelseID yet");

    /* HelseID has three of them plus one the tree no longer has. */
    strv_push(&f.live.child_orgnrs, "311590839");
    strv_push(&f.live.child_orgnrs, "311860917");
    strv_push(&f.live.child_orgnrs, "313909964");
    strv_push(&f.live.child_orgnrs, "310308242");
    f.in.live = &f.live;
    run(&f, 3);
    const struct diag *dg = expect(&f, "subunits.changes", "subunits", DIAG_INFO,
                                         "one added, one removed");
    is_str(dg ? dg->text : NULL, "1 sub-unit will be added, 1 sub-unit will be removed",
           "counts in the message");
    strv_clear(&f.live.child_orgnrs);
    strv_push(&f.live.child_orgnrs, "315181909");
    strv_push(&f.live.child_orgnrs, "313909964");
    strv_push(&f.live.child_orgnrs, "311860917");
    strv_push(&f.live.child_orgnrs, "311590839");
    run(&f, 3);
    expect(&f, "subunits.changes", "subunits", DIAG_OK, "same set");

    /* Shared org numbers count once; an invalid number is shown with a warning. */
    site_add_unit(&f.site, "Nordre legekontor filial", "311860917", NULL, "86.211", 0);
    site_add_unit(&f.site, "Gammel enhet", "973901606", NULL, NULL, 0);
    strv_push(&f.live.child_orgnrs, "829825563");
    run(&f, 3);
    ok(!diags_find_rule(&f.d, "subunits.nace", "unit.4"), "a shared org number gets one hint");
    expect(&f, "subunits.orgnr", "unit.5", DIAG_WARN, "invalid number in the tree");
    expect(&f, "subunits.orgnr", "helseid.4", DIAG_WARN, "invalid number from HelseID");
    expect(&f, "subunits.nace", "unit.5", DIAG_INFO, "unknown industry code");

    site_clear(&f.site);
    site_init(&f.site);
    f.site.epj_version = 144;
    site_add_unit(&f.site, "Uten nummer", NULL, NULL, NULL, -1);
    run(&f, 3);
    expect(&f, "subunits.present", "subunits", DIAG_WARN, "no org numbers");
    fx_clear(&f);
}

static void test_subunits_nace_lookup(void)
{
    struct fx f;
    fx_init(&f);
    set_str(&f.site.units[2].nace, NULL);
    struct org_entity e;
    org_entity_init(&e);
    e.lookup = ORG_LOOKUP_FOUND;
    e.orgnr = strdup("313909964");
    e.nace = strdup("87.101");
    f.in.unit_lookups = &e;
    f.in.n_unit_lookups = 1;
    run(&f, 3);
    expect(&f, "subunits.nace", "unit.2", DIAG_OK, "industry code from Enhetsregisteret");
    org_entity_clear(&e);
    fx_clear(&f);
}

/* ---- step 4 ---- */

static void test_services(void)
{
    struct fx f;
    fx_init(&f);
    const struct diag *dg;

    run(&f, 4);
    expect(&f, "services.chosen", "services", DIAG_WARN, "nothing chosen");
    choose(&f.desired, "kjernejournal", "tillitsrammeverk");
    choose(&f.desired, "persontjenesten", NULL);
    run(&f, 4);
    expect(&f, "services.chosen", "services", DIAG_OK, "services chosen");
    expect_none(&f, "services.known", "all known");
    dg = expect(&f, "services.exactly_one", "persontjenesten", DIAG_ERROR,
                "Persontjenesten without access");
    ok(dg && strstr(dg->text, "Restricted access") && strstr(dg->text, "Full access"),
       "the choices are named");
    f.in.lang = "nb";
    run(&f, 4);
    dg = diags_find_rule(&f.d, "services.exactly_one", NULL);
    ok(dg && strstr(dg->text, "\"Begrenset tilgang\" / \"Full tilgang (krever hjemmel)\""),
       "labels in nb follow seed 000");
    f.in.lang = "en";
    choose(&f.desired, "persontjenesten", "restricted");
    run(&f, 4);
    expect_none(&f, "services.exactly_one", "restricted chosen");
    expect_none(&f, "services.legal_basis", "restricted needs no legal basis");
    choose(&f.desired, "persontjenesten", "full");
    run(&f, 4);
    expect(&f, "services.exactly_one", "persontjenesten", DIAG_ERROR, "both chosen");
    helseid_config_clear(&f.desired);
    f.desired.owner_orgnr = strdup("311590839");
    choose(&f.desired, "persontjenesten", "full");
    run(&f, 4);
    expect_none(&f, "services.exactly_one", "full chosen");
    dg = expect(&f, "services.legal_basis", "persontjenesten/full", DIAG_WARN,
                "full access needs hjemmel");
    ok(dg && dg->hint, "with a hint");

    choose(&f.desired, "nosuch", NULL);
    choose(&f.desired, "kjernejournal", "bogus");
    run(&f, 4);
    expect(&f, "services.known", "nosuch", DIAG_ERROR, "unknown service");
    expect(&f, "services.known", "kjernejournal", DIAG_ERROR, "unknown option");
    fx_clear(&f);
}

static void test_services_requires(void)
{
    struct fx f;
    fx_init(&f);
    choose(&f.desired, "fastlegeregisteret", NULL);
    run(&f, 4);
    const struct diag *dg = expect(&f, "services.requires", "fastlegeregisteret",
                                         DIAG_ERROR, "Fastlegeregisteret without Persontjenesten");
    is_str(dg ? dg->suggestion : NULL, "persontjenesten", "suggests the missing service");
    expect(&f, "services.unverified", "fastlegeregisteret", DIAG_WARN,
           "unverified scope");
    expect_none(&f, "services.min_epj_version", "EPJ 144");
    choose(&f.desired, "persontjenesten", "restricted");
    f.site.epj_version = 143;
    run(&f, 4);
    expect_none(&f, "services.requires", "Persontjenesten chosen");
    expect(&f, "services.min_epj_version", "fastlegeregisteret", DIAG_ERROR, "EPJ 143");
    ok(!diags_find_rule(&f.d, "services.unverified", "persontjenesten"),
       "verified service not flagged");
    choose(&f.desired, "kpr", NULL);
    run(&f, 4);
    expect(&f, "services.unverified", "kpr", DIAG_WARN, "KPR unverified");
    fx_clear(&f);
}

static void test_shared_database(void)
{
    struct fx f;
    fx_init(&f);
    choose(&f.desired, "persontjenesten", "restricted");
    set_str(&f.site.units[2].pt_access, "full");
    run(&f, 4);
    expect_none(&f, "services.shared_database", "database not shared");
    f.site.shared_database = true;
    run(&f, 4);
    const struct diag *dg = expect(&f, "services.shared_database",
                                         "persontjenesten", DIAG_WARN,
                                         "another unit uses full access");
    ok(dg && strstr(dg->text, "Nordre legevakt") && strstr(dg->text, "Full access"),
       "names the unit and its access");
    is_str(dg ? dg->suggestion : NULL, "full", "suggests the other unit's access");
    set_str(&f.site.units[2].pt_access, "restricted");
    run(&f, 4);
    expect_none(&f, "services.shared_database", "same access everywhere");
    fx_clear(&f);
}

/* ---- step 5 ---- */

static void add_claim(struct client_status *cs, const char *active, const char *pending)
{
    cs->claims = realloc(cs->claims, (cs->n_claims + 1) * sizeof(*cs->claims));
    struct claim_state *c = &cs->claims[cs->n_claims++];
    memset(c, 0, sizeof(*c));
    c->type = strdup(SFM_KEY);
    c->active = active ? strdup(active) : NULL;
    c->pending = pending ? strdup(pending) : NULL;
    c->status = ITEM_OK;
}

static void test_sfm(void)
{
    struct fx f;
    const struct diag *dg;

    /* First-time SFM: empty is fine, a new SFM-ID will be made. */
    fx_init(&f);
    choose(&f.desired, "sfm", NULL);
    run(&f, 5);
    expect(&f, "sfm.empty_id_safeguard", "sfm_id", DIAG_OK, "first-time SFM");
    expect_none(&f, "sfm.id_format", "empty");
    fx_clear(&f);

    /* Saved SFM-ID, now empty: refused, the old one offered. */
    fx_init(&f);
    fx_saved(&f, 144);
    f.saved.sfm_id = strdup(SFM_A);
    choose(&f.saved, "sfm", NULL);
    choose(&f.desired, "sfm", NULL);
    run(&f, 5);
    dg = expect(&f, "sfm.empty_id_safeguard", "sfm_id", DIAG_ERROR, "saved SFM-ID, empty now");
    is_str(dg ? dg->suggestion : NULL, SFM_A, "offers the previous SFM-ID");
    ok(!rules_step_ok(&f.d, 5), "Next refused on step 5");
    f.in.sfm_empty_confirmed = true;
    run(&f, 5);
    expect(&f, "sfm.empty_id_safeguard", "sfm_id", DIAG_WARN, "confirmed: warning only");
    ok(rules_step_ok(&f.d, 5), "Next allowed once confirmed");
    f.in.sfm_empty_confirmed = false;
    f.desired.sfm_id = strdup(SFM_A);
    run(&f, 5);
    expect(&f, "sfm.empty_id_safeguard", "sfm_id", DIAG_OK, "previous SFM-ID reused");
    set_str(&f.desired.sfm_id, SFM_B);
    run(&f, 5);
    dg = expect(&f, "sfm.empty_id_safeguard", "sfm_id", DIAG_WARN, "SFM-ID changed");
    is_str(dg ? dg->suggestion : NULL, SFM_A, "offers the previous one");
    helseid_config_clear(&f.desired);
    f.desired.owner_orgnr = strdup("311590839");
    run(&f, 5);
    expect(&f, "sfm.empty_id_safeguard", "sfm_id", DIAG_WARN, "SFM no longer chosen");
    fx_clear(&f);

    /* Only the live client knows the SFM-ID (pending wins over active). */
    fx_init(&f);
    add_claim(&f.live, SFM_A, SFM_B);
    f.in.live = &f.live;
    choose(&f.desired, "sfm", NULL);
    run(&f, 5);
    dg = expect(&f, "sfm.empty_id_safeguard", "sfm_id", DIAG_ERROR, "live claim, empty now");
    is_str(dg ? dg->suggestion : NULL, SFM_B, "offers the pending value");
    fx_clear(&f);

    /* The saved config chose SFM but never recorded the id: still in use. */
    fx_init(&f);
    fx_saved(&f, 144);
    choose(&f.saved, "sfm", NULL);
    choose(&f.desired, "sfm", NULL);
    run(&f, 5);
    dg = expect(&f, "sfm.empty_id_safeguard", "sfm_id", DIAG_ERROR, "saved SFM, id unknown");
    ok(dg && !dg->suggestion && dg->hint, "no suggestion, a hint where to find it");
    fx_clear(&f);

    /* The live client has an SFM scope. */
    fx_init(&f);
    f.live.scopes = calloc(1, sizeof(*f.live.scopes));
    f.live.scopes[0].scope = strdup("e-helse:sfm.api/sfm.api2");
    f.live.n_scopes = 1;
    f.in.live = &f.live;
    choose(&f.desired, "sfm", NULL);
    run(&f, 5);
    expect(&f, "sfm.empty_id_safeguard", "sfm_id", DIAG_ERROR, "live SFM scope, empty now");
    fx_clear(&f);

    fx_init(&f);
    choose(&f.desired, "sfm", NULL);
    f.desired.sfm_id = strdup("not-a-guid");
    run(&f, 5);
    expect(&f, "sfm.id_format", "sfm_id", DIAG_ERROR, "not a GUID");
    set_str(&f.desired.sfm_id, SFM_A);
    run(&f, 5);
    expect_none(&f, "sfm.id_format", "a GUID");
    fx_clear(&f);

    /* The policy plan and the wizard share: previous id and "in use". */
    fx_init(&f);
    ok(!rules_sfm_in_use(&cat, NULL, NULL) && !rules_sfm_previous(&cat, NULL, NULL),
       "policy: nothing saved, no live client: SFM not in use");
    add_claim(&f.live, SFM_A, NULL);
    is_str(rules_sfm_live_id(&cat, &f.live), SFM_A, "policy: the live claim's active id");
    fx_saved(&f, 144);
    set_str(&f.saved.sfm_id, SFM_B);
    is_str(rules_sfm_previous(&cat, &f.saved, &f.live), SFM_B, "policy: the saved id first");
    ok(rules_sfm_in_use(&cat, &f.saved, NULL), "policy: a saved id means in use");
    ok(!rules_sfm_chosen(&cat, &f.desired), "policy: SFM not chosen");
    choose(&f.desired, "sfm", NULL);
    ok(rules_sfm_chosen(&cat, &f.desired), "policy: the catalog's SFM service chosen");
    ok(!rules_sfm_chosen(NULL, &f.desired), "policy: no catalog, no SFM");
    fx_clear(&f);

    ok(rules_sfm_id_valid(SFM_A), "lower-case GUID");
    ok(rules_sfm_id_valid("3F2504E0-4F89-11D3-9A0C-0305E82C3301"), "upper-case GUID");
    ok(!rules_sfm_id_valid("{3f2504e0-4f89-11d3-9a0c-0305e82c3301}"), "braces refused");
    ok(!rules_sfm_id_valid("3f2504e04f8911d39a0c0305e82c3301"), "no dashes refused");
    ok(!rules_sfm_id_valid("3f2504e0-4f89-11d3-9a0c-0305e82c330"), "short refused");
    ok(!rules_sfm_id_valid("3f2504e0-4f89-11d3-9a0c-0305e82c33011"), "long refused");
    ok(!rules_sfm_id_valid("3g2504e0-4f89-11d3-9a0c-0305e82c3301"), "non-hex refused");
    ok(!rules_sfm_id_valid(NULL) && !rules_sfm_id_valid(""), "NULL and empty refused");
}

/* ---- the verdict per step ---- */

static void test_worst(void)
{
    struct fx f;
    fx_init(&f);
    choose(&f.desired, "persontjenesten", "full");
    run(&f, -1);
    is_int(rules_worst(&f.d, 0), DIAG_OK, "preflight all ok");
    is_int(rules_worst(&f.d, 2), DIAG_INFO, "owner: the Altinn reminder");
    is_int(rules_worst(&f.d, 4), DIAG_WARN, "services: legal basis warning");
    ok(rules_step_ok(&f.d, 4), "a warning does not block");
    is_int(rules_worst(&f.d, 6), DIAG_OK, "nothing on step 6");
    set_str(&f.desired.owner_orgnr, NULL);
    run(&f, -1);
    is_int(rules_worst(&f.d, 2), DIAG_ERROR, "owner missing");
    ok(!rules_step_ok(&f.d, 2), "an error blocks Next");
    is_int(rules_worst(&f.d, -1), DIAG_ERROR, "worst overall");
    bool steps_match = true;
    for (size_t i = 0; i < f.d.n; i++)
        steps_match = steps_match && rules_find(f.d.v[i].rule) &&
                      rules_find(f.d.v[i].rule)->step == f.d.v[i].step;
    ok(steps_match, "every diagnostic carries its rule's step");
    run(&f, 3);
    bool only3 = f.d.n > 0;
    for (size_t i = 0; i < f.d.n; i++)
        only3 = only3 && f.d.v[i].step == 3;
    ok(only3, "running one step gives only that step");
    fx_clear(&f);

    struct rules_input empty = { 0 };
    struct rules_env env;
    rules_env_init(&env);
    empty.catalog = &cat;
    empty.env = &env;
    struct diags d;
    diags_init(&d);
    struct error e = { 0 };
    is_int(rules_run(&empty, -1, &d, &e), 0, "no site, no config: runs");
    is_int(d.n, 1, "only config.mode speaks");
    diags_clear(&d);
    struct rules_input nothing = { 0 };
    is_int(rules_run(&nothing, -1, &d, &e), 0, "all-NULL input: runs, no crash");
    is_int(d.n, 1, "all-NULL input: only config.mode speaks");
    diags_clear(&d);
}

int main(void)
{
    struct error e = { 0 };
    const char *top = getenv("top_srcdir");
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/data", top && *top ? top : ".");
    catalog_init(&cat);
    if (!ok(catalog_load_dir(&cat, dir, &e) == 0, "catalog loads"))
        printf("#   %s\n", e.msg);

    test_table();
    test_preflight_epj();
    test_preflight_login_unit();
    test_preflight_user();
    test_preflight_reach_clock();
    test_preflight_config_version();
    test_config();
    test_owner_change();
    test_owner();
    test_owner_registry();
    test_subunits();
    test_subunits_nace_lookup();
    test_services();
    test_services_requires();
    test_shared_database();
    test_sfm();
    test_worst();
    catalog_clear(&cat);
    return done_testing();
}
