/* One Enhetsregisteret look-up result (spec/protocol.md, "Enhetsregisteret").
 * Pure data: src/net (brreg) fills it from the remote answer (sanitised, capped),
 * the rules engine reads it. Strings are owned; NULL when absent. */
#ifndef HELSEID_ORG_ENTITY_H
#define HELSEID_ORG_ENTITY_H

#include <stdbool.h>

/* How the look-up ended. Only ORG_LOOKUP_FOUND fills the fields below orgnr. */
enum org_lookup {
    ORG_LOOKUP_NOT_DONE = 0,    /* not asked (e.g. offline, or invalid number) */
    ORG_LOOKUP_FOUND,           /* 200 (a deleted unit is also 200, with `deleted`) */
    ORG_LOOKUP_NOT_FOUND,       /* 404 from both /enheter and /underenheter */
    ORG_LOOKUP_GONE,            /* 410: removed for legal reasons */
    ORG_LOOKUP_FAILED,          /* network or server error: could not verify */
    ORG_LOOKUP_PENDING,         /* asked, the answer is on its way (the wizard's screen) */
};

enum org_kind {
    ORG_KIND_UNKNOWN = 0,
    ORG_KIND_MAIN,              /* hovedenhet (AS, ENK, KOMM, ...) */
    ORG_KIND_SUB_UNIT,          /* underenhet (BEDR, AAFY) */
    ORG_KIND_ORG_PART,          /* organisasjonsledd (ORGL): never an owner */
};

struct org_entity {
    enum org_lookup lookup;
    char *orgnr;                /* the number that was looked up */
    char *name;                 /* navn */
    char *form_code;            /* organisasjonsform.kode: "AS", "KOMM", "ORGL", "BEDR" */
    char *parent_orgnr;         /* overordnetEnhet (sub-units, organisasjonsledd) or
                                   parentOrganisasjonsledd's main entity; NULL if none */
    char *nace;                 /* naeringskode1.kode, e.g. "86.211" */
    enum org_kind kind;
    bool deleted;               /* slettedato or nedleggelsesdato set */
    bool bankrupt;              /* konkurs */
    bool under_liquidation;     /* underAvvikling */
    char *failure;              /* ORG_LOOKUP_FAILED: short translated cause, or NULL */
};

void org_entity_init(struct org_entity *o);
void org_entity_clear(struct org_entity *o);
/* Kind from an organisasjonsform code: ORGL -> ORG_PART, BEDR/AAFY -> SUB_UNIT,
 * other non-empty codes -> MAIN, NULL/empty -> UNKNOWN. */
enum org_kind org_kind_from_form(const char *form_code);

#endif
