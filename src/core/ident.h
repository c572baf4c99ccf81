/* Norwegian identifiers: organisasjonsnummer, fødselsnummer (incl. D-, H-, FH- and
 * synthetic Tenor numbers), HPR number, HER-id. Pure functions; facts in
 * ../shared/spec/protocol.md ("Identifiers"). Every failure has its own reason.
 *
 * Input rules (decisions):
 *  - Only an org number may contain spaces: single spaces between digits, as people
 *    copy them from the portal or Brønnøysundregistrene ("966 585 404", "964965 137").
 *    Leading, trailing or doubled spaces, tabs, dots and dashes are IDENT_NOT_DIGITS.
 *    Use orgnr_normalize() to get the nine digits to store or send.
 *  - Everything else is strict: ASCII digits only, no spaces, no sign.
 *  - Order of checks: IDENT_EMPTY, IDENT_NOT_DIGITS, length, control digit(s), then the
 *    content (date, individual number, environment), so a typo reports the control digit.
 *  - HPR number: 1..9 digits, leading zeros tolerated, not all zero (IDENT_ZERO).
 *  - HER-id: the canonical decimal form of a positive integer, 1..9 digits (the
 *    Adresseregisteret ids are 6-7 digits today, and 9 digits fit an int32): "0" is
 *    IDENT_ZERO, "0123" IDENT_LEADING_ZERO, since HER-ids are compared as text.
 *  - Fødselsnummer: the core has no clock, so the caller passes today's date to
 *    fnr_check_on (a birth date after it is IDENT_FUTURE_DATE); D + H together is
 *    IDENT_BAD_DATE; a synthetic (Tenor) number may be a D-number, never an H-number. */
#ifndef HELSEID_IDENT_H
#define HELSEID_IDENT_H

#include <stdbool.h>

/* X(reason, message): one table gives the code, its stable name and its message. */
#define IDENT_REASONS(X) \
    X(IDENT_OK,               N_("valid")) \
    X(IDENT_EMPTY,            N_("empty")) \
    X(IDENT_NOT_DIGITS,       N_("contains characters other than digits")) \
    X(IDENT_TOO_SHORT,        N_("too short")) \
    X(IDENT_TOO_LONG,         N_("too long")) \
    X(IDENT_CHECK_DIGIT,      N_("control digit wrong")) \
    X(IDENT_CHECK_DIGIT_1,    N_("first control digit wrong")) \
    X(IDENT_CHECK_DIGIT_2,    N_("second control digit wrong")) \
    X(IDENT_NO_CHECK_DIGIT,   N_("no control digit possible (remainder 1)")) \
    X(IDENT_BAD_DATE,         N_("birth date does not exist")) \
    X(IDENT_BAD_INDIVIDUAL,   N_("individual number does not fit the birth year")) \
    X(IDENT_DATE_MISMATCH,    N_("birth date does not match the stored birth date")) \
    X(IDENT_WRONG_ENV_PROD,   N_("production organisations start with 8 or 9")) \
    X(IDENT_WRONG_ENV_TEST,   N_("test environment organisations are synthetic and start with 2 or 3")) \
    X(IDENT_ZERO,             N_("must be a positive number")) \
    X(IDENT_LEADING_ZERO,     N_("must not start with 0")) \
    X(IDENT_FUTURE_DATE,      N_("born in the future"))

enum ident_reason {
#define IDENT_ENUM(r, msg) r,
    IDENT_REASONS(IDENT_ENUM)
#undef IDENT_ENUM
};

/* Which environment an org number is meant for (the first-digit rule). The reasons
 * for breaking it are IDENT_WRONG_ENV_PROD / IDENT_WRONG_ENV_TEST: the first draft of
 * this header gave them the same names as these enumerators, which does not compile. */
enum ident_env { IDENT_ENV_ANY, IDENT_ENV_PROD, IDENT_ENV_TEST };

/* Kind of personal number, when valid. */
enum fnr_kind {
    FNR_ORDINARY,   /* fødselsnummer */
    FNR_D,          /* D-number: day + 40 */
    FNR_H,          /* H-number: month + 40 */
    FNR_SYNTHETIC,  /* Skatteetaten Tenor test person: month + 80 (may also be D) */
    FNR_FH,         /* FH-number: first digit 8 or 9, no birth date */
};

/* Which control-digit rule matched. */
enum fnr_rule { FNR_RULE_CLASSIC, FNR_RULE_2032 };

struct fnr_info {
    enum fnr_kind kind;
    bool d_number;          /* also set for synthetic D-numbers */
    enum fnr_rule rule;
    int year, month, day;   /* birth date (0 for FH numbers) */
};

/* Organisation number. `warning` may be NULL; it is set to IDENT_OK when there is none.
 * With IDENT_ENV_PROD a first digit other than 8/9 fails with
 * IDENT_WRONG_ENV_PROD; with IDENT_ENV_TEST anything but 2/3 gives IDENT_WRONG_ENV_TEST, which the
 * caller should treat as a warning (*warning is set, the result is IDENT_OK). */
enum ident_reason orgnr_check(const char *s, enum ident_env env, enum ident_reason *warning);

/* Fødselsnummer / D / H / synthetic / FH. `info` may be NULL; it is filled only when
 * the result is IDENT_OK. k1 is accepted under the classic rule (remainder 0) and the
 * 2032 rule (remainder 0..3); info->rule says FNR_RULE_2032 only when the classic rule
 * does not match. */
enum ident_reason fnr_check(const char *s, struct fnr_info *info);
/* As fnr_check, and a birth date after `today` (YYYY-MM-DD; NULL or malformed skips
 * the test) is IDENT_FUTURE_DATE. */
enum ident_reason fnr_check_on(const char *s, const char *today, struct fnr_info *info);
/* As fnr_check, and the birth date must equal `birth_date` (YYYY-MM-DD) when given
 * (NULL or "" skips the comparison). A malformed `birth_date` never matches. An FH
 * number carries no birth date, so there is nothing to contradict: IDENT_OK. */
enum ident_reason fnr_check_with_birth_date(const char *s, const char *birth_date,
                                            struct fnr_info *info);
/* Both: the stored birth date and today's date (either may be NULL). */
enum ident_reason fnr_check_with_birth_date_on(const char *s, const char *birth_date,
                                               const char *today, struct fnr_info *info);

enum ident_reason hpr_check(const char *s);      /* digits only, 1..9 digits, not zero */
enum ident_reason herid_check(const char *s);    /* positive integer */

/* The stable name ("IDENT_CHECK_DIGIT") and the untranslated message (wrap in _()). */
const char *ident_reason_name(enum ident_reason r);
const char *ident_reason_message(enum ident_reason r);

/* The nine digits of a syntactically valid org number (spaces dropped) into `out`;
 * returns false (and leaves `out` alone) when orgnr_check would say EMPTY, NOT_DIGITS
 * or a wrong length. The control digit is not checked. */
bool orgnr_normalize(const char *s, char out[10]);

/* Stable name ("FNR_SYNTHETIC", for --json) and untranslated label ("D-number"). */
const char *fnr_kind_name(enum fnr_kind k);
const char *fnr_kind_label(enum fnr_kind k);
const char *fnr_rule_name(enum fnr_rule r);     /* "classic", "2032" */

#endif
