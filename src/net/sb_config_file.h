/* The client configuration file the Selvbetjening portal lets you download (JSON,
 * possibly with a UTF-8 BOM; spec "Downloaded configuration file"). Parsed for the
 * `import` command. The private key stays a secret string here; jose/jwk.h's
 * jwk_import_selvbetjening turns it into a key. Pure. */
#ifndef HELSEID_SB_CONFIG_FILE_H
#define HELSEID_SB_CONFIG_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/strv.h"

#define SB_CONFIG_FILE_MAX (256u * 1024u)

struct sb_config_file {
    char *client_name;
    char *authority;            /* normalised: the issuer, no trailing '/', no /connect/... */
    char *client_id;
    struct strv grant_types;
    struct strv scopes;
    struct strv redirect_uris;
    char *secret_type;          /* e.g. "private_key_jwt:RsaPrivateKeyJwtSecret" */
    long rsa_key_size_bits;     /* 0 when absent */
    char *private_jwk;          /* SECRET: the JWK text as given (maybe URL-encoded) */
    bool pkce_required;
};

void sb_config_file_init(struct sb_config_file *c);
void sb_config_file_clear(struct sb_config_file *c);   /* wipes private_jwk */

/* clientId, authority and privateJwk are required; rsaPrivateKey (.NET XML) is ignored.
 * The file text itself holds the key: the caller wipes it. */
int sb_config_file_parse(const char *text, size_t len, struct sb_config_file *out,
                         struct error *e);

/* "https://x/connect/token/" -> "https://x"; "https://x/" -> "https://x". Only https.
 * A new string, or NULL with e set. */
char *sb_authority_normalise(const char *authority, struct error *e);

#endif
