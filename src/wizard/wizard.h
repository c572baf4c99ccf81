/* The wizard's model and its steps (DESIGN.md §2). Steps never draw: each one
 * describes what to ask (a struct view) and checks the answer. Every check comes
 * from the rules engine through struct wizard_rules, so this folder holds no rule. */
#ifndef HELSEID_WIZARD_H
#define HELSEID_WIZARD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/rules.h"
#include "core/site.h"
#include "wizard/view.h"

struct wizard;
struct org_entity;

/* One sub-option of a catalog service, as the wizard shows it. */
struct wizard_option {
    const char *id;         /* "full" */
    const char *label;      /* in the user's language: "Full tilgang (krever hjemmel)" */
    const char *info;       /* F1 text in the user's language, or NULL */
    bool radio;             /* exclusive with the service's other radio options */
};

struct wizard_service {
    const char *id;         /* "persontjenesten" */
    const char *label;
    const char *info;
    const struct wizard_option *options;
    size_t n_options;
};

/* A service's state in the live client (GET /v1/client), for the status dots. */
enum live_state {
    LIVE_UNKNOWN = 0,       /* no live client (none yet, or offline) */
    LIVE_NOT_REQUESTED,     /* none of the service's scopes is on the client */
    LIVE_PENDING,           /* on the client, some scope awaits approval */
    LIVE_OK,                /* every scope of the service is approved */
};

/* What the wizard needs from the rules engine and the service catalog (core/rules.h,
 * core/catalog.h). check() runs the rules of one step on `cfg` (the working copy, or
 * a copy with the value being typed) and appends their findings, with the view's field
 * ids, to `out`; DIAG_ERROR blocks. The frontends never see this table. */
struct wizard_rules {
    void *ctx;                          /* the adapter's state (wizard/rules_core.c) */
    const struct wizard_service *services;
    size_t n_services;
    void (*check)(const struct wizard *w, enum rules_step step,
                  const struct helseid_config *cfg, struct diags *out);
    /* The live state of a catalog service, or NULL (LIVE_UNKNOWN everywhere). */
    enum live_state (*service_live)(const struct wizard *w, const char *service_id);
    /* Enhetsregisteret's answer for a typed owner number (cached), or NULL when not
     * asked (invalid number, offline). */
    const struct org_entity *(*owner_entity)(const struct wizard *w, const char *orgnr);
    /* SFM, as core/rules/sfm.c decides it: the catalog's SFM service (NULL: none), the
     * SFM-ID in use before this session (or NULL), and whether SFM is in use today. */
    const char *sfm_service;
    const char *(*sfm_previous)(const struct wizard *w);
    bool (*sfm_in_use)(const struct wizard *w);
    /* Why the saved client's key cannot be used (its file missing or unreadable), or
     * NULL. A client changes itself (its key signs the request), so without the key
     * only a new configuration can be saved. NULL pointer: never a problem. */
    const char *(*saved_key_problem)(const struct wizard *w);
};

struct wizard {
    const struct site *site;            /* as loaded; never modified */
    const struct helseid_config *live;  /* the live client as HelseID reports it, or NULL */
    const struct wizard_rules *rules;
    const char *env;                    /* "prod", "test" or "demo" */
    struct helseid_config cfg;          /* the working copy being edited */
    bool create_new;                    /* step 1: new configuration vs change */
    bool sfm_confirm_empty;             /* step 5a: explicit "no SFM" confirmation */
    bool sfm_touched;                   /* step 5a answered: cfg.sfm_id is the user's */
    char *owner_name;                   /* cached from Enhetsregisteret, or NULL */
    char *owner_form;
    bool saved;                         /* Lagre pressed on the confirm step */
    bool awaiting;                      /* the last submit stayed only until remote facts
                                           arrive: then it is submitted again */
};

/* Start from the site's saved configuration (or an empty draft). */
int wizard_init(struct wizard *w, const struct site *site, const struct helseid_config *live,
                const struct wizard_rules *rules, const char *env, struct error *e);
void wizard_clear(struct wizard *w);

/* The configuration saved in the site file before this session, or NULL. */
const struct helseid_config *wizard_saved_config(const struct wizard *w);

enum step_rc { STEP_NEXT, STEP_BACK, STEP_STAY, STEP_CANCEL };

struct step {
    const char *id;         /* "owner": stable, for resume and tests */
    const char *title;      /* N_() */
    bool (*applies)(const struct wizard *w);
    void (*describe)(const struct wizard *w, struct view *v);
    enum step_rc (*submit)(struct wizard *w, const struct answer *a, struct error *e);
};

/* Ends a step file: defines step_NAME, id "NAME", from the file's static describe()
 * and submit(). A step that is not always shown spells its struct out with .applies. */
#define WIZARD_STEP(name, step_title) \
    const struct step step_##name = { .id = #name, .title = (step_title), \
                                      .describe = describe, .submit = submit }

/* The steps in screen order: src/wizard/NAME.c ends with WIZARD_STEP(NAME, title). */
#define WIZARD_STEPS(X) \
    X(preflight) X(create) X(owner) X(subunits) X(services) X(sfm) X(confirm)

#define WIZARD_STEP_EXTERN(name) extern const struct step step_##name;
WIZARD_STEPS(WIZARD_STEP_EXTERN)
#undef WIZARD_STEP_EXTERN

/* The steps in order; wizard_steps[n_wizard_steps] is not valid. */
extern const struct step *const wizard_steps[];
extern const size_t n_wizard_steps;
const struct step *wizard_step_find(const char *id);

/* Describe step `s` into a fresh view (title set from the table). */
int wizard_describe(const struct wizard *w, const struct step *s, struct view *v);

/* A frontend asks the user about one view. It fills `a` (starting from the view's
 * defaults) and returns FRONTEND_OK, FRONTEND_BACK or FRONTEND_CANCEL, or -1 with e. */
enum { FRONTEND_OK = 0, FRONTEND_BACK = 1, FRONTEND_CANCEL = 2,
       FRONTEND_REFRESH = 3 };    /* remote facts arrived: describe the step again */
struct frontend {
    void *ctx;
    int (*ask)(void *ctx, const struct view *v, size_t index, size_t count,
               const char *last_error, struct answer *a, struct error *e);
};

/* Drive the steps with a frontend until the confirm step saves (0), the user cancels
 * (-1, ERR_CANCELLED) or an error occurs (-1). Back moves to the previous step that
 * applies. The caller saves w->cfg when this returns 0. */
int wizard_run(struct wizard *w, const struct frontend *fe, struct error *e);

/* Shared helpers for the steps: the rules of a step on the working copy, on it with
 * the owner being typed, or with the SFM-ID being typed (struct wizard_rules.check). */
void wizard_check(const struct wizard *w, enum rules_step step, struct diags *out);
void wizard_check_owner(const struct wizard *w, const char *orgnr, struct diags *out);
void wizard_check_sfm(const struct wizard *w, const char *sfm_id, bool confirmed_empty,
                      struct diags *out);
/* SFM through the rules (struct wizard_rules). */
bool wizard_sfm_in_use(const struct wizard *w);
const char *wizard_sfm_previous(const struct wizard *w);
bool wizard_sfm_chosen(const struct wizard *w);
/* The sub-units HelseID has now, as the rules count them (rules_helseid_children: the
 * live client, else what was last sent), or NULL: steps 3 and 6 compare with it. */
const struct strv *wizard_registered_children(const struct wizard *w);
/* A catalog service's and option's names in the user's language (the id if unknown). */
const char *wizard_service_label(const struct wizard *w, const char *service);
const char *wizard_option_label(const struct wizard *w, const char *service, const char *option);

#endif
