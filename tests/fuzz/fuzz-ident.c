/* Fuzz the identifier checks (core/ident.h). The input, cut at the first newline, is
 * the identifier; the rest (if any) is a stored birth date for
 * fnr_check_with_birth_date. Beyond not crashing, the results must agree with each
 * other: a failed invariant traps, which the fuzzer reports as a crash. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

static void check_reason(enum ident_reason r)
{
    REQUIRE(ident_reason_name(r) && strcmp(ident_reason_name(r), "IDENT_UNKNOWN") != 0);
    REQUIRE(ident_reason_message(r) != NULL);
}

static void fuzz_orgnr(const char *s)
{
    enum ident_reason w_any, w_test, w_prod, r_any, r_test, r_prod, r_norm;
    char digits[10];

    r_any = orgnr_check(s, IDENT_ENV_ANY, &w_any);
    r_test = orgnr_check(s, IDENT_ENV_TEST, &w_test);
    r_prod = orgnr_check(s, IDENT_ENV_PROD, &w_prod);
    check_reason(r_any);
    check_reason(r_test);
    check_reason(r_prod);
    REQUIRE(w_any == IDENT_OK && w_prod == IDENT_OK);
    REQUIRE(r_test == r_any);                   /* test only ever warns */
    REQUIRE(w_test == IDENT_OK || w_test == IDENT_WRONG_ENV_TEST);
    REQUIRE(r_prod == r_any || (r_any == IDENT_OK && r_prod == IDENT_WRONG_ENV_PROD));
    if (r_any == IDENT_OK) {
        REQUIRE(orgnr_normalize(s, digits));
        REQUIRE(strlen(digits) == 9);
        r_norm = orgnr_check(digits, IDENT_ENV_ANY, NULL);
        REQUIRE(r_norm == IDENT_OK);
    }
}

static void fuzz_fnr(const char *s, const char *birth_date)
{
    struct fnr_info fi, fi2;
    char date[16];
    enum ident_reason r = fnr_check(s, &fi), r2;

    check_reason(r);
    r2 = fnr_check_with_birth_date(s, birth_date, &fi2);
    check_reason(r2);
    REQUIRE(r2 == r || (r == IDENT_OK && r2 == IDENT_DATE_MISMATCH));
    if (r != IDENT_OK)
        return;
    REQUIRE(strlen(s) == 11);
    if (fi.kind == FNR_FH) {
        REQUIRE(fi.year == 0 && fi.month == 0 && fi.day == 0);
        return;
    }
    REQUIRE(fi.year >= 1854 && fi.year <= 2039);
    REQUIRE(fi.month >= 1 && fi.month <= 12 && fi.day >= 1 && fi.day <= 31);
    snprintf(date, sizeof date, "%04d-%02d-%02d", fi.year, fi.month, fi.day);
    REQUIRE(fnr_check_with_birth_date(s, date, NULL) == IDENT_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    char *birth_date;

    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    /* Whole input (up to an embedded NUL) through every checker first. */
    fuzz_orgnr(buf);
    fuzz_fnr(buf, NULL);
    check_reason(hpr_check(buf));
    check_reason(herid_check(buf));
    birth_date = strchr(buf, '\n');
    if (birth_date) {
        *birth_date++ = '\0';
        fuzz_orgnr(buf);
        fuzz_fnr(buf, birth_date);
        check_reason(hpr_check(buf));
        check_reason(herid_check(buf));
    }
    free(buf);
    return 0;
}
