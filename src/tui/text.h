/* Text for the screen: UTF-8 to wide characters with every control character
 * (remote text may carry escape sequences) replaced, and word wrapping by display
 * width. Pure, no curses. */
#ifndef HELSEID_TUI_TEXT_H
#define HELSEID_TUI_TEXT_H

#include <stddef.h>
#include <wchar.h>

/* A newly allocated wide string: invalid UTF-8 and non-printable characters become
 * '?', so nothing from outside can reach the terminal as a control sequence. */
wchar_t *text_sanitize(const char *utf8);

/* Display width in columns (wcwidth; unprintable counts 1). */
int text_width(const wchar_t *s, size_t n);

/* Number of characters of s that fit in `cols` columns. */
size_t text_fit(const wchar_t *s, int cols);

/* Word wrap: call `line(ctx, start, len)` for each line of at most `cols` columns.
 * Returns the number of lines. Words longer than a line are broken. */
int text_wrap(const wchar_t *s, int cols, void (*line)(void *ctx, const wchar_t *p, size_t n),
              void *ctx);

#endif
