/* The ncursesw frontend of the wizard. One event loop owns every input through
 * poll(): the terminal, a SIGWINCH self-pipe, timers and extra descriptors (the
 * network layer's sockets, the loopback listener) registered by the caller. */
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

/* For screens with their own loop (the hand-off): the SIGWINCH self-pipe to poll,
 * and the call that drains it and resizes curses to the terminal. */
int tui_resize_fd(void);
void tui_apply_resize(void);

/* The struct frontend for wizard_run. */
void tui_frontend(struct tui *t, struct frontend *fe);

#endif
