/* Decimal numbers in the language of the messages around them ("4,8 sekunder",
 * "4.8 seconds"), whatever LC_NUMERIC says: --lang en under a Norwegian locale, or
 * --lang nb where no nb_NO locale is installed, would otherwise mix the two. */
#ifndef HELSEID_DECIMAL_H
#define HELSEID_DECIMAL_H

#include <stddef.h>

/* v with `prec` decimals into buf; returns buf. */
const char *ui_decimal(char *buf, size_t cap, double v, int prec);

#endif
