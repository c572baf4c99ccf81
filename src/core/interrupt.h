/* INT, TERM and HUP end a run the way a cancel does: the handler only records the
 * signal and wakes poll() through a self-pipe; every wait loop (http, readiness, the
 * hand-off, both frontends) sees it, unwinds through its normal cleanup (terminal
 * restored, lock released, no stray key file) and main exits 128 + the signal.
 * A second signal while unwinding ends the process by the signal's default action. */
#ifndef HELSEID_INTERRUPT_H
#define HELSEID_INTERRUPT_H

#include "core/error.h"

/* Install the handlers (without SA_RESTART, so blocking calls return EINTR). */
int interrupt_install(struct error *e);
/* 0, or the first signal that asked the run to stop. Async-signal-safe. */
int interrupt_signal(void);
/* Readable once a signal came (add it to a poll set); -1 before interrupt_install. */
int interrupt_fd(void);
/* Fill e with ERR_INTERRUPTED naming the signal; returns -1 (for `return ...`). */
int interrupt_error(struct error *e);
/* 128 + the signal (130 INT, 143 TERM, 129 HUP), or 0 when none came. */
int interrupt_exit_status(void);
/* Tests and the simulator's own children: forget a recorded signal. */
void interrupt_reset(void);

#endif
