/* Norwegian identifiers: the checks behind ident.h. Pure functions, no allocation. */
#include "config.h"
#include "core/ident.h"

#include <stddef.h>
#include <string.h>

#include "core/i18n.h"

static const char *const reason_names[] = {
#define IDENT_NAME(r, msg) #r,
    IDENT_REASONS(IDENT_NAME)
#undef IDENT_NAME
};

static const char *const reason_messages[] = {
#define IDENT_MSG(r, msg) msg,
    IDENT_REASONS(IDENT_MSG)
#undef IDENT_MSG
};

#define N_REASONS (sizeof reason_names / sizeof *reason_names)

const char *ident_reason_name(enum ident_reason r)
{
    return (size_t)r < N_REASONS ? reason_names[r] : "IDENT_UNKNOWN";
}

const char *ident_reason_message(enum ident_reason r)
{
    /* Out-of-range codes are caller bugs; say something harmless rather than crash. */
    return (size_t)r < N_REASONS ? reason_messages[r] : reason_messages[IDENT_NOT_DIGITS];
}

const char *fnr_kind_name(enum fnr_kind k)
{
    switch (k) {
    case FNR_ORDINARY: return "FNR_ORDINARY";
    case FNR_D: return "FNR_D";
    case FNR_H: return "FNR_H";
    case FNR_SYNTHETIC: return "FNR_SYNTHETIC";
    case FNR_FH: return "FNR_FH";
    }
    return "FNR_UNKNOWN";
}

const char *fnr_kind_label(enum fnr_kind k)
{
    switch (k) {
    case FNR_ORDINARY: return N_("birth number");
    case FNR_D: return N_("D-number");
    case FNR_H: return N_("H-number");
    /* TRANSLATORS: a test person from Skatteetaten's Tenor test data (month + 80). */
    case FNR_SYNTHETIC: return N_("synthetic test person (Tenor)");
    case FNR_FH: return N_("FH-number");
    }
    return N_("birth number");
}

const char *fnr_rule_name(enum fnr_rule r)
{
    return r == FNR_RULE_2032 ? "2032" : "classic";
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The common strict prefix of every check: empty, non-digits, length. */
static enum ident_reason check_digits(const char *s, size_t min, size_t max)
{
    size_t n = 0;

    if (!s || !*s)
        return IDENT_EMPTY;
    for (const char *p = s; *p; p++, n++)
        if (!is_digit(*p))
            return IDENT_NOT_DIGITS;
    if (n < min)
        return IDENT_TOO_SHORT;
    if (n > max)
        return IDENT_TOO_LONG;
    return IDENT_OK;
}

static bool all_zero(const char *s)
{
    for (; *s; s++)
        if (*s != '0')
            return false;
    return true;
}

/* Weighted digit sum mod 11 over the first `n` digits. */
static int mod11(const char *d, const int *weights, size_t n)
{
    int sum = 0;

    for (size_t i = 0; i < n; i++)
        sum += (d[i] - '0') * weights[i];
    return sum % 11;
}

/* ---- organisasjonsnummer ---- */

/* Digits with single spaces between them; the digits go to out (up to 9, then only
 * counted). Returns the reason for the syntax. */
static enum ident_reason orgnr_digits(const char *s, char out[10], size_t *count)
{
    size_t n = 0;

    if (!s || !*s)
        return IDENT_EMPTY;
    for (const char *p = s; *p; p++) {
        if (*p == ' ' && p != s && is_digit(p[-1]) && is_digit(p[1]))
            continue;
        if (!is_digit(*p))
            return IDENT_NOT_DIGITS;
        if (n < 9)
            out[n] = *p;
        n++;
    }
    out[n < 9 ? n : 9] = '\0';
    *count = n;
    if (n < 9)
        return IDENT_TOO_SHORT;
    if (n > 9)
        return IDENT_TOO_LONG;
    return IDENT_OK;
}

bool orgnr_normalize(const char *s, char out[10])
{
    char d[10];
    size_t n;

    if (orgnr_digits(s, d, &n) != IDENT_OK)
        return false;
    memcpy(out, d, sizeof d);
    return true;
}

enum ident_reason orgnr_check(const char *s, enum ident_env env, enum ident_reason *warning)
{
    static const int weights[8] = { 3, 2, 7, 6, 5, 4, 3, 2 };
    char d[10];
    size_t n;
    enum ident_reason r;
    int check;

    if (warning)
        *warning = IDENT_OK;
    r = orgnr_digits(s, d, &n);
    if (r != IDENT_OK)
        return r;
    check = 11 - mod11(d, weights, 8);
    if (check == 11)
        check = 0;
    if (check == 10)
        return IDENT_NO_CHECK_DIGIT;
    if (check != d[8] - '0')
        return IDENT_CHECK_DIGIT;
    if (env == IDENT_ENV_PROD && d[0] != '8' && d[0] != '9')
        return IDENT_WRONG_ENV_PROD;
    if (env == IDENT_ENV_TEST && d[0] != '2' && d[0] != '3' && warning)
        *warning = IDENT_WRONG_ENV_TEST;
    return IDENT_OK;
}

/* ---- fødselsnummer ---- */

static int two(const char *d)
{
    return (d[0] - '0') * 10 + (d[1] - '0');
}

static bool leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool date_exists(int y, int m, int d)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    if (m < 1 || m > 12 || d < 1)
        return false;
    return d <= days[m - 1] + (m == 2 && leap_year(y));
}

/* The century from the individual number (protocol.md); 0 when none fits. */
static int century(int individual, int yy)
{
    if (individual <= 499)
        return 1900;
    if (individual <= 749 && yy >= 54)
        return 1800;
    if (yy < 40)
        return 2000;
    if (individual >= 900)
        return 1900;
    return 0;
}

/* Control digits. k1: weights 3 7 6 1 8 9 4 5 2 and 1 for k1 itself; the classic rule
 * wants remainder 0, the 2032 rule any of 0..3. k2 covers all eleven digits. */
static enum ident_reason fnr_control(const char *d, enum fnr_rule *rule)
{
    static const int w1[10] = { 3, 7, 6, 1, 8, 9, 4, 5, 2, 1 };
    static const int w2[11] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1 };
    int r1 = mod11(d, w1, 10);

    if (r1 > 3)
        return IDENT_CHECK_DIGIT_1;
    /* Classic k2 = 11 - (sum mod 11) over ten digits; 10 is impossible, so a
     * remainder 1 with k2 = 10 can never be written: the sum check covers both. */
    if (mod11(d, w2, 11) != 0)
        return IDENT_CHECK_DIGIT_2;
    *rule = r1 == 0 ? FNR_RULE_CLASSIC : FNR_RULE_2032;
    return IDENT_OK;
}

/* Strict YYYY-MM-DD. */
static bool parse_date(const char *s, int *y, int *m, int *d)
{
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return false;
        } else if (!is_digit(s[i])) {
            return false;
        }
    }
    if (s[10])
        return false;
    *y = two(s) * 100 + two(s + 2);
    *m = two(s + 5);
    *d = two(s + 8);
    return true;
}

/* A birth date after `today` (YYYY-MM-DD)? A malformed `today` is no test at all. */
static bool born_after(const struct fnr_info *fi, const char *today)
{
    int y, m, d;

    if (!today || !parse_date(today, &y, &m, &d) || fi->kind == FNR_FH)
        return false;
    return fi->year * 10000 + fi->month * 100 + fi->day > y * 10000 + m * 100 + d;
}

enum ident_reason fnr_check(const char *s, struct fnr_info *info)
{
    return fnr_check_on(s, NULL, info);
}

enum ident_reason fnr_check_on(const char *s, const char *today, struct fnr_info *info)
{
    struct fnr_info fi = { 0 };
    enum ident_reason r = check_digits(s, 11, 11);
    int day, month, yy, cent;

    if (r != IDENT_OK)
        return r;
    r = fnr_control(s, &fi.rule);
    if (r != IDENT_OK)
        return r;
    if (s[0] == '8' || s[0] == '9') {
        fi.kind = FNR_FH;
        goto out;
    }
    day = two(s);
    month = two(s + 2);
    yy = two(s + 4);
    fi.kind = FNR_ORDINARY;
    if (day > 40) {
        day -= 40;
        fi.d_number = true;
        fi.kind = FNR_D;
    }
    if (month > 80) {
        month -= 80;
        fi.kind = FNR_SYNTHETIC;
    } else if (month > 40) {
        if (fi.d_number)
            return IDENT_BAD_DATE;      /* no such thing as a D- and H-number */
        month -= 40;
        fi.kind = FNR_H;
    }
    cent = century((s[6] - '0') * 100 + two(s + 7), yy);
    /* Without a century, judge the date in 20yy: a leap year whenever any is. */
    if (!date_exists(cent ? cent + yy : 2000 + yy, month, day))
        return IDENT_BAD_DATE;
    if (!cent)
        return IDENT_BAD_INDIVIDUAL;
    fi.year = cent + yy;
    fi.month = month;
    fi.day = day;
    if (born_after(&fi, today))
        return IDENT_FUTURE_DATE;
out:
    if (info)
        *info = fi;
    return IDENT_OK;
}

enum ident_reason fnr_check_with_birth_date(const char *s, const char *birth_date,
                                            struct fnr_info *info)
{
    return fnr_check_with_birth_date_on(s, birth_date, NULL, info);
}

enum ident_reason fnr_check_with_birth_date_on(const char *s, const char *birth_date,
                                               const char *today, struct fnr_info *info)
{
    struct fnr_info fi;
    enum ident_reason r = fnr_check_on(s, today, &fi);
    int y, m, d;

    if (r != IDENT_OK)
        return r;
    if (birth_date && *birth_date && fi.kind != FNR_FH) {
        if (!parse_date(birth_date, &y, &m, &d))
            return IDENT_DATE_MISMATCH;
        if (y != fi.year || m != fi.month || d != fi.day)
            return IDENT_DATE_MISMATCH;
    }
    if (info)
        *info = fi;
    return IDENT_OK;
}

/* ---- HPR number, HER-id ---- */

enum ident_reason hpr_check(const char *s)
{
    enum ident_reason r = check_digits(s, 1, 9);

    if (r != IDENT_OK)
        return r;
    return all_zero(s) ? IDENT_ZERO : IDENT_OK;
}

enum ident_reason herid_check(const char *s)
{
    enum ident_reason r = check_digits(s, 1, 9);

    if (r != IDENT_OK)
        return r;
    if (all_zero(s))
        return IDENT_ZERO;
    return s[0] == '0' ? IDENT_LEADING_ZERO : IDENT_OK;
}
