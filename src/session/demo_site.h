/* The demo's own site file: `--env demo` with no --site works on a copy of the
 * installed sample, kept in $XDG_STATE_HOME/helseid-admin/demo/ (default
 * ~/.local/state) so status, test-token and a second run find the same client. */
#ifndef HELSEID_DEMO_SITE_H
#define HELSEID_DEMO_SITE_H

#include <stdbool.h>

#include "core/error.h"
#include "session/options.h"

/* For a command that works on a site (not check or validate): when the environment is
 * demo and no site is given, set o->site to the kept copy, made from the sample
 * (demo/kommune.xml in the data folder) the first time. 0 when nothing was needed or
 * it is set (*kept says which); -1 with e set. */
int demo_site_default(struct options *o, const char *command, bool *kept, struct error *e);

/* "The demo's site file is kept in …; its status: helseid-admin --env demo --site … status"
 * on stderr, after a command that used the kept copy. */
void demo_site_hint(const char *site);

#endif
