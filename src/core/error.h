/* Errors travel as values: a code from one table plus a translated message.
 * No module below main() prints or exits; it fills a struct error and returns -1. */
#ifndef HELSEID_ERROR_H
#define HELSEID_ERROR_H

#include <stdarg.h>

/* X(code, exit status) — the exit status is what a command returns for it
 * (documented in man/helseid-admin.8, section EXIT STATUS). */
#define ERROR_CODES(X)              \
    X(ERR_OK, 0)                    \
    X(ERR_INVALID, 1)     /* invalid input or failed check */ \
    X(ERR_USAGE, 2)       /* bad command line */ \
    X(ERR_CANCELLED, 3)   /* cancelled by the user */ \
    X(ERR_TIMEOUT, 3)     /* deadline passed */ \
    X(ERR_AUTH, 4)        /* api key / client authentication rejected */ \
    X(ERR_NOT_CONFIRMED, 5) /* not confirmed in the portal */ \
    X(ERR_CHANGES, 6)     /* plan has changes */ \
    X(ERR_PENDING, 7)     /* confirmed, but HelseID has not approved everything yet */ \
    X(ERR_PARSE, 1)       /* a file or answer could not be parsed */ \
    X(ERR_IO, 1)          /* file system */ \
    X(ERR_LOCKED, 1)      /* another session holds the lock */ \
    X(ERR_NOMEM, 1)       /* out of memory */ \
    X(ERR_NET, 1)         /* network: DNS, connect, TLS, timeout */ \
    X(ERR_API, 1)         /* a remote API answered with an error */ \
    X(ERR_CRYPTO, 1)      /* key or signature problem */ \
    X(ERR_INTERRUPTED, 130)

enum err_code {
#define ERROR_ENUM(code, status) code,
    ERROR_CODES(ERROR_ENUM)
#undef ERROR_ENUM
};

struct error {
    enum err_code code;
    char msg[512];     /* translated, one line, no trailing full stop */
};

/* Record an error; always returns -1 so callers can `return error_set(...)`.
 * `e` may be NULL (the caller does not care why). */
int error_set(struct error *e, enum err_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int error_setv(struct error *e, enum err_code code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* Prefix an existing message: "reading site.xml: <old message>". */
int error_prefix(struct error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void error_clear(struct error *e);
/* ERR_NOMEM, "out of memory" (translated); returns -1 like error_set. */
int error_nomem(struct error *e);

/* The process exit status for a code (see ERROR_CODES). */
int error_exit_status(enum err_code code);
/* The stable name of a code, e.g. "ERR_PARSE" (for --json output and tests). */
const char *error_code_name(enum err_code code);

#endif
