/* Shared by the rule files in src/core/rules/: the tables they export and the
 * helpers that build diagnostics. Not for callers outside the engine. */
#ifndef HELSEID_RULES_INT_H
#define HELSEID_RULES_INT_H

#include "core/i18n.h"
#include "core/ident.h"
#include "core/rules.h"

#define RULES_TABLE(group) \
    extern const struct rule rules_##group[]; \
    extern const size_t rules_##group##_n;

RULES_GROUPS(RULES_TABLE)

/* Append a diagnostic; message is a printf format (already translated by the caller).
 * hint/suggestion may be NULL. -1 on out of memory. */
int diag_add(struct diags *out, const struct rule *r, enum diag_level sev,
             const char *field, const char *suggestion, const char *hint,
             const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* The org-number environment rule for the chosen environment (demo = test). */
enum ident_env rules_ident_env(const struct rules_env *env);

/* The journal system version HelseID setup needs: the configured one, else
 * RULES_MIN_EPJ_SETUP (seed 000: version 142). */
int rules_min_epj_setup(const struct rules_env *env);

/* The services a configuration chooses that the catalog knows, in the order chosen:
 *     for (struct chosen_service c = { 0 }; rules_next_chosen(cfg, cat, &c);)
 * with c.ch the choice and c.s its catalog entry. A NULL cfg or catalog has none. */
struct chosen_service {
    size_t next;                        /* index into cfg->services */
    const struct service_choice *ch;
    const struct catalog_service *s;
};
bool rules_next_chosen(const struct helseid_config *cfg, const struct catalog *cat,
                       struct chosen_service *c);

/* Org numbers are compared and stored without the spaces people type. */
bool rules_orgnr_equal(const char *a, const char *b);

/* Is a string NULL or empty. */
static inline bool str_empty(const char *s)
{
    return !s || !*s;
}

#endif
