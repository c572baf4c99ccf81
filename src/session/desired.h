/* The desired-configuration file of `plan FILE` and `apply FILE` (man/helseid-admin.8,
 * data/examples/desired.json): one JSON object, checked strictly. It says what the
 * wizard's steps 1, 2, 4 and 5 would be answered with; the sub-units always come from
 * the site file's unit tree (DESIGN.md §2, step 3: the tree is changed there), and
 * the client id, key and state are the program's business, never the file's.
 *
 *     {
 *       "format": 1,                            required, this version
 *       "env": "test",                          optional: must match the environment
 *       "owner": "315260183",                   required: konfigurasjonseier (a string)
 *       "create_new": false,                    optional: step 1
 *       "services": {                           required: catalog ids -> option ids
 *         "persontjenesten": ["restricted"],
 *         "fastlegeregisteret": []
 *       },
 *       "sfm_id": "0b7e5c1a-...",               optional: absent or null keeps the
 *                                               SFM-ID in use; "" asks for a new one
 *       "confirm_new_sfm_id": false,            optional: step 5a's confirmation
 *       "key_alg": "ES256"                      optional: a new client's key, ES256
 *                                               or PS256 (RSA 4096); never RS256
 *     }
 *
 * Syntax errors name FILE:LINE; a wrong member names FILE:LINE and its field path
 * ("services.persontjenesten[0]"). Only the shape and the catalog's ids are checked
 * here; everything else is the rules engine's (core/rules.h). */
#ifndef HELSEID_DESIRED_H
#define HELSEID_DESIRED_H

#include <stdbool.h>
#include <stddef.h>

#include "core/catalog.h"
#include "core/error.h"
#include "core/site.h"

#define DESIRED_FORMAT 1
#define DESIRED_MAX_BYTES (256 * 1024)

struct desired {
    char *env;                      /* NULL when not given */
    char *owner_orgnr;
    bool create_new;
    struct service_choice *services;
    size_t n_services;
    bool sfm_given;                 /* "sfm_id" is a string: "" asks for a new one */
    char *sfm_id;                   /* NULL when empty, null or absent */
    bool confirm_new_sfm_id;
    char *key_alg;                  /* "ES256", "PS256" or NULL (the default, ES256) */
};

void desired_init(struct desired *d);
void desired_clear(struct desired *d);

/* Parse `len` bytes of `text`; `name` prefixes every message. `cat` (may be NULL)
 * checks service and option ids. *d is set only on success (ERR_PARSE otherwise). */
int desired_parse(struct desired *d, const char *text, size_t len, const char *name,
                  const struct catalog *cat, struct error *e);
/* Read the file (at most DESIRED_MAX_BYTES) and parse it. */
int desired_load(struct desired *d, const char *path, const struct catalog *cat,
                 struct error *e);

#endif
