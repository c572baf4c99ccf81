/* The one layout-and-draw function of a wizard screen: called at start, after every
 * input, on resize and on Ctrl-L. It lays the widgets out for the current size,
 * draws them with werase + wnoutrefresh (the caller calls doupdate) and leaves the
 * terminal cursor on the focused item. Below 80x24 it shows only the size message. */
#ifndef HELSEID_TUI_DRAW_H
#define HELSEID_TUI_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/form.h"

#define TUI_MIN_COLS 80
#define TUI_MIN_LINES 24

struct frame {
    const char *title;      /* translated step title */
    size_t index, count;    /* step index (0-based) and number of steps */
    const char *error;      /* the last refusal, translated, or NULL */
    bool color;
};

/* Returns false when the window is too small (only the message was drawn). */
bool draw_screen(struct form *f, const struct frame *fr);
/* Below 80x24: draw only the size message (needed and current size) on the erased
 * screen and return true. Every screen starts with it. */
bool draw_too_small(void);
void draw_init_colors(bool color);

#endif
