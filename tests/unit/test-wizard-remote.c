/* The wizard's steps 0-4 with the real rules engine and service catalog, fed the
 * remote facts as fixtures (data/demo/README.md identities): reach and clock on the
 * preflight, Enhetsregisteret answers on the owner step (name and form, the parent
 * offered, refusals, a failed look-up only warns), HelseID's sub-units and
 * næringskode hints (one list call, also for 2,000 units), and the services' live
 * status. src/cli/wizard_remote.c fetches the same facts over the network; the
 * e2e test tests/e2e/wizard-remote.sh runs them against helseid-sim. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/client_status.h"
#include "core/org_entity.h"
#include "core/rules.h"
#include "core/site.h"
#include "core/strv.h"
#include "store/catalog_file.h"
#include "store/site_file.h"
#include "tests/tap.h"
#include "wizard/rules_core.h"
#include "wizard/wizard.h"

static struct catalog cat;

/* ---- the fixture provider ---- */

struct fixtures {
    struct org_entity orgs[8];
    size_t n_orgs;
    struct org_entity units[4];
    size_t n_units;
    int org_calls, unit_calls;
    bool units_fail;
};

static void add_org(struct org_entity *o, enum org_lookup lk, const char *nr, const char *name,
                    const char *form, const char *parent, const char *nace)
{
    org_entity_init(o);
    o->lookup = lk;
    o->orgnr = strdup(nr);
    o->name = name ? strdup(name) : NULL;
    o->form_code = form ? strdup(form) : NULL;
    o->parent_orgnr = parent ? strdup(parent) : NULL;
    o->nace = nace ? strdup(nace) : NULL;
    o->kind = org_kind_from_form(form);
}

static void fixtures_init(struct fixtures *f)
{
    memset(f, 0, sizeof *f);
    add_org(&f->orgs[f->n_orgs++], ORG_LOOKUP_FOUND, "311590839", "NORDRE TESTKOMMUNE", "KOMM",
            NULL, "84.110");
    add_org(&f->orgs[f->n_orgs++], ORG_LOOKUP_FOUND, "310166138", "NORDRE HELSE OG OMSORG", "ORGL",
            "311590839", "84.120");
    add_org(&f->orgs[f->n_orgs++], ORG_LOOKUP_FOUND, "311860917", "NORDRE LEGEKONTOR", "BEDR",
            "311590839", "86.211");
    add_org(&f->orgs[f->n_orgs], ORG_LOOKUP_FOUND, "217975433", "NEDLAGT LEGESENTER AS", "AS",
            NULL, "86.211");
    f->orgs[f->n_orgs++].deleted = true;
    add_org(&f->orgs[f->n_orgs++], ORG_LOOKUP_NOT_FOUND, "217574919", NULL, NULL, NULL, NULL);
    add_org(&f->orgs[f->n_orgs], ORG_LOOKUP_FAILED, "315181909", NULL, NULL, NULL, NULL);
    f->orgs[f->n_orgs++].failure = strdup("connection refused");
    add_org(&f->units[f->n_units++], ORG_LOOKUP_FOUND, "311860917", "NORDRE LEGEKONTOR", "BEDR",
            "310166138", "86.211");
    add_org(&f->units[f->n_units++], ORG_LOOKUP_FOUND, "315181909", "NORDRE BARNEVERN", "BEDR",
            "311590839", "88.991");
}

static void fixtures_clear(struct fixtures *f)
{
    for (size_t i = 0; i < f->n_orgs; i++)
        org_entity_clear(&f->orgs[i]);
    for (size_t i = 0; i < f->n_units; i++)
        org_entity_clear(&f->units[i]);
}

static const struct org_entity *fx_org(void *ctx, const char *orgnr)
{
    static struct org_entity not_done;
    struct fixtures *f = ctx;

    f->org_calls++;
    for (size_t i = 0; i < f->n_orgs; i++)
        if (strcmp(f->orgs[i].orgnr, orgnr) == 0)
            return &f->orgs[i];
    return &not_done;
}

static int fx_units(void *ctx, const char *owner, const struct org_entity **v, size_t *n,
                    const char **failure)
{
    struct fixtures *f = ctx;

    (void)owner;
    f->unit_calls++;
    if (f->units_fail) {
        *failure = "HTTP 503";
        return -1;
    }
    *v = f->units;
    *n = f->n_units;
    return 0;
}

/* ---- helpers ---- */

static void make_site(struct site *s)
{
    site_init(s);
    s->epj_version = 144;
    /* No næringskode in the tree: the hints must come from Enhetsregisteret. */
    site_add_unit(s, "Nordre legekontor", "311860917", NULL, NULL, -1);
    site_add_unit(s, "Nordre barnevern", "315181909", NULL, NULL, -1);
}

static bool view_has(const struct view *v, const char *text)
{
    for (size_t i = 0; i < v->n_paragraphs; i++)
        if (strstr(v->paragraphs[i], text))
            return true;
    for (size_t i = 0; i < v->n_fields; i++) {
        if (v->fields[i].label && strstr(v->fields[i].label, text))
            return true;
        for (size_t r = 0; r < v->fields[i].n_rows; r++)
            for (int c = 0; c < 2; c++)
                if (v->fields[i].rows[r].col[c] && strstr(v->fields[i].rows[r].col[c], text))
                    return true;
    }
    for (size_t i = 0; i < v->diags.n; i++)
        if (strstr(v->diags.v[i].text, text))
            return true;
    return false;
}

/* The mark of the preflight row whose text holds `text` (0 when none). */
static int row_mark(const struct view *v, const char *text)
{
    const struct field *f = view_find_field(v, "checks");

    for (size_t r = 0; f && r < f->n_rows; r++)
        if (f->rows[r].col[0] && strstr(f->rows[r].col[0], text))
            return f->rows[r].mark;
    return 0;
}

static enum step_rc submit_owner(struct wizard *w, const char *orgnr, bool take_parent,
                                 struct error *e)
{
    struct answer a;
    enum step_rc rc;

    answer_init(&a);
    answer_set(&a, "owner", orgnr);
    answer_set(&a, "owner_parent", take_parent ? "1" : "0");
    error_clear(e);
    rc = step_owner.submit(w, &a, e);
    answer_clear(&a);
    return rc;
}

/* ---- tests ---- */

static void test_preflight(void)
{
    struct wizard_core c;
    struct wizard w;
    struct site_file *sf = NULL;
    struct view v;
    char path[1024];
    const char *top = getenv("top_srcdir");
    struct error e;
    const struct reach_result reach[] = {
        { "helseid-sts.test.nhn.no", true, NULL, "HelseID STS", 0, true },
        { "selvbetjening.test.nhn.no", false, "connection refused", "Selvbetjening API", 0, false },
    };

    /* The demo GP office passes every local check: only the network facts speak. */
    snprintf(path, sizeof path, "%s/data/demo/legekontor.xml", top && *top ? top : ".");
    if (!ok(site_file_load(&sf, path, &e) == 0, "demo site loads")) {
        printf("#   %s\n", e.msg);
        return;
    }
    ok(wizard_core_init(&c, &cat, "test", "en", &e) == 0, "core init");
    c.env.reach = reach;
    c.env.n_reach = 2;
    c.env.clock_known = true;
    c.env.clock_skew_s = 42;
    c.live_failure = "HTTP 401: invalid_client";
    wizard_init(&w, site_file_site(sf), NULL, &c.rules, "test", &e);
    wizard_describe(&w, &step_preflight, &v);
    ok(view_has(&v, "HelseID STS"), "preflight: the STS reach row");
    ok(view_has(&v, "Selvbetjening API"), "preflight: the failing host's row");
    ok(view_has(&v, "connection refused"), "preflight: the failure's cause is shown");
    ok(view_has(&v, "42"), "preflight: the clock skew is shown");
    ok(view_has(&v, "cannot read the client from HelseID: HTTP 401"),
       "preflight: a failed live read is a warning with its cause");
    is_int(row_mark(&v, "Selvbetjening API"), '!', "preflight: an unreachable host is a warning");
    is_int(row_mark(&v, "HelseID STS"), 'o', "preflight: a reachable host is ok");
    view_clear(&v);
    is_int(step_preflight.submit(&w, NULL, &e), STEP_STAY,
           "preflight: a 42 s clock skew blocks (%s)", e.msg);
    ok(strstr(e.msg, "clock") != NULL || strstr(e.msg, "42") != NULL, "preflight: the skew is the reason");
    c.env.clock_skew_s = 0;
    error_clear(&e);
    is_int(step_preflight.submit(&w, NULL, &e), STEP_NEXT,
           "preflight: an unreachable host alone does not block (%s)", e.msg);
    c.env.reach = NULL;
    c.env.n_reach = 0;
    c.env.clock_known = false;
    c.offline_cause = "no route to host";
    wizard_describe(&w, &step_preflight, &v);
    ok(view_has(&v, "the network checks did not run: no route to host"),
       "preflight offline: says why the network checks are missing");
    is_int(row_mark(&v, "the network checks did not run"), '!', "preflight offline: a warning");
    is_int(row_mark(&v, "cannot read the client"), '!', "preflight: a failed live read is a warning");
    view_clear(&v);
    wizard_clear(&w);
    wizard_core_clear(&c);
    site_file_free(sf);
}

static void test_owner(void)
{
    struct wizard_core c;
    struct fixtures f;
    struct wizard w;
    struct site s;
    struct view v;
    struct error e;
    struct field *fl;
    int calls;

    make_site(&s);
    fixtures_init(&f);
    wizard_core_init(&c, &cat, "test", "en", &e);
    c.lookups = (struct wizard_lookups){ &f, fx_org, fx_units };
    wizard_init(&w, &s, NULL, &c.rules, "test", &e);

    /* A valid main entity: stays once to show name and form, then moves on. */
    is_int(submit_owner(&w, "311590839", false, &e), STEP_STAY, "owner: a new number stays once");
    is_str(e.msg, "", "owner: ... without an error");
    wizard_describe(&w, &step_owner, &v);
    ok(view_has(&v, "Enhetsregisteret: NORDRE TESTKOMMUNE (KOMM)"), "owner: name and form shown");
    ok(!view_find_field(&v, "owner_parent"), "owner: no parent offered for a main entity");
    view_clear(&v);
    is_int(submit_owner(&w, "311 590 839", false, &e), STEP_NEXT, "owner: Enter again moves on");
    is_str(w.cfg.owner_orgnr, "311590839", "owner: stored without spaces");

    /* An invalid number costs no look-up. */
    calls = f.org_calls;
    is_int(submit_owner(&w, "311590838", false, &e), STEP_STAY, "owner: mod 11 failure refused");
    is_int(f.org_calls, calls, "owner: no look-up for an invalid number");

    /* An organisasjonsledd: refused, the parent offered and taken with one key. */
    is_int(submit_owner(&w, "310166138", false, &e), STEP_STAY, "ORGL refused");
    ok(strstr(e.msg, "organisasjonsledd") != NULL, "ORGL: the reason (%s)", e.msg);
    wizard_describe(&w, &step_owner, &v);
    fl = view_find_field(&v, "owner_parent");
    ok(fl && fl->checked && strstr(fl->label, "311590839"), "ORGL: the parent offered, checked");
    ok(diags_suggestion(&v.diags, "owner") && strcmp(diags_suggestion(&v.diags, "owner"), "311590839") == 0,
       "ORGL: the rules' suggestion reaches the view");
    view_clear(&v);
    is_int(submit_owner(&w, "310166138", true, &e), STEP_NEXT, "ORGL: Enter takes the parent");
    is_str(w.cfg.owner_orgnr, "311590839", "ORGL: the owner is the parent now");

    /* A sub-unit: a warning; the parent offered; declining keeps the sub-unit. */
    is_int(submit_owner(&w, "311860917", false, &e), STEP_STAY, "sub-unit: stays once");
    ok(strstr(e.msg, "parent is offered") != NULL, "sub-unit: says the parent is offered (%s)", e.msg);
    wizard_describe(&w, &step_owner, &v);
    ok(view_find_field(&v, "owner_parent") != NULL, "sub-unit: the parent offered");
    ok(diags_worst(&v.diags, "owner") == DIAG_WARN, "sub-unit: a warning, not an error");
    view_clear(&v);
    is_int(submit_owner(&w, "311860917", false, &e), STEP_NEXT, "sub-unit: declining moves on");
    is_str(w.cfg.owner_orgnr, "311860917", "sub-unit: kept as typed");

    /* A parent offered for one number is not taken for another typed over it. */
    submit_owner(&w, "310166138", false, &e);
    is_int(submit_owner(&w, "311590839", true, &e), STEP_STAY, "another number: shown first");
    is_str(w.cfg.owner_orgnr, "311590839", "another number: the typed one, not the old offer");

    /* Deleted and unknown organisations are refused, every time. */
    is_int(submit_owner(&w, "217975433", false, &e), STEP_STAY, "deleted refused");
    ok(strstr(e.msg, "deleted") != NULL, "deleted: the reason (%s)", e.msg);
    is_int(submit_owner(&w, "217975433", false, &e), STEP_STAY, "deleted refused again");
    is_int(submit_owner(&w, "217574919", false, &e), STEP_STAY, "unknown refused");
    ok(strstr(e.msg, "not in Enhetsregisteret") != NULL, "unknown: the reason (%s)", e.msg);

    /* A failed look-up is a warning with its cause, never a block. */
    /* Its warning shows while typing: Enter does not stay for it. */
    is_int(submit_owner(&w, "315181909", false, &e), STEP_NEXT, "failed look-up: not shown twice");
    wizard_describe(&w, &step_owner, &v);
    ok(view_has(&v, "cannot verify \"315181909\" in Enhetsregisteret: connection refused"),
       "failed look-up: the cause is shown");
    ok(diags_worst(&v.diags, "owner") == DIAG_WARN, "failed look-up: a warning");
    view_clear(&v);
    is_int(submit_owner(&w, "315181909", false, &e), STEP_NEXT, "failed look-up: no block");

    wizard_clear(&w);
    wizard_core_clear(&c);
    fixtures_clear(&f);
    site_clear(&s);
}

/* The verdict while typing (DESIGN.md §2 step 2): the owner view's live check gives
 * what the rules say about the digits so far, and Enhetsregisteret's answer as soon
 * as the ninth digit makes the number valid. */
static enum diag_level live(const struct view *v, const char *value, char *out, size_t cap)
{
    return v->live_check(v->live_ctx, "owner", value, out, cap);
}

static void test_owner_live(void)
{
    struct wizard_core c;
    struct fixtures f;
    struct wizard w;
    struct site s;
    struct view v;
    struct error e;
    char out[512];
    int calls;

    make_site(&s);
    fixtures_init(&f);
    wizard_core_init(&c, &cat, "test", "en", &e);
    c.lookups = (struct wizard_lookups){ &f, fx_org, fx_units };
    wizard_init(&w, &s, NULL, &c.rules, "test", &e);
    wizard_describe(&w, &step_owner, &v);
    if (!ok(v.live_check != NULL, "live: the owner view offers a live check"))
        goto out;

    is_int(live(&v, "", out, sizeof out), DIAG_OK, "live: empty is not an error yet");
    is_str(out, "", "live: ... and says nothing");
    calls = f.org_calls;
    is_int(live(&v, "31590", out, sizeof out), DIAG_ERROR, "live: short is an error");
    is_str(out, "organisation number \"31590\" is invalid: too short", "live: short says so");
    is_int(live(&v, "123456789", out, sizeof out), DIAG_ERROR, "live: bad check digit");
    is_str(out, "organisation number \"123456789\" is invalid: control digit wrong",
           "live: the mod 11 reason");
    is_int(f.org_calls, calls, "live: no look-up before the number is valid");
    is_int(live(&v, "974760673", out, sizeof out), DIAG_WARN, "live: a real org in test warns");
    ok(strstr(out, "start with 2 or 3") != NULL, "live: the environment warning (%s)", out);

    calls = f.org_calls;
    is_int(live(&v, "311 590 839", out, sizeof out), DIAG_OK, "live: a valid main entity");
    ok(strstr(out, "NORDRE TESTKOMMUNE") && strstr(out, "KOMM"),
       "live: Enhetsregisteret's name and form (%s)", out);
    /* The provider caches per number: asking it twice costs no request. */
    ok(f.org_calls > calls, "live: the ninth digit asks Enhetsregisteret");
    is_int(live(&v, "311860917", out, sizeof out), DIAG_WARN, "live: a sub-unit warns");
    ok(strstr(out, "is a sub-unit") != NULL, "live: the sub-unit reason (%s)", out);
    is_int(live(&v, "310166138", out, sizeof out), DIAG_ERROR, "live: an organisasjonsledd");
    ok(strstr(out, "organisasjonsledd") != NULL, "live: the ORGL reason (%s)", out);
    is_int(live(&v, "31016613", out, sizeof out), DIAG_ERROR, "live: a digit deleted again");
    ok(strstr(out, "too short") != NULL, "live: short again (%s)", out);
    is_int(live(&v, "31590", out, 8), DIAG_ERROR, "live: a small buffer");
    is_int((int)strlen(out), 7, "live: ... is cut, not overrun");
    is_str(w.cfg.owner_orgnr ? w.cfg.owner_orgnr : "", "", "live: the typed value is not stored");
out:
    view_clear(&v);
    wizard_clear(&w);
    wizard_core_clear(&c);
    fixtures_clear(&f);
    site_clear(&s);
}

static void add_scope(struct client_status *cs, const char *scope, enum item_status st)
{
    cs->scopes = realloc(cs->scopes, (cs->n_scopes + 1) * sizeof *cs->scopes);
    memset(&cs->scopes[cs->n_scopes], 0, sizeof *cs->scopes);
    cs->scopes[cs->n_scopes].scope = strdup(scope);
    cs->scopes[cs->n_scopes].status = st;
    cs->n_scopes++;
}

static void test_subunits_and_services(void)
{
    struct wizard_core c;
    struct fixtures f;
    struct client_status cs;
    struct helseid_config live = { 0 };
    struct wizard w;
    struct site s;
    struct view v;
    struct error e;

    make_site(&s);
    fixtures_init(&f);
    client_status_init(&cs);
    strv_push(&cs.child_orgnrs, "311860917");
    strv_push(&cs.child_orgnrs, "313909964");
    strv_copy(&live.child_orgnrs, &cs.child_orgnrs);
    add_scope(&cs, "nhn:selvbetjening/client", ITEM_OK);
    add_scope(&cs, "nhn:kjernejournal/innlogging", ITEM_OK);
    add_scope(&cs, "nhn:hgd-persontjenesten-api/full-access", ITEM_PENDING);
    wizard_core_init(&c, &cat, "test", "en", &e);
    c.lookups = (struct wizard_lookups){ &f, fx_org, fx_units };

    /* Without a client: "none yet", no status words. */
    wizard_init(&w, &s, NULL, &c.rules, "test", &e);
    str_replace(&w.cfg.owner_orgnr, "311590839");
    wizard_describe(&w, &step_subunits, &v);
    ok(view_has(&v, "None registered in HelseID yet."), "sub-units without a client: none yet");
    ok(view_has(&v, "industry code 86.211 normally gets Kjernejournal access"),
       "sub-units: næringskode 86 hint from Enhetsregisteret");
    ok(view_has(&v, "industry code 88.991 is judged case by case"),
       "sub-units: næringskode 88 hint from Enhetsregisteret");
    is_int(f.unit_calls, 1, "sub-units: one list call for the whole tree");
    view_clear(&v);
    wizard_describe(&w, &step_services, &v);
    ok(!view_has(&v, "[ok]") && !view_has(&v, "[not requested]"), "services without a client: no status");
    view_clear(&v);
    f.units_fail = true;
    wizard_describe(&w, &step_subunits, &v);
    ok(view_has(&v, "cannot read the sub-units from Enhetsregisteret: HTTP 503"),
       "sub-units: a failed list is a warning with its cause");
    ok(diags_worst(&v.diags, NULL) < DIAG_ERROR, "sub-units: ... never an error");
    view_clear(&v);
    f.units_fail = false;
    wizard_clear(&w);

    /* With the live client: HelseID's column and the status per service. */
    c.live = &cs;
    wizard_init(&w, &s, &live, &c.rules, "test", &e);
    str_replace(&w.cfg.owner_orgnr, "311590839");
    wizard_describe(&w, &step_subunits, &v);
    ok(!view_has(&v, "None registered in HelseID yet."), "sub-units with a client: HelseID's list");
    {
        const struct field *fl = view_find_field(&v, "subunits");
        bool removed = false, both = false;

        for (size_t r = 0; fl && r < fl->n_rows; r++) {
            removed |= fl->rows[r].mark == '-' && strcmp(fl->rows[r].col[1], "313909964") == 0;
            both |= fl->rows[r].mark == ' ' && strcmp(fl->rows[r].col[1], "311860917") == 0;
        }
        ok(removed, "sub-units: only in HelseID is marked '-'");
        ok(both, "sub-units: in both columns is unmarked");
    }
    view_clear(&v);
    wizard_describe(&w, &step_services, &v);
    ok(view_has(&v, "Kjernejournal)  [ok]"), "services: Kjernejournal approved");
    ok(view_has(&v, "(Persontjenesten)  [pending]"), "services: Persontjenesten pending");
    ok(view_has(&v, "KPR  [not requested]"), "services: KPR not requested");
    view_clear(&v);
    wizard_clear(&w);

    /* 2,000 units: one list call, every unit judged. */
    for (int i = 0; i < 2000; i++)
        site_add_unit(&s, "Enhet", "311860917", NULL, NULL, -1);
    f.unit_calls = 0;
    wizard_init(&w, &s, &live, &c.rules, "test", &e);
    str_replace(&w.cfg.owner_orgnr, "311590839");
    wizard_describe(&w, &step_subunits, &v);
    is_int(f.unit_calls, 1, "2,000 units: still one list call");
    view_clear(&v);
    wizard_clear(&w);

    wizard_core_clear(&c);
    client_status_clear(&cs);
    helseid_config_clear(&live);
    fixtures_clear(&f);
    site_clear(&s);
}

/* The SFM safeguard reads the live SFM claim: an empty SFM-ID is refused. */
static void test_sfm_live(void)
{
    struct wizard_core c;
    struct client_status cs;
    struct wizard w;
    struct site s;
    struct diags d;
    struct error e;
    const char *key = catalog_sfm_claim_key(&cat);

    make_site(&s);
    client_status_init(&cs);
    add_scope(&cs, "e-helse:sfm.api/sfm.api2", ITEM_OK);
    if (key) {
        cs.claims = calloc(1, sizeof *cs.claims);
        cs.claims[0].type = strdup(key);
        cs.claims[0].active = strdup("5e1f0000-0000-4000-8000-0000000000aa");
        cs.claims[0].status = ITEM_OK;
        cs.n_claims = 1;
    }
    wizard_core_init(&c, &cat, "test", "en", &e);
    wizard_init(&w, &s, NULL, &c.rules, "test", &e);
    w.cfg.services = calloc(1, sizeof *w.cfg.services);
    w.cfg.services[0].service = strdup("sfm");
    w.cfg.n_services = 1;
    diags_init(&d);
    wizard_check_sfm(&w, "", false, &d);
    ok(diags_worst(&d, NULL) < DIAG_ERROR, "sfm: without the live client nothing is in use");
    diags_clear(&d);
    c.live = &cs;
    wizard_check_sfm(&w, "", false, &d);
    ok(diags_worst(&d, NULL) == DIAG_ERROR, "sfm: the live SFM claim makes an empty id an error");
    diags_clear(&d);
    wizard_clear(&w);
    wizard_core_clear(&c);
    client_status_clear(&cs);
    site_clear(&s);
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
    test_preflight();
    test_owner();
    test_owner_live();
    test_subunits_and_services();
    test_sfm_live();
    catalog_clear(&cat);
    done_testing();
}
