/* The link in forms another device can take: a QR code drawn as text, an OSC 52
 * clipboard request. Pure (no curses): the hand-off screen draws them, tests check them. */
#include "config.h"
#include "tui/link_share.h"

#include <qrencode.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QR_QUIET 2

int qr_lines(const char *text, char ***lines, size_t *n_lines, int *cols)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
    int size, full;
    size_t n;
    char **out;

    if (!qr)
        return -1;
    size = qr->width;
    full = size + 2 * QR_QUIET;
    n = (size_t)(full + 1) / 2;
    out = calloc(n, sizeof(*out));
    if (!out) {
        QRcode_free(qr);
        return -1;
    }
    for (size_t r = 0; r < n; r++) {
        /* Each cell holds two module rows; light modules are drawn (the terminal's
         * background is taken as dark), like qrencode -t UTF8. */
        char *p = out[r] = malloc((size_t)full * 3 + 1);

        if (!p) {
            qr_lines_free(out, r);
            QRcode_free(qr);
            return -1;
        }
        for (int c = 0; c < full; c++) {
            int y0 = (int)r * 2 - QR_QUIET, y1 = y0 + 1, x = c - QR_QUIET;
            bool d0 = y0 >= 0 && y0 < size && x >= 0 && x < size && (qr->data[y0 * size + x] & 1);
            bool d1 = y1 >= 0 && y1 < size && x >= 0 && x < size && (qr->data[y1 * size + x] & 1);
            bool l0 = !d0, l1 = y1 < size + QR_QUIET ? !d1 : false;
            const char *cell = l0 && l1 ? "\u2588" : l0 ? "\u2580" : l1 ? "\u2584" : " ";

            strcpy(p, cell);
            p += strlen(cell);
        }
        *p = '\0';
    }
    *lines = out;
    *n_lines = n;
    *cols = full;
    QRcode_free(qr);
    return size;
}

void qr_lines_free(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

char *osc52_sequence(const char *text)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(text), o = 0;
    char *out = malloc(16 + (n + 2) / 3 * 4);

    if (!out)
        return NULL;
    o += (size_t)sprintf(out, "\033]52;c;");
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)text[i] << 16;

        if (i + 1 < n)
            v |= (unsigned char)text[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)text[i + 2];
        out[o++] = b64[v >> 18 & 63];
        out[o++] = b64[v >> 12 & 63];
        out[o++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? b64[v & 63] : '=';
    }
    out[o++] = '\a';
    out[o] = '\0';
    return out;
}
