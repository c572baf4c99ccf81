/* A one-line text field's state: UTF-8 in and out, edited as wide characters so
 * æøå and double-width characters move and delete as one unit. Pure, no curses. */
#ifndef HELSEID_TUI_TEXTFIELD_H
#define HELSEID_TUI_TEXTFIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct textfield {
    wchar_t *buf;       /* not NUL-terminated; len characters */
    size_t len, alloc;
    size_t cursor;      /* 0..len, in characters */
    size_t scroll;      /* first character shown */
    size_t max_len;     /* 0 = unlimited */
};

void textfield_init(struct textfield *t, size_t max_len);
void textfield_clear(struct textfield *t);

/* Replace the contents with a UTF-8 string (invalid bytes are dropped); cursor at end. */
int textfield_set(struct textfield *t, const char *utf8);
/* The contents as a newly allocated UTF-8 string, or NULL on out of memory. */
char *textfield_get(const struct textfield *t);

/* Editing; each returns true when something changed (a beep otherwise). */
bool textfield_insert(struct textfield *t, wchar_t c);
bool textfield_backspace(struct textfield *t);
bool textfield_delete(struct textfield *t);
bool textfield_left(struct textfield *t);
bool textfield_right(struct textfield *t);
bool textfield_home(struct textfield *t);
bool textfield_end(struct textfield *t);
bool textfield_kill_line(struct textfield *t);      /* Ctrl-U */

/* Display width in columns of characters [from, to) (wcwidth; unprintable = 1). */
int textfield_width(const struct textfield *t, size_t from, size_t to);
/* Adjust scroll so the cursor fits in `cols` columns; returns the cursor's column. */
int textfield_fit(struct textfield *t, int cols);

#endif
