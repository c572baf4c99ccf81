/* Every JSON answer parser of the HelseID layer on the same input: token answer,
 * OAuth error (+ its report), discovery, JWKS, client status (+ the PUT built from
 * it), draft answer, key rotation answer, key list, API error (400/problem+json),
 * the downloaded configuration file, and the remote-text sanitiser. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/client_status.h"
#include "net/oidc_doc.h"
#include "net/remote.h"
#include "net/sb_answer.h"
#include "net/sb_client.h"
#include "net/sb_config_file.h"
#include "net/sb_draft.h"
#include "net/scope_groups.h"
#include "net/token_answer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct error e;
    struct token_answer t;
    struct oauth_error oe;
    struct oidc_discovery d;
    struct client_status cs;
    struct sb_client_update u;
    struct sb_key_list kl;
    struct sb_config_file cf;
    struct scope_groups g;
    char *id = NULL, *text, *json, *nul;
    time_t when;
    cJSON *jwks;

    token_answer_init(&t);
    if (token_answer_parse(s, size, &t, &e) == 0) {
        /* A parsed answer always has a DPoP token. */
        if (!t.access_token || !t.token_type)
            abort();
        if (t.scope && scope_groups_build_str(t.scope, &g) == 0)
            scope_groups_clear(&g);
        token_answer_clear(&t);
    }
    if (oauth_error_parse(s, size, &oe) == 0) {
        oauth_error_report(&oe, 400, &e);
        oauth_error_clear(&oe);
    }
    oidc_discovery_init(&d);
    if (oidc_discovery_parse(s, size, "https://helseid-sts.test.nhn.no", &d, &e) == 0)
        oidc_discovery_clear(&d);
    if ((jwks = oidc_jwks_parse(s, size, &e)))
        cJSON_Delete(jwks);
    client_status_init(&cs);
    if (sb_client_status_parse(s, size, &cs, &e) == 0) {
        client_status_ready(&cs);
        sb_client_update_init(&u);
        if (sb_client_update_from_status(&u, &cs) == 0 && (json = sb_client_update_to_json(&u, &e)))
            free(json);
        sb_client_update_clear(&u);
        client_status_clear(&cs);
    }
    if (sb_draft_answer_parse(s, size, &id, &e) == 0) {
        if (!sb_client_id_valid(id))
            abort();
        free(id);
    }
    sb_secret_answer_parse(s, size, &when, &e);
    sb_key_list_init(&kl);
    if (sb_key_list_parse(s, size, &kl, &e) == 0)
        sb_key_list_clear(&kl);
    sb_api_error(400, s, size, "fuzz", &e);
    sb_api_error(503, s, size, "fuzz", &e);
    sb_config_file_init(&cf);
    if (sb_config_file_parse(s, size, &cf, &e) == 0)
        sb_config_file_clear(&cf);
    if ((text = remote_text(s, size))) {
        if (strlen(text) > REMOTE_TEXT_MAX + 3)
            abort();
        free(text);
    }
    /* NUL-terminated views for the string-based helpers. */
    if ((nul = malloc(size + 1))) {
        memcpy(nul, data, size);
        nul[size] = '\0';
        sb_parse_iso8601(nul, &when);
        if ((text = sb_authority_normalise(nul, &e)))
            free(text);
        if (scope_groups_build_str(nul, &g) == 0)
            scope_groups_clear(&g);
        free(nul);
    }
    return 0;
}
