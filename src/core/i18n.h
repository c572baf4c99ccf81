/* Gettext shorthands. English msgids; translations live in po/. */
#ifndef HELSEID_I18N_H
#define HELSEID_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* Plural: P_("1 sub-unit", "%d sub-units", n) */
#define P_(s, p, n) ngettext((s), (p), (n))

#endif
