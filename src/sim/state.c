/* The --state file: a JSON dump of the state after every request, and at start the
 * same file read back, so a client made in one run of the simulator still exists in
 * the next (helseid-admin --env demo starts a simulator per command). A file that
 * exists but cannot be trusted stops the start: silently beginning afresh would look
 * to the user like HelseID had forgotten their client. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "sim/jose.h"
#include "sim/sim.h"

#define STATE_VERSION 1
#define STATE_MAX (64L * 1024 * 1024)

cJSON *sim_state_json(struct sim *sim)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *faults;
    cJSON_AddNumberToObject(doc, "stateVersion", STATE_VERSION);
    cJSON_AddItemToObject(doc, "clients", cJSON_Duplicate(sim->clients, 1));
    cJSON_AddItemToObject(doc, "sfmIds", cJSON_Duplicate(sim->sfm_ids, 1));
    cJSON_AddItemToObject(doc, "events", cJSON_Duplicate(sim->events, 1));
    cJSON_AddNumberToObject(doc, "now", (double)sim_now());
    cJSON_AddStringToObject(doc, "signingKid", sim->sign_kid);
    faults = cJSON_AddArrayToObject(doc, "faults");
    for (size_t i = 0; i < sim->n_faults; i++) {
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "path", sim->faults[i].path);
        cJSON_AddStringToObject(f, "kind", fault_kind_name(&sim->faults[i]));
        cJSON_AddNumberToObject(f, "count", sim->faults[i].count);
        cJSON_AddItemToArray(faults, f);
    }
    return doc;
}

void sim_dump_state(struct sim *sim)
{
    cJSON *doc;
    char *text, *tmp;
    FILE *f;
    if (!sim->state_file)
        return;
    doc = sim_state_json(sim);
    text = cJSON_Print(doc);
    tmp = sim_strdupf("%s.tmp", sim->state_file);
    if (text && tmp && (f = fopen(tmp, "w")) != NULL) {
        int ok = fputs(text, f) >= 0 && fputc('\n', f) != EOF;
        ok = fflush(f) == 0 && ok;
        ok = fsync(fileno(f)) == 0 && ok;   /* the rename must not outrun the data */
        ok = fclose(f) == 0 && ok;
        if (!ok || rename(tmp, sim->state_file) != 0) {
            fprintf(stderr, "helseid-sim: ");
            fprintf(stderr, _("cannot write the state file '%s': %s"), sim->state_file,
                    strerror(errno));
            fputc('\n', stderr);
            remove(tmp);
        }
    }
    free(tmp);
    cJSON_free(text);
    cJSON_Delete(doc);
}

/* ---- loading ---- */

static char *read_all(const char *file, size_t *len, int *err)
{
    FILE *f = fopen(file, "r");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    if (!f) {
        *err = errno;
        return NULL;
    }
    for (;;) {
        size_t got;
        if (n + 4096 + 1 > cap) {
            char *nb;
            if ((long)cap >= STATE_MAX) {
                *err = EFBIG;
                goto fail;
            }
            cap = cap ? cap * 2 : 65536;
            nb = realloc(buf, cap);
            if (!nb) {
                *err = ENOMEM;
                goto fail;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        *err = EIO;
        goto fail;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    fclose(f);
    free(buf);
    return NULL;
}

static bool is_str_array(const cJSON *a)
{
    const cJSON *it;
    if (!cJSON_IsArray(a))
        return false;
    cJSON_ArrayForEach(it, a)
        if (!cJSON_IsString(it))
            return false;
    return true;
}

/* Every field the handlers rely on, with the type they rely on. Returns the name of
 * the first bad field, or NULL when the client is whole. */
static const char *client_defect(const char *id, const cJSON *c)
{
    static const char *const string_arrays[] = { "redirectUris", "postLogoutRedirectUris",
                                                  "childOrganizationNumbers" };
    const char *state = json_str(c, "state");
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(c, "keys"), *it;
    const cJSON *scopes = cJSON_GetObjectItemCaseSensitive(c, "apiScopes");
    const cJSON *claims = cJSON_GetObjectItemCaseSensitive(c, "audienceSpecificClientClaims");
    char why[200];

    if (!cJSON_IsObject(c))
        return "";
    if (!json_str(c, "clientId") || strcmp(json_str(c, "clientId"), id) != 0)
        return "clientId";
    if (!orgnr_valid(json_str(c, "organizationNumber")))
        return "organizationNumber";
    if (!state || (strcmp(state, "draft") != 0 && strcmp(state, "confirmed") != 0))
        return "state";
    if (strcmp(state, "confirmed") == 0 &&
        (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(c, "activeAt")) ||
         !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(c, "confirmedAt"))))
        return "activeAt";
    if (!json_str(c, "postClientConfirmationRedirectUri"))
        return "postClientConfirmationRedirectUri";
    if (!cJSON_IsArray(keys) || cJSON_GetArraySize(keys) == 0)
        return "keys";
    cJSON_ArrayForEach(it, keys) {
        const cJSON *jwk = cJSON_GetObjectItemCaseSensitive(it, "jwk");
        EVP_PKEY *pkey;
        if (!cJSON_IsObject(jwk) || sim_jwk_has_private(jwk) || !json_str(it, "kid") ||
            !json_str(it, "jwkThumbprint") || !json_str(it, "expiration") || !json_str(it, "origin") ||
            !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(it, "expirationEpoch")))
            return "keys";
        pkey = sim_jwk_to_pkey(jwk, why, sizeof why);
        if (!pkey)
            return "keys";
        EVP_PKEY_free(pkey);
    }
    if (!cJSON_IsArray(scopes))
        return "apiScopes";
    cJSON_ArrayForEach(it, scopes)
        if (!json_str(it, "scope") || !json_str(it, "status"))
            return "apiScopes";
    if (!cJSON_IsArray(claims))
        return "audienceSpecificClientClaims";
    cJSON_ArrayForEach(it, claims)
        if (!json_str(it, "claimType") || !json_str(it, "status"))
            return "audienceSpecificClientClaims";
    for (size_t i = 0; i < sizeof string_arrays / sizeof string_arrays[0]; i++)
        if (!is_str_array(cJSON_GetObjectItemCaseSensitive(c, string_arrays[i])))
            return string_arrays[i];
    return NULL;
}

/* The first defect of the document as a path ("clients/<id>/keys"), or NULL. */
static char *doc_defect(const cJSON *doc)
{
    const cJSON *clients = cJSON_GetObjectItemCaseSensitive(doc, "clients");
    const cJSON *sfm = cJSON_GetObjectItemCaseSensitive(doc, "sfmIds");
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(doc, "events");
    const cJSON *it;

    if (!cJSON_IsObject(clients))
        return strdup("clients");
    cJSON_ArrayForEach(it, clients) {
        const char *bad = client_defect(it->string, it);
        if (bad)
            return sim_strdupf("clients/%s%s%s", it->string, *bad ? "/" : "", bad);
    }
    if (!cJSON_IsObject(sfm))
        return strdup("sfmIds");
    cJSON_ArrayForEach(it, sfm)
        if (!orgnr_valid(it->string) || !cJSON_IsString(it) || !*it->valuestring)
            return sim_strdupf("sfmIds/%s", it->string);
    if (events && !cJSON_IsArray(events))
        return strdup("events");
    return NULL;
}

int sim_load_state(struct sim *sim, const char *file, char *why, size_t why_len)
{
    cJSON *doc = NULL, *version, *c;
    char *text, *bad = NULL;
    size_t len = 0;
    long now = sim_now();
    int err = 0, rc = -1;

    text = read_all(file, &len, &err);
    if (!text) {
        if (err == ENOENT)
            return 0;          /* the first run: the dump creates the file */
        snprintf(why, why_len, _("cannot read the state file '%s': %s"), file, strerror(err));
        return -1;
    }
    doc = cJSON_ParseWithLength(text, len);
    if (!cJSON_IsObject(doc)) {
        snprintf(why, why_len, _("the state file '%s' is not a JSON object"), file);
        goto out;
    }
    version = cJSON_GetObjectItemCaseSensitive(doc, "stateVersion");
    if (version && (!cJSON_IsNumber(version) || version->valuedouble != STATE_VERSION)) {
        snprintf(why, why_len, _("the state file '%s' has an unknown version"), file);
        goto out;
    }
    bad = doc_defect(doc);
    if (bad) {
        /* TRANSLATORS: the second %s is a path inside the file, like clients/<id>/keys. */
        snprintf(why, why_len, _("the state file '%s' is damaged at '%s'"), file, bad);
        goto out;
    }

    cJSON_Delete(sim->clients);
    sim->clients = cJSON_DetachItemFromObjectCaseSensitive(doc, "clients");
    /* Propagation takes seconds; a client confirmed before the restart is live now. */
    cJSON_ArrayForEach(c, sim->clients) {
        cJSON *at = cJSON_GetObjectItemCaseSensitive(c, "activeAt");
        if (cJSON_IsNumber(at) && at->valuedouble > (double)now)
            cJSON_SetNumberValue(at, (double)now);
    }
    /* An SFM-ID given with --sfm on this command line wins over the file's. */
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc, "sfmIds"))
        if (!cJSON_GetObjectItemCaseSensitive(sim->sfm_ids, c->string))
            cJSON_AddStringToObject(sim->sfm_ids, c->string, c->valuestring);
    if (cJSON_GetObjectItemCaseSensitive(doc, "events")) {
        cJSON_Delete(sim->events);
        sim->events = cJSON_DetachItemFromObjectCaseSensitive(doc, "events");
    }
    rc = 0;
out:
    free(bad);
    cJSON_Delete(doc);
    free(text);
    return rc;
}
