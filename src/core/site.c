#include "config.h"
#include "core/site.h"

#include <stdlib.h>
#include <string.h>

#include "core/strv.h"

void site_init(struct site *s)
{
    memset(s, 0, sizeof *s);
    s->login_unit = -1;
    s->current_user = -1;
}

void service_choice_clear(struct service_choice *c)
{
    free(c->service);
    strv_clear(&c->options);
    memset(c, 0, sizeof *c);
}

void helseid_config_clear(struct helseid_config *c)
{
    free_strings(&c->env, &c->owner_orgnr, &c->client_id, &c->key_file, &c->key_alg,
                 &c->key_expires, &c->sfm_id, &c->updated, &c->browser);
    for (size_t i = 0; i < c->n_services; i++)
        service_choice_clear(&c->services[i]);
    free(c->services);
    strv_clear(&c->child_orgnrs);
    memset(c, 0, sizeof *c);
}

static void unit_clear(struct unit *u)
{
    free_strings(&u->name, &u->orgnr, &u->herid, &u->nace, &u->pt_access);
}

static void user_clear(struct user *u)
{
    free_strings(&u->id, &u->name, &u->birth_date, &u->fnr, &u->herid, &u->hpr);
}

void site_clear(struct site *s)
{
    free(s->epj_name);
    for (size_t i = 0; i < s->n_units; i++)
        unit_clear(&s->units[i]);
    free(s->units);
    for (size_t i = 0; i < s->n_users; i++)
        user_clear(&s->users[i]);
    free(s->users);
    if (s->config) {
        helseid_config_clear(s->config);
        free(s->config);
    }
    site_init(s);
}

#define DUP(field) do { \
        if (src->field && !(dst->field = strdup(src->field))) goto fail; \
    } while (0)

int helseid_config_copy(struct helseid_config *dst, const struct helseid_config *src)
{
    memset(dst, 0, sizeof *dst);
    dst->state = src->state;
    dst->epj_version = src->epj_version;
    DUP(env);
    DUP(owner_orgnr);
    DUP(client_id);
    DUP(key_file);
    DUP(key_alg);
    DUP(key_expires);
    DUP(sfm_id);
    DUP(updated);
    DUP(browser);
    if (src->n_services) {
        dst->services = calloc(src->n_services, sizeof *dst->services);
        if (!dst->services)
            goto fail;
        dst->n_services = src->n_services;
        for (size_t i = 0; i < src->n_services; i++) {
            if (!(dst->services[i].service = strdup(src->services[i].service)) ||
                strv_copy(&dst->services[i].options, &src->services[i].options) < 0)
                goto fail;
        }
    }
    if (strv_copy(&dst->child_orgnrs, &src->child_orgnrs) < 0)
        goto fail;
    return 0;
fail:
    helseid_config_clear(dst);
    return -1;
}

int site_add_unit(struct site *s, const char *name, const char *orgnr, const char *herid,
                  const char *nace, int parent)
{
    struct unit *units = realloc(s->units, (s->n_units + 1) * sizeof *units);
    struct unit *u;

    if (!units)
        return -1;
    s->units = units;
    u = &units[s->n_units];
    memset(u, 0, sizeof *u);
    u->parent = parent;
    if ((name && !(u->name = strdup(name))) || (orgnr && !(u->orgnr = strdup(orgnr))) ||
        (herid && !(u->herid = strdup(herid))) || (nace && !(u->nace = strdup(nace)))) {
        unit_clear(u);
        return -1;
    }
    return (int)s->n_units++;
}

int site_add_user(struct site *s, const struct user *src)
{
    struct user *users = realloc(s->users, (s->n_users + 1) * sizeof *users);
    struct user *dst;

    if (!users)
        return -1;
    s->users = users;
    dst = &users[s->n_users];
    memset(dst, 0, sizeof *dst);
    DUP(id);
    DUP(name);
    DUP(birth_date);
    DUP(fnr);
    DUP(herid);
    DUP(hpr);
    return (int)s->n_users++;
fail:
    user_clear(dst);
    return -1;
}

int site_copy(struct site *dst, const struct site *src)
{
    site_init(dst);
    DUP(epj_name);
    dst->epj_version = src->epj_version;
    dst->login_unit = src->login_unit;
    dst->current_user = src->current_user;
    dst->shared_database = src->shared_database;
    for (size_t i = 0; i < src->n_units; i++) {
        const struct unit *u = &src->units[i];
        if (site_add_unit(dst, u->name, u->orgnr, u->herid, u->nace, u->parent) < 0)
            goto fail;
        if (u->pt_access && !(dst->units[i].pt_access = strdup(u->pt_access)))
            goto fail;
    }
    for (size_t i = 0; i < src->n_users; i++)
        if (site_add_user(dst, &src->users[i]) < 0)
            goto fail;
    if (src->config) {
        if (!(dst->config = malloc(sizeof *dst->config)))
            goto fail;
        if (helseid_config_copy(dst->config, src->config) < 0) {
            free(dst->config);
            dst->config = NULL;
            goto fail;
        }
    }
    return 0;
fail:
    site_clear(dst);
    return -1;
}
#undef DUP

const struct service_choice *config_find_service(const struct helseid_config *c, const char *id)
{
    for (size_t i = 0; c && i < c->n_services; i++)
        if (strcmp(c->services[i].service, id) == 0)
            return &c->services[i];
    return NULL;
}

bool config_has_option(const struct helseid_config *c, const char *service, const char *option)
{
    const struct service_choice *sc = config_find_service(c, service);

    return sc && strv_contains(&sc->options, option);
}

int site_distinct_orgnrs(const struct site *s, struct strv *out)
{
    for (size_t i = 0; i < s->n_units; i++)
        if (s->units[i].orgnr && *s->units[i].orgnr && strv_push(out, s->units[i].orgnr) < 0)
            return -1;
    strv_sort_unique(out);
    return 0;
}

static const char *const state_names[] = {
    [CONFIG_NONE] = NULL,
    [CONFIG_DRAFT] = "draft",
    [CONFIG_PENDING] = "pending",
    [CONFIG_ACTIVE] = "active",
};

const char *config_state_name(enum config_state st)
{
    return (unsigned)st < sizeof state_names / sizeof *state_names ? state_names[st] : NULL;
}

int config_state_parse(const char *name, enum config_state *out)
{
    for (size_t i = 1; i < sizeof state_names / sizeof *state_names; i++)
        if (strcmp(name, state_names[i]) == 0) {
            *out = (enum config_state)i;
            return 0;
        }
    return -1;
}
