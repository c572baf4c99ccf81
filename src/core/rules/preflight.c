/* Step 0, preflight: EPJ version, the logged-in unit, the current user's identity,
 * reach of the hosts, clock skew, and a configuration made before HelseID setup moved
 * into the EPJ (seed 000: "må gjøres på nytt i versjon 142"). */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/rules/rules-int.h"
#include "core/site.h"

/* The configuration whose services decide the minimum: the one being made, else the
 * saved one. */
static const struct helseid_config *chosen_config(const struct rules_input *in)
{
    return in->desired ? in->desired : in->saved;
}

/* The strictest catalog minimum among the chosen services; *who names it. */
static int services_min_epj(const struct rules_input *in, const struct catalog_service **who)
{
    int need = 0;
    *who = NULL;
    for (struct chosen_service c = { 0 }; rules_next_chosen(chosen_config(in), in->catalog, &c);)
        if (c.s->min_epj_version > need) {
            need = c.s->min_epj_version;
            *who = c.s;
        }
    return need;
}

static int check_epj_version(const struct rule *r, const struct rules_input *in,
                             struct diags *out)
{
    if (!in->site)
        return 0;
    int have = in->site->epj_version;
    int setup = rules_min_epj_setup(in->env);
    const struct catalog_service *who;
    int svc = services_min_epj(in, &who);

    if (have < setup)
        return diag_add(out, r, DIAG_ERROR, "epj_version", NULL,
                        _("update the journal system before setting up HelseID"),
                        _("journal system version %d is too old: HelseID setup needs version %d or later"),
                        have, setup);
    if (who && have < svc)
        return diag_add(out, r, DIAG_ERROR, "epj_version", NULL,
                        _("update the journal system, or do not choose this service"),
                        _("journal system version %d is too old: \"%s\" needs version %d or later"),
                        have, l10n_get(&who->label, in->lang), svc);
    return diag_add(out, r, DIAG_OK, "epj_version", NULL, NULL,
                    _("journal system version %d supports HelseID setup"), have);
}

static int check_login_unit(const struct rule *r, const struct rules_input *in,
                            struct diags *out)
{
    const struct site *s = in->site;
    if (!s)
        return 0;
    if (s->login_unit < 0 || (size_t)s->login_unit >= s->n_units)
        return diag_add(out, r, DIAG_ERROR, "login_unit", NULL,
                        _("log in on a unit of the unit tree and start again"),
                        _("the unit you are logged in on is unknown"));
    const struct unit *u = &s->units[s->login_unit];
    const char *name = u->name ? u->name : "";
    if (str_empty(u->orgnr))
        return diag_add(out, r, DIAG_ERROR, "login_unit", NULL,
                        _("enter the organisation number of the unit in the unit tree"),
                        _("unit \"%s\" has no organisation number"), name);
    enum ident_reason warning = IDENT_OK;
    enum ident_reason why = orgnr_check(u->orgnr, rules_ident_env(in->env), &warning);
    if (why != IDENT_OK)
        return diag_add(out, r, DIAG_ERROR, "login_unit", NULL,
                        _("correct the organisation number in the unit tree"),
                        _("organisation number \"%s\" of unit \"%s\" is invalid: %s"),
                        u->orgnr, name, _(ident_reason_message(why)));
    if (warning != IDENT_OK)
        return diag_add(out, r, DIAG_WARN, "login_unit", NULL,
                        _("check that the organisation belongs in this environment"),
                        _("organisation number \"%s\" of unit \"%s\": %s"),
                        u->orgnr, name, _(ident_reason_message(warning)));
    return diag_add(out, r, DIAG_OK, "login_unit", NULL, NULL,
                    _("logged in on unit \"%s\" (%s)"), name, u->orgnr);
}

static const struct user *current_user(const struct rules_input *in)
{
    const struct site *s = in->site;
    if (!s || s->current_user < 0 || (size_t)s->current_user >= s->n_users)
        return NULL;
    return &s->users[s->current_user];
}

/* A missing identity is an error when a chosen service needs it (Fastlegeregisteret:
 * seed 000), otherwise a warning. */
static enum diag_level missing_severity(const struct rules_input *in)
{
    for (struct chosen_service c = { 0 }; rules_next_chosen(chosen_config(in), in->catalog, &c);)
        if (c.s->needs_user_identity)
            return DIAG_ERROR;
    return DIAG_WARN;
}

static const char *fix_in_admin(void)
{
    return _("set it on the user in the journal system's administration");
}

/* The current user lacks an identity value: fixed in the journal system's
 * administration, as severe as missing_severity() makes it. */
static int user_lacks(const struct rule *r, const struct rules_input *in, struct diags *out,
                      const char *field, const char *message)
{
    return diag_add(out, r, missing_severity(in), field, NULL, fix_in_admin(), "%s", message);
}

static int check_user(const struct rule *r, const struct rules_input *in, struct diags *out)
{
    if (!in->site)
        return 0;
    const struct user *u = current_user(in);
    if (!u)
        return diag_add(out, r, DIAG_ERROR, "user", NULL,
                        _("log in to the journal system as the user who will manage HelseID"),
                        _("the current user is unknown"));
    return diag_add(out, r, DIAG_OK, "user", NULL, NULL, _("current user \"%s\""),
                    u->name ? u->name : u->id ? u->id : "");
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Strict YYYY-MM-DD of a date that exists. */
static bool parse_date(const char *s, int *y, int *m, int *d)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    if (*y < 1854 || *m < 1 || *m > 12 || *d < 1)
        return false;
    return *d <= days[*m - 1] + (*m == 2 && leap(*y));
}

static bool birth_date_ok(const char *s)
{
    int y, m, d;
    return parse_date(s, &y, &m, &d);
}

/* A valid date after today (when today is known). */
static bool birth_date_future(const char *s, const struct rules_env *env)
{
    int ty, tm, td;
    return env && env->today && parse_date(env->today, &ty, &tm, &td) && strcmp(s, env->today) > 0;
}

static int check_birth_date(const struct rule *r, const struct rules_input *in,
                            struct diags *out)
{
    const struct user *u = current_user(in);
    if (!u)
        return 0;
    if (str_empty(u->birth_date))
        return user_lacks(r, in, out, "user.birth_date", _("the current user has no birth date"));
    if (!birth_date_ok(u->birth_date))
        return diag_add(out, r, DIAG_ERROR, "user.birth_date", NULL,
                        _("write the birth date as YYYY-MM-DD"),
                        _("birth date \"%s\" is not a valid date"), u->birth_date);
    if (birth_date_future(u->birth_date, in->env))
        /* TRANSLATORS: %s is the date, then the reason ("born in the future"). */
        return diag_add(out, r, DIAG_ERROR, "user.birth_date", NULL, fix_in_admin(),
                        _("birth date \"%s\" is invalid: %s"), u->birth_date,
                        _(ident_reason_message(IDENT_FUTURE_DATE)));
    return diag_add(out, r, DIAG_OK, "user.birth_date", NULL, NULL, _("birth date %s"),
                    u->birth_date);
}

static int check_fnr(const struct rule *r, const struct rules_input *in, struct diags *out)
{
    const struct user *u = current_user(in);
    if (!u)
        return 0;
    if (str_empty(u->fnr))
        return user_lacks(r, in, out, "user.fnr", _("the current user has no fødselsnummer"));
    /* An unusable birth date is its own diagnostic; check the number alone then. */
    const char *bd = birth_date_ok(u->birth_date) ? u->birth_date : NULL;
    enum ident_reason why = fnr_check_with_birth_date_on(u->fnr, bd, in->env ? in->env->today : NULL,
                                                         NULL);
    if (why != IDENT_OK)
        /* TRANSLATORS: the number itself is not shown: it is personal data. */
        return diag_add(out, r, DIAG_ERROR, "user.fnr", NULL, fix_in_admin(),
                        _("the current user's fødselsnummer is invalid: %s"),
                        _(ident_reason_message(why)));
    return diag_add(out, r, DIAG_OK, "user.fnr", NULL, NULL,
                    _("fødselsnummer valid and matches the birth date"));
}

static int check_herid(const struct rule *r, const struct rules_input *in, struct diags *out)
{
    const struct user *u = current_user(in);
    if (!u)
        return 0;
    if (str_empty(u->herid))
        return user_lacks(r, in, out, "user.herid", _("the current user has no HER-id"));
    enum ident_reason why = herid_check(u->herid);
    if (why != IDENT_OK)
        return diag_add(out, r, DIAG_ERROR, "user.herid", NULL, fix_in_admin(),
                        _("HER-id \"%s\" is invalid: %s"), u->herid, _(ident_reason_message(why)));
    return diag_add(out, r, DIAG_OK, "user.herid", NULL, NULL, _("HER-id %s"), u->herid);
}

static int check_hpr(const struct rule *r, const struct rules_input *in, struct diags *out)
{
    const struct user *u = current_user(in);
    if (!u)
        return 0;
    if (str_empty(u->hpr))
        return user_lacks(r, in, out, "user.hpr", _("the current user has no HPR number"));
    enum ident_reason why = hpr_check(u->hpr);
    if (why != IDENT_OK)
        return diag_add(out, r, DIAG_ERROR, "user.hpr", NULL, fix_in_admin(),
                        _("HPR number \"%s\" is invalid: %s"), u->hpr, _(ident_reason_message(why)));
    return diag_add(out, r, DIAG_OK, "user.hpr", NULL, NULL, _("HPR number %s"), u->hpr);
}

static int check_reach(const struct rule *r, const struct rules_input *in, struct diags *out)
{
    for (size_t i = 0; in->env && in->env->reach && i < in->env->n_reach; i++) {
        const struct reach_result *h = &in->env->reach[i];
        char field[300];
        snprintf(field, sizeof(field), "host.%s", h->host ? h->host : "");
        char name[600];
        /* The host carries its port when it is not 443 (test servers, the simulator). */
        if (h->label)
            snprintf(name, sizeof(name), "%s (%s)", h->label, h->host ? h->host : "");
        else
            snprintf(name, sizeof(name), "%s", h->host ? h->host : "");
        char fix[200];
        /* A firewall hint only when TCP did not get through, naming the real port. */
        if (h->port > 0 && h->port != 443)
            snprintf(fix, sizeof(fix), _("open outgoing TCP port %d to this host in the firewall or proxy"), h->port);
        else
            snprintf(fix, sizeof(fix), "%s", _("open outgoing TCP port 443 to this host in the firewall or proxy"));
        int rc = h->ok
            ? diag_add(out, r, DIAG_OK, field, NULL, NULL, _("%s reachable"), name)
            : diag_add(out, r, DIAG_ERROR, field, NULL, h->tcp_ok ? NULL : fix,
                       _("cannot reach %s: %s"), name, h->cause ? h->cause : _("unknown cause"));
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Client assertions and DPoP proofs carry iat/nbf = now and live at most 60 s: a
 * skew of half that leaves too little margin, a few seconds is normal. */
static int check_clock(const struct rule *r, const struct rules_input *in, struct diags *out)
{
    const struct rules_env *env = in->env;
    if (!env || !env->clock_known)
        return 0;
    /* -LONG_MIN overflows: the skew comes from a remote Date header. */
    long skew = env->clock_skew_s >= 0 ? env->clock_skew_s
              : env->clock_skew_s < -LONG_MAX ? LONG_MAX : -env->clock_skew_s;
    long warn = env->clock_warn_s > 0 ? env->clock_warn_s : RULES_CLOCK_WARN_S;
    long err = env->clock_error_s > 0 ? env->clock_error_s : RULES_CLOCK_ERROR_S;
    const char *hint = _("synchronise the clock (NTP, e.g. systemd-timesyncd or chrony)");
    if (skew > err)
        return diag_add(out, r, DIAG_ERROR, "clock", NULL, hint,
                        _("the clock is %ld seconds off HelseID's: signed requests will be rejected"),
                        env->clock_skew_s);
    if (skew > warn)
        return diag_add(out, r, DIAG_WARN, "clock", NULL, hint,
                        _("the clock is %ld seconds off HelseID's"), env->clock_skew_s);
    return diag_add(out, r, DIAG_OK, "clock", NULL, NULL,
                    _("the clock agrees with HelseID's (%ld s)"), env->clock_skew_s);
}

/* Seed 000: a setup made before version 142 must be redone. Only a warning here so the
 * wizard can be started to redo it; step 1 (config.must_redo) then insists. */
static int check_config_version(const struct rule *r, const struct rules_input *in,
                                struct diags *out)
{
    const struct helseid_config *c = in->saved;
    if (!c || c->state == CONFIG_NONE)
        return 0;
    int min = rules_min_epj_setup(in->env);
    if (c->epj_version <= 0)
        return diag_add(out, r, DIAG_WARN, "config", NULL,
                        _("create a new configuration if it does not work"),
                        _("the saved configuration does not say which journal system version made it"));
    if (c->epj_version < min)
        return diag_add(out, r, DIAG_WARN, "config", NULL,
                        _("choose to create a new configuration in the next step"),
                        _("the saved configuration was made by version %d and must be made again (version %d or later)"),
                        c->epj_version, min);
    return diag_add(out, r, DIAG_OK, "config", NULL, NULL,
                    _("the saved configuration was made by version %d"), c->epj_version);
}

const struct rule rules_preflight[] = {
    { "preflight.epj_version", RULES_STEP_PREFLIGHT, check_epj_version },
    { "preflight.login_unit", RULES_STEP_PREFLIGHT, check_login_unit },
    { "preflight.user", RULES_STEP_PREFLIGHT, check_user },
    { "preflight.user_birth_date", RULES_STEP_PREFLIGHT, check_birth_date },
    { "preflight.user_fnr", RULES_STEP_PREFLIGHT, check_fnr },
    { "preflight.user_herid", RULES_STEP_PREFLIGHT, check_herid },
    { "preflight.user_hpr", RULES_STEP_PREFLIGHT, check_hpr },
    { "preflight.reach", RULES_STEP_PREFLIGHT, check_reach },
    { "preflight.clock_skew", RULES_STEP_PREFLIGHT, check_clock },
    { "preflight.config_version", RULES_STEP_PREFLIGHT, check_config_version },
};
const size_t rules_preflight_n = sizeof(rules_preflight) / sizeof(rules_preflight[0]);
