/* Deep equality of two struct site values (tests and fuzz harnesses). */
#ifndef HELSEID_TEST_SITE_EQUAL_H
#define HELSEID_TEST_SITE_EQUAL_H

#include <stdbool.h>
#include <string.h>

#include "core/site.h"

static bool seq_(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool strv_equal_(const struct strv *a, const struct strv *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (!seq_(a->v[i], b->v[i]))
            return false;
    return true;
}

static bool config_equal_(const struct helseid_config *a, const struct helseid_config *b)
{
    if (!a || !b)
        return a == b;
    if (a->state != b->state || a->epj_version != b->epj_version ||
        !seq_(a->env, b->env) || !seq_(a->owner_orgnr, b->owner_orgnr) ||
        !seq_(a->client_id, b->client_id) || !seq_(a->key_file, b->key_file) ||
        !seq_(a->key_alg, b->key_alg) || !seq_(a->sfm_id, b->sfm_id) ||
        !seq_(a->updated, b->updated) || !seq_(a->browser, b->browser) ||
        a->n_services != b->n_services || !strv_equal_(&a->child_orgnrs, &b->child_orgnrs))
        return false;
    for (size_t i = 0; i < a->n_services; i++)
        if (!seq_(a->services[i].service, b->services[i].service) ||
            !strv_equal_(&a->services[i].options, &b->services[i].options))
            return false;
    return true;
}

__attribute__((unused))
static bool site_equal(const struct site *a, const struct site *b)
{
    if (!seq_(a->epj_name, b->epj_name) || a->epj_version != b->epj_version ||
        a->login_unit != b->login_unit || a->current_user != b->current_user ||
        a->shared_database != b->shared_database || a->n_units != b->n_units ||
        a->n_users != b->n_users || !config_equal_(a->config, b->config))
        return false;
    for (size_t i = 0; i < a->n_units; i++) {
        const struct unit *x = &a->units[i], *y = &b->units[i];

        if (!seq_(x->name, y->name) || !seq_(x->orgnr, y->orgnr) || !seq_(x->herid, y->herid) ||
            !seq_(x->nace, y->nace) || !seq_(x->pt_access, y->pt_access) || x->parent != y->parent)
            return false;
    }
    for (size_t i = 0; i < a->n_users; i++) {
        const struct user *x = &a->users[i], *y = &b->users[i];

        if (!seq_(x->id, y->id) || !seq_(x->name, y->name) || !seq_(x->birth_date, y->birth_date) ||
            !seq_(x->fnr, y->fnr) || !seq_(x->herid, y->herid) || !seq_(x->hpr, y->hpr))
            return false;
    }
    return true;
}

#endif
