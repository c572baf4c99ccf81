#include "config.h"
#include "tui/text.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "core/sanitize.h"

wchar_t *text_sanitize(const char *utf8)
{
    size_t n = utf8 ? strlen(utf8) : 0, i = 0, o = 0;
    wchar_t *out = malloc((n + 1) * sizeof(*out));
    mbstate_t st;

    if (!out)
        return NULL;
    memset(&st, 0, sizeof(st));
    while (i < n) {
        wchar_t wc;
        size_t r = mbrtowc(&wc, utf8 + i, n - i, &st);

        if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
            memset(&st, 0, sizeof(st));
            out[o++] = L'?';
            i++;
            continue;
        }
        i += r;
        /* iswprint lets bidi controls (RLO...) through: the core's rule as well. */
        out[o++] = iswprint((wint_t)wc) && !sanitize_cp_unsafe((uint32_t)wc) ? wc : L'?';
    }
    out[o] = L'\0';
    return out;
}

static int cw(wchar_t c)
{
    int w = wcwidth(c);

    return w < 0 ? 1 : w;
}

int text_width(const wchar_t *s, size_t n)
{
    int w = 0;

    for (size_t i = 0; i < n && s[i]; i++)
        w += cw(s[i]);
    return w;
}

size_t text_fit(const wchar_t *s, int cols)
{
    size_t i = 0;
    int w = 0;

    while (s[i] && w + cw(s[i]) <= cols)
        w += cw(s[i++]);
    return i;
}

int text_wrap(const wchar_t *s, int cols, void (*line)(void *ctx, const wchar_t *p, size_t n),
              void *ctx)
{
    int lines = 0;

    if (cols < 1)
        cols = 1;
    while (*s) {
        size_t fit = text_fit(s, cols), cut = fit;

        if (s[fit]) {
            /* Break at the last space that fits, else mid-word. */
            while (cut > 0 && s[cut] != L' ')
                cut--;
            if (cut == 0)
                cut = fit ? fit : 1;
        }
        if (line)
            line(ctx, s, cut);
        lines++;
        s += cut;
        while (*s == L' ')
            s++;
    }
    return lines;
}
