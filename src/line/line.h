/* The plain line-mode frontend (--plain, TERM=dumb): the same steps as numbered
 * questions on a stream, for speech users, serial consoles and scripts. Modelled on
 * debian-installer's text frontend: Enter takes the default, "<" goes back. */
#ifndef HELSEID_LINE_H
#define HELSEID_LINE_H

#include <stdio.h>

#include "wizard/wizard.h"

struct line_ui {
    FILE *in, *out;
};

void line_frontend(struct line_ui *ui, struct frontend *fe);

#endif
