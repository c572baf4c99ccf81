/* The wizard's link to the real rules engine (core/rules.h) and service catalog
 * (core/catalog.h): fills a struct wizard_rules whose checks run the rules of one
 * step on the wizard's working copy and hand back their diagnostics. */
#ifndef HELSEID_WIZARD_RULES_CORE_H
#define HELSEID_WIZARD_RULES_CORE_H

#include "core/catalog.h"
#include "core/error.h"
#include "core/org_entity.h"
#include "core/rules.h"
#include "wizard/wizard.h"

struct client_status;

/* Remote facts on demand (src/cli/wizard_remote.c; tests give fixtures). Each answer
 * is cached by the provider and stays valid until the provider is cleared. */
struct wizard_lookups {
    void *ctx;
    /* Enhetsregisteret for one valid org number; never NULL (lookup says how it
     * ended: ORG_LOOKUP_FAILED carries the cause in `failure`). */
    const struct org_entity *(*org)(void *ctx, const char *orgnr);
    /* The owner's sub-units (one paged list). -1 with *failure (translated, borrowed)
     * when it could not be read; 1 while the answers are on their way (the TUI asks
     * again when they arrive). An org answer may be ORG_LOOKUP_PENDING likewise. */
    int (*subunits)(void *ctx, const char *owner, const struct org_entity **v, size_t *n,
                    const char **failure);
};

struct wizard_core {
    const struct catalog *catalog;      /* borrowed */
    struct rules_env env;
    char today[16];                     /* env.today points here when the caller sets it */
    const char *lang;                   /* catalog text language: "nb", "nn", "en", locale */
    const struct org_entity *owner_lookup;  /* Enhetsregisteret answer, or NULL (offline) */
    struct wizard_lookups lookups;          /* .org NULL: use owner_lookup as is */
    const struct client_status *live;       /* GET /v1/client, or NULL (none / offline) */
    /* Why remote facts are missing, shown as warnings on the preflight screen
     * (translated, borrowed; NULL when there is nothing to say). */
    const char *offline_cause;              /* the network checks did not run */
    const char *live_failure;               /* the live client could not be read */
    const char *saved_key_problem;          /* the saved client's key cannot be read */
    struct wizard_service *services;
    struct wizard_option *options;
    struct wizard_rules rules;
};

/* `env` is "prod", "test" or "demo"; `lang` as for l10n_get. */
int wizard_core_init(struct wizard_core *c, const struct catalog *cat, const char *env,
                     const char *lang, struct error *e);
void wizard_core_clear(struct wizard_core *c);

#endif
