#include "config.h"
#include "cli/locale_setup.h"

#include <locale.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

/* gettext ignores $LANGUAGE under the C locale, so --lang also needs a real
 * locale for LC_MESSAGES; try the Norwegian ones, then any UTF-8 one. */
static void force_messages_locale(const char *lang)
{
    static const char *const candidates[][3] = {
        { "nb", "nb_NO.UTF-8", "nb_NO.utf8" },
        { "nn", "nn_NO.UTF-8", "nn_NO.utf8" },
        { "en", "en_US.UTF-8", "C.UTF-8" },
    };
    const char *cur = setlocale(LC_MESSAGES, NULL);

    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
        if (strcmp(candidates[i][0], lang) != 0)
            continue;
        if (setlocale(LC_MESSAGES, candidates[i][1]) || setlocale(LC_MESSAGES, candidates[i][2]))
            return;
    }
    if (cur && (strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0))
        setlocale(LC_MESSAGES, "C.UTF-8");
}

void locale_setup(const char *lang)
{
    const char *dir = getenv("HELSEID_ADMIN_LOCALEDIR");

    setlocale(LC_ALL, "");
    if (lang && *lang) {
        setenv("LANGUAGE", lang, 1);
        force_messages_locale(lang);
    } else if (getenv("LANGUAGE") && *getenv("LANGUAGE")) {
        /* $LANGUAGE alone (e.g. LANGUAGE=nb with LANG=C, or no nb_NO locale
         * installed) would be ignored under the C locale. */
        const char *cur = setlocale(LC_MESSAGES, NULL);
        if (cur && (strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0))
            setlocale(LC_MESSAGES, "C.UTF-8");
    }
    bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
    bind_textdomain_codeset(PACKAGE, "UTF-8");
    textdomain(PACKAGE);
}
