/* A scrollable two-column list with a filter: the state behind the "Underenheter"
 * screen. Pure, no curses; 2,000 rows filter and scroll in linear time or better. */
#ifndef HELSEID_TUI_LISTBOX_H
#define HELSEID_TUI_LISTBOX_H

#include <stdbool.h>
#include <stddef.h>

struct listbox_row {
    const char *col[2];     /* borrowed; the view owns the strings */
    char mark;              /* '+', '-' or ' ' */
};

struct listbox {
    const struct listbox_row *rows;     /* borrowed */
    size_t n_rows;
    size_t *shown;          /* indices of rows matching the filter */
    size_t n_shown;
    size_t sel;             /* index into shown */
    size_t top;             /* first shown row on screen */
    char filter[64];
};

int listbox_init(struct listbox *l, const struct listbox_row *rows, size_t n);
void listbox_clear(struct listbox *l);

/* Case-insensitive (ASCII and æøå) substring filter over both columns; keeps the
 * selected row if it still matches. */
int listbox_set_filter(struct listbox *l, const char *filter);

/* Movement; `page` is the number of visible rows. Each returns true if it moved. */
bool listbox_move(struct listbox *l, long delta);
bool listbox_home(struct listbox *l);
bool listbox_end(struct listbox *l);
/* Scroll so the selection is visible in `page` rows. */
void listbox_fit(struct listbox *l, size_t page);

/* The selected row, or NULL when nothing matches. */
const struct listbox_row *listbox_selected(const struct listbox *l);

#endif
