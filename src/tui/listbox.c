#include "config.h"
#include "tui/listbox.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/cursor.h"

int listbox_init(struct listbox *l, const struct listbox_row *rows, size_t n)
{
    memset(l, 0, sizeof(*l));
    l->shown = calloc(n ? n : 1, sizeof(*l->shown));
    if (!l->shown)
        return -1;
    l->rows = rows;
    l->n_rows = n;
    for (size_t i = 0; i < n; i++)
        l->shown[i] = i;
    l->n_shown = n;
    return 0;
}

void listbox_clear(struct listbox *l)
{
    free(l->shown);
    memset(l, 0, sizeof(*l));
}

/* Fold ASCII letters and the UTF-8 capitals Æ Ø Å to lower case, in place-size. */
static void fold(char *dst, const char *src, size_t cap)
{
    size_t i = 0;

    for (; *src && i + 1 < cap; src++, i++) {
        unsigned char c = (unsigned char)*src;

        /* Æ Ø Å are C3 86/98/85; æ ø å are C3 A6/B8/A5: the second byte differs by 0x20. */
        if (i > 0 && (unsigned char)src[-1] == 0xC3 && (c == 0x86 || c == 0x98 || c == 0x85))
            c += 0x20;
        dst[i] = (char)tolower(c);
    }
    dst[i] = '\0';
}

static bool matches(const struct listbox_row *r, const char *needle)
{
    char hay[256];

    for (int c = 0; c < 2; c++) {
        if (!r->col[c])
            continue;
        fold(hay, r->col[c], sizeof(hay));
        if (strstr(hay, needle))
            return true;
    }
    return false;
}

int listbox_set_filter(struct listbox *l, const char *filter)
{
    char needle[sizeof(l->filter)];
    size_t keep = l->n_shown ? l->shown[l->sel] : (size_t)-1;

    snprintf(l->filter, sizeof(l->filter), "%s", filter ? filter : "");
    fold(needle, l->filter, sizeof(needle));
    l->n_shown = l->sel = l->top = 0;
    for (size_t i = 0; i < l->n_rows; i++) {
        if (needle[0] && !matches(&l->rows[i], needle))
            continue;
        if (i == keep)
            l->sel = l->n_shown;
        l->shown[l->n_shown++] = i;
    }
    return 0;
}

bool listbox_move(struct listbox *l, long delta)
{
    return cursor_move(&l->sel, l->n_shown, delta);
}

bool listbox_home(struct listbox *l)
{
    return listbox_move(l, -(long)l->sel);
}

bool listbox_end(struct listbox *l)
{
    return l->n_shown && listbox_move(l, (long)(l->n_shown - 1 - l->sel));
}

void listbox_fit(struct listbox *l, size_t page)
{
    if (page == 0)
        page = 1;
    cursor_fit(&l->top, l->sel, page);
    /* No empty rows below the end while there are rows above the top. */
    if (l->n_shown <= page)
        l->top = 0;
    else if (l->top > l->n_shown - page)
        l->top = l->n_shown - page;
}

const struct listbox_row *listbox_selected(const struct listbox *l)
{
    return l->n_shown ? &l->rows[l->shown[l->sel]] : NULL;
}
