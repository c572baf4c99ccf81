/* Each step's describe/submit with fake answers. The rules here are a small test
 * table (struct wizard_rules) standing in for core/rules.h: these tests check the
 * steps' own logic (diagnostics reach the right field, errors keep the user on the
 * step, Back/Next, the working copy), not the rules themselves. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tests/tap.h"
#include "wizard/wizard.h"

static void t_preflight(const struct wizard *w, struct diags *out)
{
    diags_add(out, "epj", w->site->epj_version >= 142 ? DIAG_OK : DIAG_ERROR,
              "upgrade", "EPJ version %d", w->site->epj_version);
}

static void t_owner(const char *orgnr, struct diags *out)
{
    if (strlen(orgnr) != 9)
        diags_add(out, "owner", DIAG_ERROR, NULL, "too short");
    else if (strcmp(orgnr, "310166138") == 0)
        diags_add(out, "owner", DIAG_WARN, NULL, "organisasjonsledd");
}

static void t_services(const struct helseid_config *cfg, struct diags *out)
{
    const struct service_choice *pt = config_find_service(cfg, "persontjenesten");

    if (pt && pt->options.n == 0)
        diags_add(out, "persontjenesten", DIAG_ERROR, NULL, "choose a scope");
}

static void t_sfm(const struct wizard *w, const struct helseid_config *cfg, struct diags *out)
{
    if (!cfg->sfm_id && wizard_sfm_in_use(w) && !w->sfm_confirm_empty)
        diags_add(out, "sfm_id", DIAG_ERROR, NULL, "SFM in use");
}

/* The one entry the wizard calls: the test rules of each step. */
static void t_check(const struct wizard *w, enum rules_step step,
                    const struct helseid_config *cfg, struct diags *out)
{
    switch (step) {
    case RULES_STEP_PREFLIGHT: t_preflight(w, out); break;
    case RULES_STEP_OWNER: t_owner(cfg->owner_orgnr, out); break;
    case RULES_STEP_SERVICES: t_services(cfg, out); break;
    case RULES_STEP_SETTINGS: t_sfm(w, cfg, out); break;
    default: break;
    }
}

static const struct wizard_option pt_options[] = {
    { "begrenset", "Begrenset tilgang", NULL, true },
    { "full", "Full tilgang (krever hjemmel)", NULL, true },
};
static const struct wizard_service services[] = {
    { "kjernejournal", "Kjernejournal", "info", NULL, 0 },
    { "persontjenesten", "Persontjenesten", NULL, pt_options, 2 },
    { "sfm", "SFM", NULL, NULL, 0 },
};
/* SFM in use: the saved configuration has an SFM-ID (core/rules/sfm.c asks more). */
static const char *t_sfm_previous(const struct wizard *w)
{
    const struct helseid_config *saved = wizard_saved_config(w);

    return saved && saved->sfm_id && *saved->sfm_id ? saved->sfm_id : NULL;
}

static bool t_sfm_in_use(const struct wizard *w)
{
    return t_sfm_previous(w) != NULL;
}

static const struct wizard_rules rules = {
    .services = services,
    .n_services = 3,
    .check = t_check,
    .sfm_service = "sfm",
    .sfm_previous = t_sfm_previous,
    .sfm_in_use = t_sfm_in_use,
};

static void make_site(struct site *s, bool with_config)
{
    site_init(s);
    s->epj_version = 144;
    site_add_unit(s, "Nordre testkommune", "311590839", NULL, "84.110", -1);
    site_add_unit(s, "Nordre legekontor", "311860917", NULL, "86.211", 0);
    site_add_unit(s, "Nordre legevakt", "313909964", NULL, "86.210", 0);
    site_add_unit(s, "Legevakt filial", "313909964", NULL, "86.210", 0);
    if (with_config) {
        struct helseid_config *c = calloc(1, sizeof(*c));

        c->state = CONFIG_ACTIVE;
        c->env = strdup("test");
        c->owner_orgnr = strdup("311590839");
        c->client_id = strdup("c0ffee00-0000-4000-8000-000000000001");
        c->sfm_id = strdup("5e1f0000-0000-4000-8000-0000000000aa");
        strv_push(&c->child_orgnrs, "311860917");
        strv_push(&c->child_orgnrs, "315181909");
        s->config = c;
    }
}

static enum step_rc run(struct wizard *w, const struct step *s, struct answer *a,
                        struct error *e)
{
    error_clear(e);
    return s->submit(w, a, e);
}

static void test_owner(void)
{
    struct site s;
    struct wizard w;
    struct error e;
    struct answer a;
    struct view v;

    make_site(&s, false);
    ok(wizard_init(&w, &s, NULL, &rules, "test", &e) == 0, "init without a saved config");
    ok(w.create_new, "no saved config means a new one");
    answer_init(&a);
    answer_set(&a, "owner", "");
    is_int(run(&w, &step_owner, &a, &e), STEP_STAY, "empty owner refused");
    ok(strstr(e.msg, "mandatory") != NULL, "reason: mandatory (%s)", e.msg);
    answer_set(&a, "owner", "1234");
    is_int(run(&w, &step_owner, &a, &e), STEP_STAY, "bad owner refused");
    ok(strstr(e.msg, "too short") != NULL, "the rules' reason is in the message");
    wizard_describe(&w, &step_owner, &v);
    is_str(view_find_field(&v, "owner")->value, "1234", "the typed value stays on screen");
    ok(diags_first(&v.diags, "owner", DIAG_ERROR) != NULL, "reason attached to the owner field");
    view_clear(&v);
    answer_set(&a, "owner", "311 590 839");
    is_int(run(&w, &step_owner, &a, &e), STEP_NEXT, "spaces allowed while typing");
    is_str(w.cfg.owner_orgnr, "311590839", "stored without spaces");
    answer_set(&a, "owner", "310166138");
    is_int(run(&w, &step_owner, &a, &e), STEP_NEXT, "a warning does not block");
    answer_clear(&a);
    wizard_clear(&w);
    site_clear(&s);
}

static void test_create_and_owner_change(void)
{
    struct site s;
    struct wizard w;
    struct error e;
    struct answer a;
    struct view v;

    make_site(&s, true);
    wizard_init(&w, &s, NULL, &rules, NULL, &e);
    ok(!w.create_new, "a saved config is changed by default");
    wizard_describe(&w, &step_create, &v);
    is_int(v.n_fields, 2, "two choices when a config exists");
    ok(view_find_field(&v, "change")->checked, "default: change");
    ok(view_find_field(&v, "new")->radio, "choices are radio buttons");
    view_clear(&v);
    answer_init(&a);
    answer_set(&a, "new", "0");
    answer_set(&a, "change", "1");
    is_int(run(&w, &step_create, &a, &e), STEP_NEXT, "change chosen");
    is_str(w.cfg.client_id, "c0ffee00-0000-4000-8000-000000000001", "client id kept");
    answer_set(&a, "new", "1");
    answer_set(&a, "change", "0");
    is_int(run(&w, &step_create, &a, &e), STEP_NEXT, "new chosen");
    ok(w.create_new && !w.cfg.client_id, "a new configuration drops the client id");
    answer_set(&a, "new", "0");
    answer_set(&a, "change", "0");
    w.create_new = false;
    is_int(run(&w, &step_create, &a, &e), STEP_STAY, "neither choice refused");
    answer_clear(&a);
    wizard_clear(&w);
    site_clear(&s);
}

static void test_subunits(void)
{
    struct site s;
    struct wizard w;
    struct error e;
    struct answer a;
    struct view v;
    const struct field *f;
    int plus = 0, minus = 0;

    make_site(&s, true);
    wizard_init(&w, &s, NULL, &rules, NULL, &e);
    wizard_describe(&w, &step_subunits, &v);
    f = view_find_field(&v, "subunits");
    ok(f && f->kind == FIELD_LIST, "a list field");
    is_int(f->n_rows, 4, "union of 3 distinct local and 2 registered org numbers");
    for (size_t i = 0; i < f->n_rows; i++) {
        plus += f->rows[i].mark == '+';
        minus += f->rows[i].mark == '-';
    }
    is_int(plus, 2, "two added (311590839, 313909964)");
    is_int(minus, 1, "one removed (315181909)");
    ok(strstr(v.paragraphs[0], "3 sub-units") != NULL, "plural count: %s", v.paragraphs[0]);
    view_clear(&v);
    answer_init(&a);
    is_int(run(&w, &step_subunits, &a, &e), STEP_NEXT, "next");
    is_int(w.cfg.child_orgnrs.n, 3, "the distinct set goes to HelseID");
    answer_clear(&a);
    wizard_clear(&w);
    site_clear(&s);
}

static void test_services(void)
{
    struct site s;
    struct wizard w;
    struct error e;
    struct answer a;
    struct view v;

    make_site(&s, false);
    wizard_init(&w, &s, NULL, &rules, "test", &e);
    wizard_describe(&w, &step_services, &v);
    is_int(v.n_fields, 5, "3 services + 2 options");
    is_int(view_find_field(&v, "persontjenesten/full")->parent, 1, "option under its service");
    ok(view_find_field(&v, "persontjenesten/full")->radio, "scope options are radio");
    is_str(view_find_field(&v, "kjernejournal")->info, "info", "F1 text carried");
    view_clear(&v);
    answer_init(&a);
    answer_set(&a, "persontjenesten", "1");
    is_int(run(&w, &step_services, &a, &e), STEP_STAY, "Persontjenesten without a scope refused");
    is_str(e.msg, "choose a scope", "the rules' reason");
    wizard_describe(&w, &step_services, &v);
    ok(view_find_field(&v, "persontjenesten")->checked, "the refused choice stays on screen");
    ok(diags_first(&v.diags, "persontjenesten", DIAG_ERROR) != NULL, "diag on the service");
    view_clear(&v);
    answer_set(&a, "persontjenesten/full", "1");
    is_int(run(&w, &step_services, &a, &e), STEP_NEXT, "with Full tilgang accepted");
    ok(config_has_option(&w.cfg, "persontjenesten", "full"), "option stored");
    is_int(w.cfg.n_services, 1, "one service");
    answer_clear(&a);
    wizard_clear(&w);
    site_clear(&s);
}

static void test_sfm(void)
{
    struct site s;
    struct wizard w;
    struct error e;
    struct answer a;
    struct view v;

    make_site(&s, true);
    wizard_init(&w, &s, NULL, &rules, NULL, &e);
    wizard_describe(&w, &step_sfm, &v);
    is_str(view_find_field(&v, "sfm_id")->value, "5e1f0000-0000-4000-8000-0000000000aa",
           "the previous SFM-ID is offered");
    ok(view_find_field(&v, "sfm_confirm") != NULL &&
       view_find_field(&v, "sfm_confirm")->kind == FIELD_TEXT,
       "a typed confirmation when SFM is in use, not a checkbox");
    ok(view_find_field(&v, "sfm_confirm_empty") == NULL, "no checkbox to tick by mistake");
    view_clear(&v);
    answer_init(&a);
    answer_set(&a, "sfm_id", "  ");
    is_int(run(&w, &step_sfm, &a, &e), STEP_STAY, "empty SFM-ID refused while SFM is in use");
    wizard_describe(&w, &step_sfm, &v);
    is_str(view_find_field(&v, "sfm_id")->value, "", "the emptied field stays empty");
    ok(diags_first(&v.diags, "sfm_id", DIAG_ERROR) != NULL, "reason next to the field");
    view_clear(&v);
    answer_set(&a, "sfm_confirm", "yes");
    is_int(run(&w, &step_sfm, &a, &e), STEP_STAY, "another word does not confirm");
    answer_set(&a, "sfm_confirm", " discard ");
    is_int(run(&w, &step_sfm, &a, &e), STEP_NEXT, "accepted with the typed word");
    ok(w.cfg.sfm_id == NULL, "empty SFM-ID stored as none");
    answer_clear(&a);
    wizard_clear(&w);
    site_clear(&s);
}

static void test_confirm(void)
{
    struct site s;
    struct wizard w;
    struct error e;
    struct answer a;
    struct view v;
    const struct field *f;
    bool owner_row = false;

    make_site(&s, true);
    wizard_init(&w, &s, NULL, &rules, NULL, &e);
    str_replace(&w.cfg.owner_orgnr, "315260183");
    wizard_describe(&w, &step_confirm, &v);
    f = view_find_field(&v, "diff");
    ok(f && f->kind == FIELD_DIFF, "a diff");
    for (size_t i = 0; f && i < f->n_rows; i++)
        if (f->rows[i].mark == '~' && strstr(f->rows[i].col[1], "311590839 -> 315260183"))
            owner_row = true;
    ok(owner_row, "owner change shown old -> new");
    ok(v.can_save, "Save allowed on the confirm step");
    view_clear(&v);
    {
        /* A replacement from Full to Begrenset tilgang: the catalog's names, old -> new,
         * and what is lost, said in words. */
        struct helseid_config *saved = s.config;
        struct service_choice pt_full = { 0 }, pt_restricted = { 0 };
        bool change = false, lost = false, replaced = false;

        pt_full.service = strdup("persontjenesten");
        strv_push(&pt_full.options, "full");
        saved->services = calloc(1, sizeof(*saved->services));
        saved->services[0] = pt_full;
        saved->n_services = 1;
        pt_restricted.service = strdup("persontjenesten");
        strv_push(&pt_restricted.options, "begrenset");
        w.cfg.services = calloc(1, sizeof(*w.cfg.services));
        w.cfg.services[0] = pt_restricted;
        w.cfg.n_services = 1;
        w.create_new = true;
        wizard_describe(&w, &step_confirm, &v);
        f = view_find_field(&v, "diff");
        for (size_t i = 0; f && i < f->n_rows; i++)
            change |= f->rows[i].mark == '~' && strcmp(f->rows[i].col[0], "Persontjenesten") == 0 &&
                      strcmp(f->rows[i].col[1], "Full tilgang (krever hjemmel) -> Begrenset tilgang") == 0;
        for (size_t i = 0; i < v.n_paragraphs; i++) {
            lost |= strstr(v.paragraphs[i], "Lost by this change: Persontjenesten: Full tilgang") != NULL;
            replaced |= strstr(v.paragraphs[i], "replaces client c0ffee00-0000-4000-8000-000000000001") != NULL;
        }
        ok(change, "Persontjenesten: Full tilgang (krever hjemmel) -> Begrenset tilgang");
        ok(lost, "what the replacement loses: Full tilgang");
        ok(replaced, "which client is replaced");
        view_clear(&v);
    }
    answer_init(&a);
    is_int(run(&w, &step_confirm, &a, &e), STEP_NEXT, "save");
    ok(w.saved, "saved flag");
    answer_clear(&a);
    wizard_clear(&w);
    site_clear(&s);
}

/* A scripted frontend: one entry per screen shown. */
struct script {
    const char *steps[32];
    int results[32];
    const char *answers[32][2];
    int i;
};

static int script_ask(void *ctx, const struct view *v, size_t index, size_t count,
                      const char *last_error, struct answer *a, struct error *e)
{
    struct script *sc = ctx;
    int i = sc->i++;

    sc->steps[i] = wizard_steps[index]->id;
    if (sc->answers[i][0])
        answer_set(a, sc->answers[i][0], sc->answers[i][1]);
    return sc->results[i];
}

static void test_run(void)
{
    struct site s;
    struct wizard w;
    struct error e;
    struct script sc = { .results = { 0, 0, 0, FRONTEND_BACK, 0, 0, 0, 0, 0 },
                         .answers = { [2] = { "owner", "315260183" },
                                      [6] = { "persontjenesten/begrenset", "1" } } };
    struct frontend fe = { &sc, script_ask };

    make_site(&s, false);
    wizard_init(&w, &s, NULL, &rules, "test", &e);
    ok(wizard_run(&w, &fe, &e) == 0, "the walk ends with Save");
    is_str(sc.steps[3], "subunits", "fourth screen: sub-units");
    is_str(sc.steps[4], "owner", "Back returns to the owner");
    is_str(sc.steps[8], "confirm", "then on to confirm");
    is_int(sc.i, 9, "nine screens shown");
    ok(config_has_option(&w.cfg, "persontjenesten", "begrenset"), "answers reached the model");
    wizard_clear(&w);

    memset(&sc, 0, sizeof(sc));
    sc.results[0] = FRONTEND_CANCEL;
    wizard_init(&w, &s, NULL, &rules, "test", &e);
    ok(wizard_run(&w, &fe, &e) < 0 && e.code == ERR_CANCELLED, "cancel is ERR_CANCELLED");
    wizard_clear(&w);
    site_clear(&s);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    test_owner();
    test_create_and_owner_change();
    test_subunits();
    test_services();
    test_sfm();
    test_confirm();
    test_run();
    return done_testing();
}
