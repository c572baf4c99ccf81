/* Decimal numbers follow the language of the messages, not LC_NUMERIC (issue 13:
 * "4,8 seconds" in English): a point in English, a comma in bokmål and nynorsk, with
 * the C or a Norwegian LC_NUMERIC alike. Uses the catalogs in tests/locale. */
#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <stdlib.h>

#include "core/decimal.h"
#include "../tap.h"

extern int _nl_msg_cat_cntr;

static const char *in(const char *lang, double v, int prec)
{
    static char buf[32];

    setenv("LANGUAGE", lang, 1);
    ++_nl_msg_cat_cntr;     /* gettext caches translations: LANGUAGE changed */
    return ui_decimal(buf, sizeof buf, v, prec);
}

int main(void)
{
    const char *dir = getenv("HELSEID_ADMIN_LOCALEDIR");

    setlocale(LC_ALL, "C.UTF-8");
    bindtextdomain(PACKAGE, dir ? dir : "tests/locale");
    bind_textdomain_codeset(PACKAGE, "UTF-8");
    textdomain(PACKAGE);
    is_str(in("en", 4.75, 1), "4.8", "English: a decimal point");
    is_str(in("nb", 4.75, 1), "4,8", "bokmål: a decimal comma");
    is_str(in("nn", 12.25, 2), "12,25", "nynorsk: a decimal comma");
    is_str(in("nb", -0.5, 1), "-0,5", "a negative number");
    is_str(in("nb", 3, 0), "3", "no decimals: nothing to separate");
    if (setlocale(LC_NUMERIC, "nb_NO.UTF-8") || setlocale(LC_NUMERIC, "nb_NO.utf8")) {
        is_str(in("en", 4.75, 1), "4.8", "English under a Norwegian LC_NUMERIC: still a point");
        is_str(in("nb", 4.75, 1), "4,8", "bokmål under a Norwegian LC_NUMERIC: one comma");
    } else {
        ok(1, "# SKIP no nb_NO locale installed");
    }
    return done_testing();
}
