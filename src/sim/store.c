/* In-memory state: clients, the SFM-ID safeguard, confirmation and propagation,
 * expiry of one-time values, and the synthetic test persons. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "sim/sim.h"

/* data/demo/README.md: the shared synthetic test persons. */
static const struct person {
    const char *fnr, *birth, *hpr, *herid, *name;
} persons[] = {
    { "17856642097", "1966-05-17", "431001110", "8094412", "Kari Testlege" },
    { "03917842018", "1978-11-03", "565501872", "8094413", "Ola Testsykepleier" },
    { "24828542016", "1985-02-24", "", "8094414", "Siri Sekretær" },
};

int persons_count(void)
{
    return (int)(sizeof persons / sizeof persons[0]);
}

const char *person_field(int i, const char *field)
{
    const struct person *p = &persons[i];
    if (strcmp(field, "fnr") == 0) return p->fnr;
    if (strcmp(field, "birth") == 0) return p->birth;
    if (strcmp(field, "hpr") == 0) return p->hpr;
    if (strcmp(field, "herid") == 0) return p->herid;
    return p->name;
}

const char *person_name_by_fnr(const char *fnr)
{
    for (int i = 0; fnr && i < persons_count(); i++)
        if (strcmp(persons[i].fnr, fnr) == 0)
            return persons[i].name;
    return NULL;
}

cJSON *store_client(struct sim *sim, const char *client_id)
{
    return client_id ? cJSON_GetObjectItemCaseSensitive(sim->clients, client_id) : NULL;
}

bool client_active(struct sim *sim, const cJSON *client)
{
    const char *state = json_str(client, "state");
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(client, "activeAt");
    return state && strcmp(state, "confirmed") == 0 && cJSON_IsNumber(at) &&
           sim_now_precise() >= at->valuedouble;
}

static void expire_object(cJSON *obj, long now)
{
    cJSON *it = obj ? obj->child : NULL;
    while (it) {
        cJSON *next = it->next;
        const cJSON *exp = cJSON_IsNumber(it) ? it : cJSON_GetObjectItemCaseSensitive(it, "exp");
        if (cJSON_IsNumber(exp) && (long)exp->valuedouble < now)
            cJSON_Delete(cJSON_DetachItemViaPointer(obj, it));
        it = next;
    }
}

void store_expire(struct sim *sim)
{
    long now = sim_now();
    expire_object(sim->jtis, now);
    expire_object(sim->nonces, now);
    expire_object(sim->api_nonces, now);
    expire_object(sim->codes, now);
    expire_object(sim->par, now);
    expire_object(sim->refresh_tokens, now);
    expire_object(sim->sessions, now);
}

static void set_str(cJSON *obj, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    if (value)
        cJSON_AddStringToObject(obj, name, value);
    else
        cJSON_AddNullToObject(obj, name);
}

static void add_event(struct sim *sim, const char *type, const cJSON *client, const char *old,
                      const char *new_id)
{
    cJSON *ev = cJSON_CreateObject();
    cJSON_AddStringToObject(ev, "type", type);
    cJSON_AddStringToObject(ev, "clientId", json_str(client, "clientId"));
    cJSON_AddStringToObject(ev, "organizationNumber", json_str(client, "organizationNumber"));
    if (old)
        cJSON_AddStringToObject(ev, "previousSfmId", old);
    if (new_id)
        cJSON_AddStringToObject(ev, "sfmId", new_id);
    cJSON_AddNumberToObject(ev, "at", (double)sim_now());
    cJSON_AddItemToArray(sim->events, ev);
}

static cJSON *find_claim(cJSON *client, const char *type)
{
    cJSON *claims = cJSON_GetObjectItemCaseSensitive(client, "audienceSpecificClientClaims");
    cJSON *c;
    cJSON_ArrayForEach(c, claims) {
        const char *t = json_str(c, "claimType");
        if (t && strcmp(t, type) == 0)
            return c;
    }
    return NULL;
}

static bool wants_sfm(const cJSON *client)
{
    const cJSON *scopes = cJSON_GetObjectItemCaseSensitive(client, "apiScopes");
    const cJSON *s;
    cJSON_ArrayForEach(s, scopes) {
        const char *name = json_str(s, "scope");
        if (name && strncmp(name, SFM_AUDIENCE "/", strlen(SFM_AUDIENCE) + 1) == 0)
            return true;
    }
    return false;
}

static void set_sfm_scopes(cJSON *client, const char *status, const char *reason)
{
    cJSON *scopes = cJSON_GetObjectItemCaseSensitive(client, "apiScopes");
    cJSON *s;
    cJSON_ArrayForEach(s, scopes) {
        const char *name = json_str(s, "scope");
        if (name && strncmp(name, SFM_AUDIENCE "/", strlen(SFM_AUDIENCE) + 1) == 0) {
            set_str(s, "status", status);
            set_str(s, "statusReason", reason);
        }
    }
}

/* The safeguard the wizard exists for: saving without the SFM-ID claim when the
 * organisation already has one makes HelseID mint a new SFM-ID, and the SFM user
 * registered under the old one loses access. */
void store_apply_sfm_rule(struct sim *sim, cJSON *client)
{
    const char *org = json_str(client, "organizationNumber");
    cJSON *claim = find_claim(client, SFM_CLAIM);
    const char *value = claim ? json_str(claim, "pendingClaimValue") : NULL;
    const char *existing = org ? json_str(sim->sfm_ids, org) : NULL;
    char *fresh = NULL, *old = NULL;

    if (!org)
        return;
    if (!value || !*value)
        value = claim ? json_str(claim, "activeClaimValue") : NULL;
    if (value && *value) {
        char *v = strdup(value);
        set_str(sim->sfm_ids, org, v);
        cJSON_DeleteItemFromObjectCaseSensitive(client, "sfmAccess");
        cJSON_AddTrueToObject(client, "sfmAccess");
        free(v);
        return;
    }
    if (!existing && !wants_sfm(client))
        return;
    fresh = sim_guid();
    old = existing ? strdup(existing) : NULL;
    if (!claim) {
        cJSON *claims = cJSON_GetObjectItemCaseSensitive(client, "audienceSpecificClientClaims");
        if (!cJSON_IsArray(claims)) {
            cJSON_DeleteItemFromObjectCaseSensitive(client, "audienceSpecificClientClaims");
            claims = cJSON_AddArrayToObject(client, "audienceSpecificClientClaims");
        }
        claim = cJSON_CreateObject();
        cJSON_AddStringToObject(claim, "claimType", SFM_CLAIM);
        cJSON_AddItemToArray(claims, claim);
    }
    set_str(claim, "activeClaimValue", fresh);
    set_str(claim, "pendingClaimValue", NULL);
    set_str(claim, "status", "ok");
    set_str(claim, "statusReason", NULL);
    set_str(sim->sfm_ids, org, fresh);
    cJSON_DeleteItemFromObjectCaseSensitive(client, "sfmAccess");
    if (old) {
        add_event(sim, "sfm-id-lost", client, old, fresh);
        cJSON_AddFalseToObject(client, "sfmAccess");
        set_sfm_scopes(client, "pending",
                       "Ny SFM-ID: SFM-brukeren må registreres på nytt i SFM");
    } else {
        add_event(sim, "sfm-id-assigned", client, NULL, fresh);
        cJSON_AddTrueToObject(client, "sfmAccess");
    }
    free(fresh);
    free(old);
}

/* Drawn to the millisecond from [min, max]: HelseID's caches do not turn over on a
 * whole second after the confirmation. */
static double propagation_delay(struct sim *sim)
{
    unsigned r = 0;
    int span_ms = (sim->prop_max - sim->prop_min) * 1000;
    if (span_ms <= 0)
        return sim->prop_min;
    RAND_bytes((unsigned char *)&r, sizeof r);
    return sim->prop_min + (double)(r % (unsigned)(span_ms + 1)) / 1000.0;
}

int store_confirm(struct sim *sim, cJSON *client, const char *owner, const char *email,
                  const char *person)
{
    long now = sim_now();
    set_str(client, "state", "confirmed");
    set_str(client, "owner", owner);
    set_str(client, "email", email);
    set_str(client, "confirmedBy", person);
    cJSON_DeleteItemFromObjectCaseSensitive(client, "confirmedAt");
    cJSON_DeleteItemFromObjectCaseSensitive(client, "activeAt");
    cJSON_AddNumberToObject(client, "confirmedAt", (double)now);
    /* To the millisecond: readiness benchmarks measure how late a poll sees it. */
    cJSON_AddNumberToObject(client, "activeAt", sim_now_precise() + propagation_delay(sim));
    return 0;
}
