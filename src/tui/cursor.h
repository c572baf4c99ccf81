/* A cursor over a list of rows and the first row on screen: the moving and scrolling
 * that the check tree and the list box share. Pure, no curses. */
#ifndef HELSEID_TUI_CURSOR_H
#define HELSEID_TUI_CURSOR_H

#include <stdbool.h>
#include <stddef.h>

/* Move *cursor by delta, kept within the n rows (nothing to move with none); true if
 * it moved. */
bool cursor_move(size_t *cursor, size_t n, long delta);

/* Scroll *top just far enough that the cursor is on a page of `page` rows (0 counts
 * as one). */
void cursor_fit(size_t *top, size_t cursor, size_t page);

#endif
