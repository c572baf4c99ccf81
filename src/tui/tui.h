/* The ncursesw frontend of the wizard. One event loop owns every input through
 * poll() (tui_run): the terminal, the SIGWINCH and interrupt self-pipes, timers and
 * extra descriptors registered as sources (the wizard's look-ups, the hand-off's
 * loopback and readiness descriptor). */
#ifndef HELSEID_TUI_H
#define HELSEID_TUI_H

#include <stdbool.h>

#include "core/error.h"
#include "wizard/wizard.h"

struct tui;

/* Start curses on the terminal (stdin/stdout). Colour unless NO_COLOR is set. */
struct tui *tui_open(struct error *e);
/* Restore the terminal; safe on NULL. */
void tui_close(struct tui *t);

/* An extra input: called when `fd` is readable (or on every timer tick if fd < 0).
 * True when remote facts arrived: the open screen re-checks what is typed and, when
 * nothing on it was changed yet, is asked again (FRONTEND_REFRESH). */
typedef bool tui_source_fn(void *ctx);
int tui_add_source(struct tui *t, int fd, tui_source_fn *fn, void *ctx);
/* Drop the sources added with this fn and ctx (a screen's own, when it ends). */
void tui_remove_source(struct tui *t, tui_source_fn *fn, void *ctx);

/* What woke the loop, for the screen's turn. */
struct tui_wake {
    bool keys;          /* the terminal has input */
    bool resized;       /* the window size changed; curses already follows it */
    bool timer;         /* a timer source is registered: up to a second passed */
    bool facts;         /* a source said remote facts arrived */
};

/* A screen's turn after each wake-up (sources already dispatched): read the keys
 * waiting, react, draw. True when the screen is done; its result stays in ctx. */
typedef bool tui_turn_fn(void *ctx, const struct tui_wake *w);

/* The one event loop of the full screen: poll() on the terminal, the SIGWINCH and
 * interrupt self-pipes and every source, then the screen's turn, until the turn says
 * it is done (0) or INT/TERM/HUP came (-1, e says which). Every screen runs in it:
 * the wizard's questions and the hand-off. */
int tui_run(struct tui *t, tui_turn_fn *turn, void *ctx, struct error *e);

/* The struct frontend for wizard_run. */
void tui_frontend(struct tui *t, struct frontend *fe);

#endif
