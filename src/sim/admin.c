/* Test control on loopback: health, state, faults, and NHN-side approvals. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

/* NHN approves: pending scopes become ok, pending claim values become active. */
static void approve(struct sim *sim, cJSON *client)
{
    cJSON *s, *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(client, "audienceSpecificClientClaims")) {
        const char *pending = json_str(c, "pendingClaimValue");
        if (pending)
            cJSON_ReplaceItemInObjectCaseSensitive(c, "activeClaimValue", cJSON_CreateString(pending));
        cJSON_ReplaceItemInObjectCaseSensitive(c, "pendingClaimValue", cJSON_CreateNull());
        cJSON_ReplaceItemInObjectCaseSensitive(c, "status", cJSON_CreateString("ok"));
        cJSON_ReplaceItemInObjectCaseSensitive(c, "statusReason", cJSON_CreateNull());
    }
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(client, "apiScopes")) {
        cJSON_ReplaceItemInObjectCaseSensitive(s, "status", cJSON_CreateString("ok"));
        cJSON_ReplaceItemInObjectCaseSensitive(s, "statusReason", cJSON_CreateNull());
    }
}

void admin_handle(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    bool post = strcmp(req->method, "POST") == 0;
    cJSON *doc = NULL, *client;
    char why[200];

    if (strcmp(req->sub, "/health") == 0) {
        /* The switches a front end shows ("the simulator confirms automatically"),
         * named as in the startup line. */
        doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "status", "ok");
        cJSON_AddBoolToObject(doc, "auto_confirm", sim->auto_confirm);
        cJSON_AddBoolToObject(doc, "api_nonce", sim->api_nonce);
        reply_json(r, 200, doc);
        return;
    }
    if (strcmp(req->sub, "/state") == 0 && strcmp(req->method, "GET") == 0) {
        reply_json(r, 200, sim_state_json(sim));
        return;
    }
    if (strcmp(req->sub, "/fault") == 0 && strcmp(req->method, "DELETE") == 0) {
        faults_free(sim);
        reply_json(r, 200, cJSON_CreateObject());
        return;
    }
    if (!post) {
        reply_problem(r, 404, "Not Found", NULL);
        return;
    }
    doc = cJSON_ParseWithLength(req->body, req->body_len);
    if (!cJSON_IsObject(doc)) {
        reply_problem(r, 400, "Bad Request", "JSON object expected");
    } else if (strcmp(req->sub, "/fault") == 0) {
        if (fault_add_json(sim, doc, why, sizeof why) == 0)
            reply_json(r, 201, cJSON_CreateObject());
        else
            reply_problem(r, 400, "Bad Request", why);
    } else if (strcmp(req->sub, "/hold-new-keys") == 0) {
        /* {"hold": BOOL}: keys uploaded through client-secret are not in use yet. */
        sim->hold_new_keys = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "hold"));
        reply_json(r, 200, cJSON_CreateObject());
    } else if (strcmp(req->sub, "/approve") == 0 || strcmp(req->sub, "/confirm") == 0) {
        client = store_client(sim, json_str(doc, "clientId"));
        if (!client) {
            reply_problem(r, 404, "Not Found", "unknown clientId");
        } else {
            if (strcmp(req->sub, "/approve") == 0)
                approve(sim, client);
            else
                store_confirm(sim, client, json_str(client, "organizationNumber"),
                              "admin@example.invalid", "admin");
            reply_json(r, 200, cJSON_CreateObject());
        }
    } else {
        reply_problem(r, 404, "Not Found", NULL);
    }
    cJSON_Delete(doc);
}
