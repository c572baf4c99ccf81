/* The service URLs a command uses: flags > environment > site file > defaults
 * (DESIGN.md §3). Shared by every command that talks to the network. */
#ifndef HELSEID_RESOLVE_H
#define HELSEID_RESOLVE_H

#include "session/demo_sim.h"
#include "session/options.h"
#include "core/error.h"
#include "core/rules.h"
#include "net/endpoints.h"

struct site;

/* site may be NULL (no site file given). In the demo environment without URLs the
 * simulator is started into *demo (stop it with demo_sim_stop when done); with
 * demo == NULL that is an error. */
int cli_resolve_endpoints(const struct options *o, const struct site *site,
                          struct endpoints *ep, struct demo_sim *demo, struct error *e);

struct preflight_report;

/* Hand a preflight's results (reach of each host, clock skew) to the rules engine:
 * fills env->reach/n_reach/clock_*. Returns the reach array env points into (free it
 * after the rules ran), or NULL on out of memory. */
struct reach_result *cli_rules_reach(const struct preflight_report *rep, struct rules_env *env);

/* The catalog's texts follow the message language: --lang, else LC_MESSAGES. */
const char *cli_catalog_lang(const struct options *o);

/* The rules engine's name for an endpoint environment. */
enum rules_envkind cli_rules_env(enum endpoint_env env);

/* Today in local time (YYYY-MM-DD) in buf (cap >= 11), for rules_env.today: the core
 * has no clock, and a birth date after today is invalid. NULL if unknown. */
const char *cli_rules_today(char *buf, size_t cap);

#endif
