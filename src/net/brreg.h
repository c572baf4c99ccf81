/* Enhetsregisteret (Brønnøysund) client (spec/protocol.md, "Enhetsregisteret").
 * Look-up: GET {base}/enheter/{orgnr}, and on 404 GET {base}/underenheter/{orgnr}.
 * Sub-units of a parent: GET {base}/underenheter?overordnetEnhet=P&page=N&size=M
 * (page 0-based, `_embedded` absent when empty, following page.totalPages).
 * Answers fill struct org_entity (core/org_entity.h); every string is type-checked,
 * capped and stripped of control characters before it enters the model. */
#ifndef HELSEID_BRREG_H
#define HELSEID_BRREG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/org_entity.h"

struct http_client;

#define BRREG_MAX_BODY ((size_t)2 << 20)
#define BRREG_PAGE_SIZE 100
#define BRREG_MAX_PAGES 100         /* 10,000 sub-units: more than any municipality */
#define BRREG_MAX_NAME 256

struct org_entity_list {
    struct org_entity *v;
    size_t n, alloc;
};

void org_entity_list_init(struct org_entity_list *l);
void org_entity_list_clear(struct org_entity_list *l);

/* ---- pure parsers (fuzzed: tests/fuzz/fuzz-brreg.c) ---- */

/* One /enheter or /underenheter answer. expect_orgnr (may be NULL) must match
 * organisasjonsnummer. Fills out (lookup = FOUND) or returns -1 (ERR_PARSE). */
int brreg_parse_entity(const char *json, size_t len, const char *expect_orgnr,
                       struct org_entity *out, struct error *e);
/* One page of /underenheter?overordnetEnhet=...: appends to list, sets *total_pages. */
int brreg_parse_page(const char *json, size_t len, struct org_entity_list *list,
                     int *total_pages, struct error *e);

/* ---- one answer at a time (net/get_queue.h drives them without blocking) ---- */

struct http_response;

/* The URL of a look-up's step: 0 /enheter, 1 /underenheter (asked after a 404). */
int brreg_lookup_url(char *buf, size_t cap, const char *base, int step, const char *orgnr,
                     struct error *e);
/* What one step's answer means (rc, res and xe as a GET left them): 1 ask the next
 * step, else as brreg_lookup() with out filled. */
int brreg_lookup_answer(int step, const char *orgnr, int rc, const struct http_response *res,
                        const struct error *xe, struct org_entity *out, struct error *e);
/* The URL of one page of a sub-unit list; -1 when it does not fit. */
int brreg_list_url(char *buf, size_t cap, const char *base, const char *parent, int page);

/* ---- over HTTP ---- */

/* Always fills out->lookup: FOUND / NOT_FOUND / GONE return 0; FAILED (network,
 * server error, malformed answer; out->failure says which) returns -1 with e filled
 * (ERR_NET, ERR_API or ERR_PARSE). An invalid orgnr (not 9 digits) is ERR_INVALID. */
int brreg_lookup(struct http_client *c, const char *base, const char *orgnr,
                 struct org_entity *out, struct error *e);
/* Every sub-unit whose overordnetEnhet is parent (all pages). */
int brreg_list_subunits(struct http_client *c, const char *base, const char *parent,
                        struct org_entity_list *out, struct error *e);

#endif
