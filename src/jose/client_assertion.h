/* private_key_jwt client assertions for HelseID (RFC 7523, spec "Client assertion"). */
#ifndef HELSEID_JOSE_CLIENT_ASSERTION_H
#define HELSEID_JOSE_CLIENT_ASSERTION_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/error.h"
#include "jose/jwk.h"

#define CLIENT_ASSERTION_TYPE "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
#define CLIENT_ASSERTION_TYP "client-authentication+jwt"
#define CLIENT_ASSERTION_MAX_LIFETIME 60

struct client_assertion_params {
    const char *client_id;          /* iss and sub */
    const char *audience;           /* the issuer URL, e.g. https://helseid-sts.test.nhn.no */
    int64_t now;                    /* 0 = jwt_now() */
    int lifetime;                   /* seconds, 1..60; 0 = 60 */
    const cJSON *assertion_details; /* optional array or object, copied; NULL = none */
};

/* A signed assertion (header alg ES256/PS256 from the key, kid, typ
 * client-authentication+jwt; claims iss, sub, aud, iat, nbf, exp, fresh 128-bit jti).
 * Never RS256. New string, free with secret_free_str. */
char *client_assertion_create(const struct jwk *key, const struct client_assertion_params *p,
                              struct error *e);

/* The assertion_details value naming a sub-unit (spec "Naming a sub-unit"):
 * [{type: helseid_authorization, practitioner_role: {organization: {identifier:
 * {system: urn:oid:2.16.578.1.12.4.1.4.101, type: ENH, value: child_orgnr}}}}].
 * NULL on out of memory. */
cJSON *client_assertion_subunit_details(const char *child_orgnr);

#endif
