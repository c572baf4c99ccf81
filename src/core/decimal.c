#include "config.h"
#include "core/decimal.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"

const char *ui_decimal(char *buf, size_t cap, double v, int prec)
{
    /* TRANSLATORS: the decimal separator of your language ("," in Norwegian). */
    const char *sep = _(".");
    char tmp[64];
    size_t o = 0;

    if (cap == 0)
        return buf;
    snprintf(tmp, sizeof tmp, "%.*f", prec, v);
    /* Whatever radix character the C locale put in becomes the language's own. */
    for (const char *p = tmp; *p && o + strlen(sep) < cap; p++) {
        if ((*p >= '0' && *p <= '9') || *p == '-') {
            buf[o++] = *p;
        } else {
            memcpy(buf + o, sep, strlen(sep));
            o += strlen(sep);
            while (p[1] && !(p[1] >= '0' && p[1] <= '9'))
                p++;    /* a multi-byte radix character */
        }
    }
    buf[o] = '\0';
    return buf;
}
