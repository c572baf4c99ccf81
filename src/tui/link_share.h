/* The link handed to another device: QR code lines, an OSC 52 clipboard request. */
#ifndef HELSEID_TUI_LINK_SHARE_H
#define HELSEID_TUI_LINK_SHARE_H

#include <stddef.h>

/* The QR code of `text` as UTF-8 half-block lines (pure; for tests and the screen).
 * *lines is a malloc'd array of malloc'd strings; returns the module count or -1. */
int qr_lines(const char *text, char ***lines, size_t *n_lines, int *cols);
void qr_lines_free(char **lines, size_t n);

/* An OSC 52 clipboard request for `text` (malloc'd), or NULL. */
char *osc52_sequence(const char *text);

#endif
