/* Text field state. Characters, not bytes, are the unit of editing; columns come
 * from wcwidth so a double-width character never splits at the window edge. */
#include "config.h"
#include "tui/textfield.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"

void textfield_init(struct textfield *t, size_t max_len)
{
    memset(t, 0, sizeof(*t));
    t->max_len = max_len;
}

void textfield_clear(struct textfield *t)
{
    free(t->buf);
    textfield_init(t, t->max_len);
}

static int reserve(struct textfield *t, size_t n)
{
    wchar_t *nb;
    size_t na;

    if (n <= t->alloc)
        return 0;
    na = t->alloc ? t->alloc * 2 : 32;
    while (na < n)
        na *= 2;
    nb = realloc(t->buf, na * sizeof(*nb));
    if (!nb)
        return -1;
    t->buf = nb;
    t->alloc = na;
    return 0;
}

int textfield_set(struct textfield *t, const char *utf8)
{
    mbstate_t st;
    size_t n = utf8 ? strlen(utf8) : 0, i = 0;

    t->len = t->cursor = t->scroll = 0;
    memset(&st, 0, sizeof(st));
    while (i < n) {
        wchar_t wc;
        size_t r = mbrtowc(&wc, utf8 + i, n - i, &st);

        if (r == (size_t)-1 || r == (size_t)-2) {   /* invalid or truncated: skip a byte */
            memset(&st, 0, sizeof(st));
            i++;
            continue;
        }
        if (r == 0)
            break;
        i += r;
        if (t->max_len && t->len >= t->max_len)
            break;
        if (reserve(t, t->len + 1) < 0)
            return -1;
        /* A value given, not typed (an SFM-ID from the live client): a control or bidi
         * character shows as '?' (a zero-width RLO would pass the draw's wcwidth test). */
        t->buf[t->len++] = sanitize_cp_unsafe((uint32_t)wc) ? L'?' : wc;
    }
    t->cursor = t->len;
    return 0;
}

char *textfield_get(const struct textfield *t)
{
    char *out = malloc(t->len * MB_LEN_MAX + 1), *p = out;
    mbstate_t st;

    if (!out)
        return NULL;
    memset(&st, 0, sizeof(st));
    for (size_t i = 0; i < t->len; i++) {
        size_t r = wcrtomb(p, t->buf[i], &st);

        if (r != (size_t)-1)
            p += r;
    }
    *p = '\0';
    return out;
}

bool textfield_insert(struct textfield *t, wchar_t c)
{
    if ((t->max_len && t->len >= t->max_len) || reserve(t, t->len + 1) < 0)
        return false;
    memmove(t->buf + t->cursor + 1, t->buf + t->cursor, (t->len - t->cursor) * sizeof(wchar_t));
    t->buf[t->cursor++] = c;
    t->len++;
    return true;
}

bool textfield_delete(struct textfield *t)
{
    if (t->cursor >= t->len)
        return false;
    memmove(t->buf + t->cursor, t->buf + t->cursor + 1,
            (t->len - t->cursor - 1) * sizeof(wchar_t));
    t->len--;
    return true;
}

bool textfield_backspace(struct textfield *t)
{
    if (t->cursor == 0)
        return false;
    t->cursor--;
    return textfield_delete(t);
}

bool textfield_left(struct textfield *t)
{
    if (t->cursor == 0)
        return false;
    t->cursor--;
    return true;
}

bool textfield_right(struct textfield *t)
{
    if (t->cursor >= t->len)
        return false;
    t->cursor++;
    return true;
}

bool textfield_home(struct textfield *t)
{
    bool moved = t->cursor != 0;

    t->cursor = 0;
    return moved;
}

bool textfield_end(struct textfield *t)
{
    bool moved = t->cursor != t->len;

    t->cursor = t->len;
    return moved;
}

bool textfield_kill_line(struct textfield *t)
{
    bool changed = t->len != 0;

    t->len = t->cursor = t->scroll = 0;
    return changed;
}

static int char_width(wchar_t c)
{
    int w = wcwidth(c);

    return w < 0 ? 1 : w;
}

int textfield_width(const struct textfield *t, size_t from, size_t to)
{
    int w = 0;

    for (size_t i = from; i < to && i < t->len; i++)
        w += char_width(t->buf[i]);
    return w;
}

int textfield_fit(struct textfield *t, int cols)
{
    if (cols < 2)
        cols = 2;
    if (t->scroll > t->cursor)
        t->scroll = t->cursor;
    /* Keep one column free for the cursor after the last character. */
    while (t->scroll < t->cursor && textfield_width(t, t->scroll, t->cursor) > cols - 1)
        t->scroll++;
    return textfield_width(t, t->scroll, t->cursor);
}
