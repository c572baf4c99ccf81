/* The rules every JWT a client signs meets, whatever its kind (a client assertion,
 * RFC 7523 §3; a DPoP proof, RFC 9449 §4.3): explicit typing (RFC 8725 §3.11), a jti,
 * and one use per jti. `what` names the kind in the reasons. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sim/jose.h"
#include "sim/sim.h"

#define JTI_MAX 256

int jwt_check_typ(const struct sim_jws *jws, const char *what, const char *typ, char *why,
                  size_t why_len)
{
    const char *got = json_str(jws->header, "typ");
    if (got && strcmp(got, typ) == 0)
        return 0;
    snprintf(why, why_len, "%s typ must be %s", what, typ);
    return -1;
}

const char *jwt_jti(const struct sim_jws *jws, const char *what, char *why, size_t why_len)
{
    const char *jti = json_str(jws->claims, "jti");
    if (jti && *jti && strlen(jti) <= JTI_MAX)
        return jti;
    snprintf(why, why_len, "%s jti missing", what);
    return NULL;
}

bool jwt_jti_first_use(struct sim *sim, const char *jti_key, double until)
{
    if (cJSON_GetObjectItemCaseSensitive(sim->jtis, jti_key))
        return false;
    cJSON_AddNumberToObject(sim->jtis, jti_key, until);
    return true;
}
