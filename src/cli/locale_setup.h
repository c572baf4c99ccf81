#ifndef HELSEID_LOCALE_SETUP_H
#define HELSEID_LOCALE_SETUP_H
/* setlocale + bindtextdomain; `lang` (nb|nn|en or NULL) overrides the environment.
 * $HELSEID_ADMIN_LOCALEDIR overrides the message catalog directory (tests). */
void locale_setup(const char *lang);
#endif
