/* Truthful readiness (DESIGN.md §3): what a client HelseID has confirmed still waits
 * for, per scope and claim with HelseID's statusReason, for the wizard's final screen
 * and lines, apply and status. "Works" and "start the journal system again" only when
 * nothing waits; otherwise exit status 7 (ERR_PENDING). */
#ifndef HELSEID_SESSION_READINESS_REPORT_H
#define HELSEID_SESSION_READINESS_REPORT_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "core/catalog.h"
#include "core/client_status.h"
#include "core/error.h"
#include "core/site.h"

struct readiness_report {
    enum err_code verdict;          /* ERR_OK (ready) or ERR_PENDING */
    struct waiting_item *items;     /* what waits (points into the client_status) */
    size_t n;
    struct strv requested;          /* the scopes the configuration asks for */
};

/* Judge `live` against the scopes `cfg` requests (cat and cfg may be NULL: then only
 * what HelseID lists counts). -1 with e when out of memory or the catalog refuses cfg. */
int readiness_report_make(struct readiness_report *r, const struct client_status *live,
                          const struct catalog *cat, const struct helseid_config *cfg,
                          struct error *e);
void readiness_report_clear(struct readiness_report *r);

/* "  NAME: pending approval - REASON", one line per item, sanitised. */
void readiness_report_print(const struct readiness_report *r, FILE *out);
/* The closing advice: restart the journal system when ready, else when to look again. */
void readiness_report_print_next(const struct readiness_report *r, FILE *out);
/* [{"name", "kind": "scope"|"claim", "status", "reason"}] */
cJSON *readiness_report_json(const struct readiness_report *r);

/* A client in state pending gets no token until it is confirmed (and propagated):
 * HelseID's refusal (ERR_AUTH) then means "not confirmed yet", ERR_NOT_CONFIRMED (exit
 * 5), not a rejected authentication. e is rewritten in that case only. */
void readiness_explain_unconfirmed(const struct helseid_config *cfg, struct error *e);

/* The SFM-ID HelseID holds for the client (a new one when it made one) into cfg.
 * 1 when cfg changed (save the site), 0 when not, -1 out of memory. */
int readiness_adopt_sfm_id(struct helseid_config *cfg, const struct client_status *live,
                           const struct catalog *cat);

#endif
