/* The plan: desired configuration + rules + diff (see plan.h). */
#include "config.h"
#include "session/plan.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "net/remote.h"

void plan_init(struct plan *p)
{
    memset(p, 0, sizeof *p);
    diags_init(&p->diags);
}

void plan_clear(struct plan *p)
{
    helseid_config_clear(&p->cfg);
    diags_clear(&p->diags);
    unitdiff_clear(&p->units);
    strv_clear(&p->scopes_add);
    strv_clear(&p->scopes_remove);
    free(p->sfm_before);
    memset(p, 0, sizeof *p);
}

static bool empty(const char *s)
{
    return !s || !*s;
}

static bool same_str(const char *a, const char *b)
{
    return empty(a) ? empty(b) : !empty(b) && strcmp(a, b) == 0;
}

static bool same_options(const struct strv *a, const struct strv *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (!strv_contains(b, a->v[i]))
            return false;
    return true;
}

static bool same_services(const struct helseid_config *a, const struct helseid_config *b)
{
    if (a->n_services != b->n_services)
        return false;
    for (size_t i = 0; i < a->n_services; i++) {
        const struct service_choice *o = config_find_service(b, a->services[i].service);
        if (!o || !same_options(&a->services[i].options, &o->options))
            return false;
    }
    return true;
}

static bool same_set(const struct strv *a, const struct strv *b)
{
    for (size_t i = 0; i < a->n; i++)
        if (!strv_contains(b, a->v[i]))
            return false;
    for (size_t i = 0; i < b->n; i++)
        if (!strv_contains(a, b->v[i]))
            return false;
    return true;
}

/* cfg from the saved configuration with the desired answers put in. */
static int make_config(struct plan *p, const struct plan_input *in)
{
    const struct helseid_config *saved = in->site->config;
    const struct desired *w = in->want;
    struct helseid_config *c = &p->cfg;

    if (saved && helseid_config_copy(c, saved) < 0)
        return -1;
    strv_clear(&c->child_orgnrs);
    for (size_t i = 0; i < c->n_services; i++)
        service_choice_clear(&c->services[i]);
    free(c->services);
    c->services = NULL;
    c->n_services = 0;
    if (str_replace(&c->env, in->env_name) < 0 || str_replace(&c->owner_orgnr, w->owner_orgnr) < 0 ||
        str_replace(&c->sfm_id, w->sfm_id) < 0 || site_distinct_orgnrs(in->site, &c->child_orgnrs) < 0)
        return -1;
    if (w->n_services && !(c->services = calloc(w->n_services, sizeof *c->services)))
        return -1;
    for (size_t i = 0; i < w->n_services; i++, c->n_services++)
        if (!(c->services[i].service = strdup(w->services[i].service)) ||
            strv_copy(&c->services[i].options, &w->services[i].options) < 0) {
            c->n_services++;
            return -1;
        }
    /* No "sfm_id" in the file: keep the SFM-ID in use (the wizard offers it too). */
    if (!w->sfm_given && rules_sfm_chosen(in->cat, c) &&
        str_replace(&c->sfm_id, rules_sfm_previous(in->cat, in->site->config, in->live)) < 0)
        return -1;
    if (!saved)
        c->state = CONFIG_DRAFT;
    return 0;
}

/* Scopes: desired (catalog) against the live client's, else the saved config's. */
static int diff_scopes(struct plan *p, const struct plan_input *in, bool fresh, struct error *e)
{
    const struct helseid_config *saved = in->site->config;
    struct strv want = STRV_INIT, have = STRV_INIT;
    int rc = -1;

    if (catalog_scopes(in->cat, &p->cfg, &want, e) < 0)
        goto out;
    if (!fresh && p->against_live) {
        for (size_t i = 0; i < in->live->n_scopes; i++)
            if (in->live->scopes[i].scope && strv_push(&have, in->live->scopes[i].scope) < 0)
                goto oom;
    } else if (!fresh && saved && catalog_scopes(in->cat, saved, &have, e) < 0) {
        goto out;
    }
    for (size_t i = 0; i < want.n; i++) {
        if (strv_contains(&have, want.v[i]))
            p->scopes_same++;
        else if (strv_push(&p->scopes_add, want.v[i]) < 0)
            goto oom;
    }
    for (size_t i = 0; i < have.n; i++)
        if (!strv_contains(&want, have.v[i]) && strv_push(&p->scopes_remove, have.v[i]) < 0)
            goto oom;
    rc = 0;
    goto out;
oom:
    error_nomem(e);
out:
    strv_clear(&want);
    strv_clear(&have);
    return rc;
}

/* Everything that differs, as if the saved client is changed (fresh = false) or a
 * new one is made (fresh = true). */
static int diff_all(struct plan *p, const struct plan_input *in, bool fresh, struct error *e)
{
    const struct helseid_config *saved = in->site->config;
    struct strv remote = STRV_INIT;
    const char *prev = rules_sfm_previous(in->cat, in->site->config, in->live);
    bool sfm_chosen = rules_sfm_chosen(in->cat, &p->cfg);

    unitdiff_clear(&p->units);
    strv_clear(&p->scopes_add);
    strv_clear(&p->scopes_remove);
    p->scopes_same = 0;
    if (!fresh && (p->against_live ? strv_copy(&remote, &in->live->child_orgnrs)
                                   : saved ? strv_copy(&remote, &saved->child_orgnrs) : 0) < 0) {
        strv_clear(&remote);
        return error_nomem(e);
    }
    if (unitdiff_compute(in->site, &remote, &p->units, e) < 0) {
        strv_clear(&remote);
        return -1;
    }
    strv_clear(&remote);
    if (diff_scopes(p, in, fresh, e) < 0)
        return -1;
    if (str_replace(&p->sfm_before, prev) < 0)
        return error_nomem(e);
    p->sfm_generate = sfm_chosen && empty(p->cfg.sfm_id) && (fresh || !prev);
    if (sfm_chosen && empty(p->cfg.sfm_id) && prev && in->want->confirm_new_sfm_id)
        p->sfm_generate = true;
    p->sfm_changed = p->sfm_generate ||
                     (sfm_chosen ? !empty(p->cfg.sfm_id) && (!prev || strcasecmp(prev, p->cfg.sfm_id) != 0)
                                 : prev != NULL);
    p->owner_changed = !saved || !same_str(saved->owner_orgnr, p->cfg.owner_orgnr);
    p->env_changed = saved && !same_str(saved->env, p->cfg.env);
    p->services_changed = !saved || !same_services(saved, &p->cfg);
    p->children_saved_changed = saved && !same_set(&saved->child_orgnrs, &p->cfg.child_orgnrs);
    p->n_remote_changes = p->units.added.n + p->units.removed.n + p->scopes_add.n +
                          p->scopes_remove.n + p->sfm_changed + fresh + p->resume_pending;
    p->n_changes = p->n_remote_changes + p->owner_changed + p->env_changed +
                   p->services_changed + p->children_saved_changed;
    return 0;
}

int plan_build(struct plan *p, const struct plan_input *in, struct error *e)
{
    const struct helseid_config *saved = in->site->config;
    bool has_client = saved && !empty(saved->client_id) && saved->state != CONFIG_DRAFT;
    struct rules_input ri = {
        .site = in->site,
        .desired = &p->cfg,
        .saved = saved,
        .live = in->live,
        .catalog = in->cat,
        .env = in->env,
        .sfm_empty_confirmed = in->want->confirm_new_sfm_id,
        .lang = in->lang,
    };

    if (make_config(p, in) < 0)
        return error_nomem(e);
    p->create_new = in->want->create_new;
    p->against_live = in->live != NULL && has_client;
    p->resume_pending = has_client && saved->state == CONFIG_PENDING && !p->create_new;
    /* Idempotence: "create_new" asks for a new client instead of changing the saved
     * one. Once the saved client is active and matches the file in every respect,
     * that request has been carried out: nothing more to do. */
    if (p->create_new && has_client && saved->state == CONFIG_ACTIVE) {
        if (diff_all(p, in, false, e) < 0)
            return -1;
        if (p->n_changes == 0)
            p->create_new = false;
    }
    p->new_client = p->create_new || !has_client;
    if (p->new_client) {
        free(p->cfg.client_id);
        free(p->cfg.key_file);
        free(p->cfg.key_alg);
        p->cfg.client_id = p->cfg.key_file = p->cfg.key_alg = NULL;
        /* The new key's algorithm (desired key_alg, --key-alg): the hand-off reads it. */
        if (in->want->key_alg && !(p->cfg.key_alg = strdup(in->want->key_alg)))
            return error_nomem(e);
        p->cfg.state = CONFIG_DRAFT;
        p->against_live = false;
        p->resume_pending = false;
    }
    ri.create_new = p->create_new;
    ri.live = p->against_live ? in->live : NULL;
    if (rules_run(&ri, -1, &p->diags, e) < 0)
        return -1;
    p->rules_ok = rules_step_ok(&p->diags, -1);
    return diff_all(p, in, p->new_client, e);
}

/* ---- output ---- */

static const char *or_none(const char *s)
{
    return empty(s) ? _("(none)") : s;
}

static bool is_ps256(const struct plan *p)
{
    return p->cfg.key_alg && strcmp(p->cfg.key_alg, "PS256") == 0;
}

static void print_row(FILE *out, char mark, const char *label, const char *value)
{
    char *v = remote_text(value ? value : "", (size_t)-1);

    fprintf(out, "  %c %-22s %s\n", mark, label, v ? v : "?");
    free(v);
}

static void print_change(FILE *out, const char *label, const char *from, const char *to)
{
    char buf[600];

    snprintf(buf, sizeof buf, "%s -> %s", or_none(from), or_none(to));
    print_row(out, '~', label, buf);
}

static void print_units(FILE *out, const struct unitdiff_list *l, char mark)
{
    char buf[600];

    for (size_t i = 0; i < l->n; i++) {
        size_t len = (size_t)snprintf(buf, sizeof buf, "%s", l->v[i].orgnr);

        for (size_t k = 0; k < l->v[i].names.n && len < sizeof buf; k++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", k ? ", " : "  (",
                                    l->v[i].names.v[k]);
        if (l->v[i].names.n && len < sizeof buf)
            snprintf(buf + len, sizeof buf - len, ")");
        print_row(out, mark, _("Sub-unit"), buf);
    }
}

static void services_text(char *buf, size_t n, const struct helseid_config *c)
{
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; c && i < c->n_services && len < n; i++) {
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? " " : "", c->services[i].service);
        for (size_t k = 0; k < c->services[i].options.n && len < n; k++)
            len += (size_t)snprintf(buf + len, n - len, "%s%s", k ? "," : "(",
                                    c->services[i].options.v[k]);
        if (c->services[i].options.n && len < n)
            len += (size_t)snprintf(buf + len, n - len, ")");
    }
}

void plan_print(const struct plan *p, const struct plan_input *in, FILE *out)
{
    const struct helseid_config *saved = in->site->config;
    char a[1024], b[1024];

    fprintf(out, "%s\n", _("Checks:"));
    for (size_t i = 0; i < p->diags.n; i++) {
        const struct diag *d = &p->diags.v[i];

        fprintf(out, "  %-5s %s: %s\n", diag_level_name(d->level), d->rule, d->text);
        if (d->hint && d->level >= DIAG_WARN)
            fprintf(out, "        %s %s\n", _("hint:"), d->hint);
    }
    if (p->new_client)
        fprintf(out, "%s\n", _("Changes (a new client in HelseID):"));
    else if (p->against_live)
        fprintf(out, _("Changes (against the live client %s):\n"), or_none(saved->client_id));
    else
        fprintf(out, "%s\n", _("Changes (against the saved configuration; the live client was not read):"));
    if (p->env_changed)
        print_change(out, _("Environment"), saved->env, p->cfg.env);
    if (p->owner_changed)
        print_change(out, _("Configuration owner"), saved ? saved->owner_orgnr : NULL, p->cfg.owner_orgnr);
    if (p->new_client)
        print_row(out, '+', _("Client"), _("new client (confirmed in the Self-service portal)"));
    if (p->resume_pending)
        print_row(out, '~', _("Client"), _("waiting for confirmation in the Self-service portal"));
    print_units(out, &p->units.added, '+');
    print_units(out, &p->units.removed, '-');
    for (size_t i = 0; i < p->scopes_add.n; i++)
        print_row(out, '+', _("Scope"), p->scopes_add.v[i]);
    for (size_t i = 0; i < p->scopes_remove.n; i++)
        print_row(out, '-', _("Scope"), p->scopes_remove.v[i]);
    if (p->services_changed) {
        services_text(a, sizeof a, saved);
        services_text(b, sizeof b, &p->cfg);
        print_change(out, _("Services"), a, b);
    }
    if (p->sfm_changed)
        print_change(out, _("SFM-ID"), p->sfm_before,
                     p->sfm_generate ? _("new SFM-ID generated") : p->cfg.sfm_id);
    if (p->children_saved_changed && !p->units.added.n && !p->units.removed.n)
        print_row(out, '~', _("Sub-units"), _("saved list updated to the unit tree"));
    if (p->new_client)
        print_row(out, '+', _("Key"), is_ps256(p) ? _("new PS256 key (RSA 4096)") : _("new ES256 key"));
    if (p->n_changes == 0)
        fprintf(out, "  %s\n", _("nothing to change"));
    if (!p->rules_ok)
        fprintf(out, "%s\n", _("The checks found errors: nothing can be applied until they are fixed"));
    else if (p->n_changes)
        fprintf(out, P_("%zu change\n", "%zu changes\n", p->n_changes), p->n_changes);
}

static void add_str(cJSON *o, const char *name, const char *s)
{
    char *t;

    if (!s) {
        cJSON_AddNullToObject(o, name);
        return;
    }
    t = remote_text(s, (size_t)-1);
    cJSON_AddStringToObject(o, name, t ? t : "?");
    free(t);
}

static cJSON *strv_json(const struct strv *v)
{
    cJSON *a = cJSON_CreateArray();

    for (size_t i = 0; a && i < v->n; i++) {
        char *t = remote_text(v->v[i], (size_t)-1);
        cJSON_AddItemToArray(a, cJSON_CreateString(t ? t : "?"));
        free(t);
    }
    return a;
}

static cJSON *units_json(const struct unitdiff_list *l)
{
    cJSON *a = cJSON_CreateArray(), *it;

    for (size_t i = 0; a && i < l->n; i++) {
        if (!(it = cJSON_CreateObject()))
            break;
        add_str(it, "orgnr", l->v[i].orgnr);
        cJSON_AddItemToObject(it, "units", strv_json(&l->v[i].names));
        cJSON_AddItemToArray(a, it);
    }
    return a;
}

static cJSON *services_json(const struct helseid_config *c)
{
    cJSON *o = cJSON_CreateObject();

    for (size_t i = 0; o && c && i < c->n_services; i++)
        cJSON_AddItemToObject(o, c->services[i].service, strv_json(&c->services[i].options));
    return o;
}

static void change_json(cJSON *ch, const char *name, const char *from, const char *to)
{
    cJSON *o = cJSON_AddObjectToObject(ch, name);

    if (o) {
        add_str(o, "from", empty(from) ? NULL : from);
        add_str(o, "to", empty(to) ? NULL : to);
    }
}

cJSON *plan_json(const struct plan *p, const struct plan_input *in)
{
    const struct helseid_config *saved = in->site->config;
    cJSON *root = cJSON_CreateObject(), *a, *ch, *o;

    if (!root)
        return NULL;
    add_str(root, "environment", p->cfg.env);
    add_str(root, "client_id", saved && !p->new_client ? saved->client_id : NULL);
    cJSON_AddBoolToObject(root, "new_client", p->new_client);
    cJSON_AddBoolToObject(root, "resume_pending", p->resume_pending);
    cJSON_AddBoolToObject(root, "against_live", p->against_live);
    cJSON_AddBoolToObject(root, "rules_ok", p->rules_ok);
    a = cJSON_AddArrayToObject(root, "diagnostics");
    for (size_t i = 0; a && i < p->diags.n; i++) {
        const struct diag *d = &p->diags.v[i];

        if (!(o = cJSON_CreateObject()))
            break;
        cJSON_AddStringToObject(o, "rule", d->rule);
        cJSON_AddStringToObject(o, "severity", diag_level_name(d->level));
        cJSON_AddNumberToObject(o, "step", d->step);
        add_str(o, "field", d->field);
        add_str(o, "message", d->text);
        add_str(o, "hint", d->hint);
        add_str(o, "suggestion", d->suggestion);
        cJSON_AddItemToArray(a, o);
    }
    ch = cJSON_AddObjectToObject(root, "changes");
    if (ch) {
        if (p->env_changed)
            change_json(ch, "environment", saved->env, p->cfg.env);
        if (p->owner_changed)
            change_json(ch, "owner", saved ? saved->owner_orgnr : NULL, p->cfg.owner_orgnr);
        if ((o = cJSON_AddObjectToObject(ch, "sub_units"))) {
            cJSON_AddItemToObject(o, "added", units_json(&p->units.added));
            cJSON_AddItemToObject(o, "removed", units_json(&p->units.removed));
            cJSON_AddNumberToObject(o, "unchanged", (double)p->units.unchanged.n);
        }
        if ((o = cJSON_AddObjectToObject(ch, "scopes"))) {
            cJSON_AddItemToObject(o, "added", strv_json(&p->scopes_add));
            cJSON_AddItemToObject(o, "removed", strv_json(&p->scopes_remove));
            cJSON_AddNumberToObject(o, "unchanged", (double)p->scopes_same);
        }
        if (p->services_changed && (o = cJSON_AddObjectToObject(ch, "services"))) {
            cJSON_AddItemToObject(o, "from", services_json(saved));
            cJSON_AddItemToObject(o, "to", services_json(&p->cfg));
        }
        if (p->sfm_changed && (o = cJSON_AddObjectToObject(ch, "sfm_id"))) {
            add_str(o, "from", p->sfm_before);
            add_str(o, "to", p->sfm_generate ? NULL : p->cfg.sfm_id);
            cJSON_AddBoolToObject(o, "generate", p->sfm_generate);
        }
        if (p->new_client)
            cJSON_AddStringToObject(ch, "key", is_ps256(p) ? "new PS256" : "new ES256");
        cJSON_AddBoolToObject(ch, "saved_sub_units", p->children_saved_changed);
    }
    cJSON_AddNumberToObject(root, "n_changes", (double)p->n_changes);
    return root;
}
