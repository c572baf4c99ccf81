/* A throw-away test CA and a server certificate for 127.0.0.1/localhost, made at
 * start with OpenSSL's EVP/X509 API; clients trust the CA via --ca-file. */
#ifndef HELSEID_SIM_TLS_H
#define HELSEID_SIM_TLS_H

#include "core/error.h"

struct sim_tls {
    char *ca_pem;        /* CA certificate (public; written to --ca-out) */
    char *cert_pem;      /* server certificate */
    char *key_pem;       /* server private key, PKCS#8 PEM (wiped on clear) */
};

int sim_tls_generate(struct sim_tls *tls, struct error *err);
void sim_tls_clear(struct sim_tls *tls);

#endif
