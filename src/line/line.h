/* The plain line-mode frontend (--plain, TERM=dumb): the same steps as numbered
 * questions on a stream, for speech users, serial consoles and scripts. Modelled on
 * debian-installer's text frontend: Enter takes the default, "<" goes back. */
#ifndef HELSEID_LINE_H
#define HELSEID_LINE_H

#include <stdbool.h>
#include <stdio.h>

#include "core/error.h"
#include "wizard/handoff.h"
#include "wizard/wizard.h"

struct line_ui {
    FILE *in, *out;
};

void line_frontend(struct line_ui *ui, struct frontend *fe);

/* A typed line that answers a [y/N] question with yes: y, or j (ja), either case. */
bool line_yes(const char *line);

/* Step 7 in the line mode: print the link (and `note`, e.g. what happened with the
 * browser), then wait until h is final: Enter checks now, a pasted localhost address
 * is parsed, "q" cancels after a confirmation. 0, or -1 on a local failure. */
int line_handoff(struct line_ui *ui, struct handoff *h, const struct handoff_io *io,
                 const char *note, struct error *e);

#endif
