#include "config.h"
#include "core/error.h"
#include "core/sanitize.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"

/* A message cut at the buffer's end may end inside a UTF-8 sequence ("ø" is two
 * bytes); drop that partial character so the message stays valid UTF-8 (the
 * terminal, --json output and the audit log all need that). */
static void drop_partial_utf8(char *s)
{
    size_t len = strlen(s), i = len, cont = 0, need;
    unsigned char lead;

    while (i > 0 && cont < 3 && ((unsigned char)s[i - 1] & 0xc0) == 0x80) {
        i--;
        cont++;
    }
    if (i == 0)
        return;
    lead = (unsigned char)s[i - 1];
    need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
    if (need > cont)
        s[i - 1] = '\0';
}

int error_setv(struct error *e, enum err_code code, const char *fmt, va_list ap)
{
    int n;

    if (!e)
        return -1;
    e->code = code;
    n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    if (n >= (int)sizeof e->msg)
        drop_partial_utf8(e->msg);
    /* Arguments, file names and server text end up here: one safe line. */
    sanitize_inplace(e->msg, SANITIZE_SPACES);
    return -1;
}

int error_set(struct error *e, enum err_code code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(e, code, fmt, ap);
    va_end(ap);
    return -1;
}

int error_prefix(struct error *e, const char *fmt, ...)
{
    char old[sizeof e->msg];
    size_t len;
    va_list ap;

    if (!e)
        return -1;
    memcpy(old, e->msg, sizeof old);
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    /* Append ": old" by hand: the result is cut at the buffer's end on purpose. */
    len = strlen(e->msg);
    if (len + 2 < sizeof e->msg) {
        memcpy(e->msg + len, ": ", 2);
        len += 2;
        size_t room = sizeof e->msg - len - 1, olen = strlen(old);
        if (olen > room)
            olen = room;
        memcpy(e->msg + len, old, olen);
        e->msg[len + olen] = '\0';
    }
    drop_partial_utf8(e->msg);
    sanitize_inplace(e->msg, SANITIZE_SPACES);
    return -1;
}

void error_clear(struct error *e)
{
    if (e) {
        e->code = ERR_OK;
        e->msg[0] = '\0';
    }
}

int error_nomem(struct error *e)
{
    return error_set(e, ERR_NOMEM, "%s", _("out of memory"));
}

int error_exit_status(enum err_code code)
{
    switch (code) {
#define ERROR_STATUS(c, status) case c: return status;
    ERROR_CODES(ERROR_STATUS)
#undef ERROR_STATUS
    }
    return 1;
}

const char *error_code_name(enum err_code code)
{
    switch (code) {
#define ERROR_NAME(c, status) case c: return #c;
    ERROR_CODES(ERROR_NAME)
#undef ERROR_NAME
    }
    return "ERR_UNKNOWN";
}
