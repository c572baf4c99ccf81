/* libmicrohttpd callbacks of the simulator (see sim.h for the URL layout). */
#ifndef HELSEID_SIM_ROUTER_H
#define HELSEID_SIM_ROUTER_H

#include <microhttpd.h>
#include <openssl/crypto.h>


enum MHD_Result sim_router(void *cls, struct MHD_Connection *conn, const char *url,
                           const char *method, const char *version, const char *upload_data,
                           size_t *upload_size, void **con_cls);
/* The plain-HTTP listener on 127.0.0.1: the Selvbetjening portal's pages only, so an
 * ordinary browser shows them without a certificate warning (loopback is a secure
 * context); everything else answers 404 there. */
enum MHD_Result sim_router_web(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version,
                               const char *upload_data, size_t *upload_size, void **con_cls);
void sim_request_done(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe);

#endif
