/* The hand-off screens (DESIGN.md §2, step 7): the link first, always; L prints the
 * whole URL alone on one unbordered line outside curses; C tries an OSC 52 copy; Q
 * shows a QR code (UTF-8 half blocks); a countdown once a second; Enter = "Jeg har
 * bekreftet"; a paste-back field for the localhost address. Never OSC 8. */
#ifndef HELSEID_TUI_HANDOFF_SCREEN_H
#define HELSEID_TUI_HANDOFF_SCREEN_H

#include <stddef.h>

#include "core/error.h"
#include "tui/tui.h"
#include "wizard/handoff.h"

/* Run the hand-off screen in the TUI's one loop (tui_run) until h reaches a final
 * state: io->fd and the countdown join it as sources for that time. 0, or -1 with e
 * when INT/TERM/HUP came. */
int tui_handoff(struct tui *t, struct handoff *h, const struct handoff_io *io, struct error *e);

#endif
