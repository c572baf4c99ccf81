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

struct wizard_core {
    const struct catalog *catalog;      /* borrowed */
    struct rules_env env;
    const char *lang;                   /* catalog text language: "nb", "nn", "en", locale */
    const struct org_entity *owner_lookup;  /* Enhetsregisteret answer, or NULL (offline) */
    struct wizard_service *services;
    struct wizard_option *options;
    struct wizard_rules rules;
};

/* `env` is "prod", "test" or "demo"; `lang` as for l10n_get. */
int wizard_core_init(struct wizard_core *c, const struct catalog *cat, const char *env,
                     const char *lang, struct error *e);
void wizard_core_clear(struct wizard_core *c);

#endif
