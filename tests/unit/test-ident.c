/* Norwegian identifiers (core/ident.h): every vector from spec/protocol.md, the demo
 * identities (data/demo/README.md) and one vector per failure reason. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "core/i18n.h"
#include "core/ident.h"

struct fnr_case {
    const char *fnr;
    enum ident_reason want;
    enum fnr_kind kind;
    bool d_number;
    enum fnr_rule rule;
    const char *born;           /* YYYY-MM-DD, NULL for FH or invalid */
    const char *why;
};

static const struct fnr_case fnr_cases[] = {
    /* spec/protocol.md vectors */
    { "17056600574", IDENT_OK, FNR_ORDINARY, false, FNR_RULE_CLASSIC, "1966-05-17", "spec" },
    { "15108695088", IDENT_OK, FNR_ORDINARY, false, FNR_RULE_CLASSIC, "1986-10-15", "spec" },
    { "04048900181", IDENT_OK, FNR_ORDINARY, false, FNR_RULE_CLASSIC, "1989-04-04", "spec" },
    { "13527248013", IDENT_OK, FNR_H, false, FNR_RULE_CLASSIC, "1972-12-13", "spec H-number" },
    { "10915596784", IDENT_OK, FNR_SYNTHETIC, false, FNR_RULE_CLASSIC, "1955-11-10", "spec Tenor" },
    { "20080012345", IDENT_CHECK_DIGIT_1, 0, false, 0, NULL, "spec invalid" },
    /* data/demo test persons */
    { "17856642097", IDENT_OK, FNR_SYNTHETIC, false, FNR_RULE_CLASSIC, "1966-05-17", "demo Kari" },
    { "03917842018", IDENT_OK, FNR_SYNTHETIC, false, FNR_RULE_CLASSIC, "1978-11-03", "demo Ola" },
    { "24828542016", IDENT_OK, FNR_SYNTHETIC, false, FNR_RULE_CLASSIC, "1985-02-24", "demo Siri" },
    /* syntax */
    { "", IDENT_EMPTY, 0, false, 0, NULL, "empty" },
    { "1705660057", IDENT_TOO_SHORT, 0, false, 0, NULL, "ten digits" },
    { "170566005740", IDENT_TOO_LONG, 0, false, 0, NULL, "twelve digits" },
    { "170566 00574", IDENT_NOT_DIGITS, 0, false, 0, NULL, "space (only org numbers may)" },
    { "17056600574\n", IDENT_NOT_DIGITS, 0, false, 0, NULL, "trailing newline" },
    { "-1705660057", IDENT_NOT_DIGITS, 0, false, 0, NULL, "sign" },
    { "1705660O574", IDENT_NOT_DIGITS, 0, false, 0, NULL, "letter O" },
    /* control digits */
    { "17056600564", IDENT_CHECK_DIGIT_1, 0, false, 0, NULL, "k1 one less (remainder 10)" },
    { "17056600584", IDENT_CHECK_DIGIT_2, 0, false, 0, NULL, "k1 one more passes (2032), k2 then fails" },
    { "17056600575", IDENT_CHECK_DIGIT_2, 0, false, 0, NULL, "k2 off by one" },
    { "29029612300", IDENT_CHECK_DIGIT_1, 0, false, 0, NULL, "k1 = 0, remainder 8" },
    { "29029612330", IDENT_CHECK_DIGIT_2, 0, false, 0, NULL, "classic k1 leaves k2 = 10" },
    /* the 2032 rule: remainder 1..3 for k1, k2 as before */
    { "15058612372", IDENT_OK, FNR_ORDINARY, false, FNR_RULE_2032, "1986-05-15", "2032 rule, r1" },
    { "15058612380", IDENT_OK, FNR_ORDINARY, false, FNR_RULE_2032, "1986-05-15", "2032 rule, r2" },
    { "15058612399", IDENT_OK, FNR_ORDINARY, false, FNR_RULE_2032, "1986-05-15", "2032 rule, r3" },
    { "15058612364", IDENT_OK, FNR_ORDINARY, false, FNR_RULE_CLASSIC, "1986-05-15", "same, classic" },
    { "29029612348", IDENT_OK, FNR_ORDINARY, false, FNR_RULE_2032, "1996-02-29", "only 2032 k1s exist" },
    { "01019012308", IDENT_OK, FNR_ORDINARY, false, FNR_RULE_2032, "1990-01-01", "2032, k1 = 0" },
    { "15058612373", IDENT_CHECK_DIGIT_2, 0, false, 0, NULL, "2032 k1 with wrong k2" },
    /* leap years */
    { "29020050088", IDENT_OK, FNR_ORDINARY, false, FNR_RULE_CLASSIC, "2000-02-29", "2000 is leap" },
    { "29020010027", IDENT_BAD_DATE, 0, false, 0, NULL, "1900 is not leap" },
    { "29029712350", IDENT_BAD_DATE, 0, false, 0, NULL, "1997 is not leap" },
    { "69029612323", IDENT_OK, FNR_D, true, FNR_RULE_CLASSIC, "1996-02-29", "D-number 29 Feb 1996" },
    { "29820451234", IDENT_OK, FNR_SYNTHETIC, false, FNR_RULE_CLASSIC, "2004-02-29", "Tenor 29 Feb 2004" },
    { "29427212392", IDENT_OK, FNR_H, false, FNR_RULE_CLASSIC, "1972-02-29", "H-number 29 Feb 1972" },
    { "29627212389", IDENT_BAD_DATE, 0, false, 0, NULL, "month 62" },
    /* dates */
    { "31049012392", IDENT_BAD_DATE, 0, false, 0, NULL, "31 April" },
    { "31047212378", IDENT_BAD_DATE, 0, false, 0, NULL, "H-number 31 April" },
    { "00019012360", IDENT_BAD_DATE, 0, false, 0, NULL, "day 0" },
    { "01139012328", IDENT_BAD_DATE, 0, false, 0, NULL, "month 13" },
    { "01009012318", IDENT_BAD_DATE, 0, false, 0, NULL, "month 0" },
    { "01539012300", IDENT_BAD_DATE, 0, false, 0, NULL, "month 53 (H 13)" },
    { "01939012393", IDENT_BAD_DATE, 0, false, 0, NULL, "month 93 (Tenor 13)" },
    { "72019012345", IDENT_BAD_DATE, 0, false, 0, NULL, "D-number day 32" },
    { "41524212305", IDENT_BAD_DATE, 0, false, 0, NULL, "D- and H-number at once" },
    /* D + synthetic */
    { "57856642080", IDENT_OK, FNR_SYNTHETIC, true, FNR_RULE_CLASSIC, "1966-05-17", "Tenor D-number" },
    { "57856642005", IDENT_OK, FNR_SYNTHETIC, true, FNR_RULE_2032, "1966-05-17", "Tenor D-number, 2032" },
    /* centuries */
    { "01015560041", IDENT_OK, FNR_ORDINARY, false, FNR_RULE_CLASSIC, "1855-01-01", "500-749, yy>=54: 1800s" },
    { "01013999984", IDENT_OK, FNR_ORDINARY, false, FNR_RULE_CLASSIC, "2039-01-01", "500-999, yy<40: 2000s" },
    { "01014090017", IDENT_OK, FNR_ORDINARY, false, FNR_RULE_CLASSIC, "1940-01-01", "900-999, yy>=40: 1900s" },
    { "01014575053", IDENT_BAD_INDIVIDUAL, 0, false, 0, NULL, "750 with yy 45" },
    { "01014050066", IDENT_BAD_INDIVIDUAL, 0, false, 0, NULL, "500 with yy 40" },
    /* FH numbers: control digits only */
    { "81234567802", IDENT_OK, FNR_FH, false, FNR_RULE_CLASSIC, NULL, "FH 8" },
    { "91234567883", IDENT_OK, FNR_FH, false, FNR_RULE_CLASSIC, NULL, "FH 9" },
    { "81234567810", IDENT_OK, FNR_FH, false, FNR_RULE_2032, NULL, "FH 8, 2032" },
    { "91234567884", IDENT_CHECK_DIGIT_2, 0, false, 0, NULL, "FH 9, bad k2" },
    { "81234567852", IDENT_CHECK_DIGIT_1, 0, false, 0, NULL, "FH 8, bad k1" },
};

static void test_fnr(void)
{
    for (size_t i = 0; i < sizeof fnr_cases / sizeof *fnr_cases; i++) {
        const struct fnr_case *c = &fnr_cases[i];
        struct fnr_info fi = { .year = -1 };
        enum ident_reason r = fnr_check(c->fnr, &fi);
        char born[16] = "";

        is_str(ident_reason_name(r), ident_reason_name(c->want), "fnr %s: %s", c->fnr, c->why);
        if (c->want != IDENT_OK) {
            is_int(fi.year, -1, "fnr %s: info untouched on failure", c->fnr);
            continue;
        }
        is_str(fnr_kind_name(fi.kind), fnr_kind_name(c->kind), "fnr %s: kind", c->fnr);
        is_int(fi.d_number, c->d_number, "fnr %s: d_number", c->fnr);
        is_str(fnr_rule_name(fi.rule), fnr_rule_name(c->rule), "fnr %s: rule", c->fnr);
        if (fi.kind != FNR_FH)
            snprintf(born, sizeof born, "%04d-%02d-%02d", fi.year, fi.month, fi.day);
        is_str(born, c->born ? c->born : "", "fnr %s: birth date", c->fnr);
    }
    is_int(fnr_check(NULL, NULL), IDENT_EMPTY, "fnr NULL is empty");
    is_int(fnr_check("17056600574", NULL), IDENT_OK, "fnr info may be NULL");
}

/* Exactly four k1 values pass the 2032 rule when none has remainder 10 for k2. */
static void test_fnr_2032_count(void)
{
    char s[12] = "150586123xx";
    int n_valid = 0, n_classic = 0;

    for (int k1 = 0; k1 <= 9; k1++) {
        for (int k2 = 0; k2 <= 9; k2++) {
            struct fnr_info fi;

            s[9] = (char)('0' + k1);
            s[10] = (char)('0' + k2);
            if (fnr_check(s, &fi) == IDENT_OK) {
                n_valid++;
                n_classic += fi.rule == FNR_RULE_CLASSIC;
            }
        }
    }
    is_int(n_valid, 4, "150586123: four valid numbers under the 2032 rule");
    is_int(n_classic, 1, "150586123: one of them classic");
}

/* Today is injected: the core has no clock. A birth date after it is its own reason,
 * for ordinary, D- and H-numbers alike; born today is fine. */
static void test_fnr_future(void)
{
    struct fnr_info fi = { .year = -1 };

    is_int(fnr_check_on("22103577741", "2026-12-04", &fi), IDENT_FUTURE_DATE,
           "born 2035-10-22, today 2026-12-04: born in the future");
    is_int(fi.year, -1, "info untouched when born in the future");
    is_str(ident_reason_name(IDENT_FUTURE_DATE), "IDENT_FUTURE_DATE", "its own stable name");
    is_str(ident_reason_message(IDENT_FUTURE_DATE), "born in the future", "its own message");
    is_int(fnr_check_on("62033550087", "2026-12-04", NULL), IDENT_FUTURE_DATE, "D-number born 2035-03-22");
    is_int(fnr_check_on("02453550004", "2026-12-04", NULL), IDENT_FUTURE_DATE, "H-number born 2035-05-02");
    is_int(fnr_check_on("31122650076", "2026-12-04", NULL), IDENT_FUTURE_DATE, "born later this month");
    is_int(fnr_check_on("31122650076", "2026-12-31", &fi), IDENT_OK, "born today is valid");
    is_int(fi.year * 10000 + fi.month * 100 + fi.day, 20261231, "and the date is filled");
    is_int(fnr_check_on("31122650076", "2027-01-01", NULL), IDENT_OK, "born yesterday is valid");
    is_int(fnr_check_on("22103577741", NULL, NULL), IDENT_OK, "no today: no future test");
    is_int(fnr_check_on("22103577741", "2026-12-4", NULL), IDENT_OK, "malformed today: no future test");
    is_int(fnr_check("22103577741", NULL), IDENT_OK, "fnr_check has no clock");
    is_int(fnr_check_on("81234567802", "1900-01-01", NULL), IDENT_OK, "FH number: no birth date");
    is_int(fnr_check_on("22103577742", "2026-12-04", NULL), IDENT_CHECK_DIGIT_2,
           "a typo is reported before the date");
    is_int(fnr_check_with_birth_date_on("22103577741", "2035-10-22", "2026-12-04", NULL), IDENT_FUTURE_DATE,
           "with a matching stored birth date: still the future");
    is_int(fnr_check_with_birth_date_on("17856642097", "1966-05-17", "2026-12-04", NULL), IDENT_OK,
           "with stored date and today: valid");
}

static void test_fnr_birth_date(void)
{
    struct fnr_info fi = { .year = -1 };

    is_int(fnr_check_with_birth_date("17856642097", "1966-05-17", &fi), IDENT_OK,
           "Kari Testlege matches her stored birth date");
    is_int(fi.year, 1966, "info filled");
    fi.year = -1;
    is_int(fnr_check_with_birth_date("17856642097", "1966-05-18", &fi), IDENT_DATE_MISMATCH,
           "day differs");
    is_int(fi.year, -1, "info untouched on mismatch");
    is_int(fnr_check_with_birth_date("17856642097", "2066-05-17", NULL), IDENT_DATE_MISMATCH,
           "century differs");
    is_int(fnr_check_with_birth_date("57856642080", "1966-05-17", NULL), IDENT_OK,
           "Tenor D-number matches");
    is_int(fnr_check_with_birth_date("03917842018", "1978-11-3", NULL), IDENT_DATE_MISMATCH,
           "malformed stored date never matches");
    is_int(fnr_check_with_birth_date("03917842018", "1978-11-03x", NULL), IDENT_DATE_MISMATCH,
           "trailing garbage in stored date");
    is_int(fnr_check_with_birth_date("03917842018", "1978/11/03", NULL), IDENT_DATE_MISMATCH,
           "wrong separators");
    is_int(fnr_check_with_birth_date("03917842018", NULL, NULL), IDENT_OK, "no stored date");
    is_int(fnr_check_with_birth_date("03917842018", "", NULL), IDENT_OK, "empty stored date");
    is_int(fnr_check_with_birth_date("81234567802", "1970-01-01", NULL), IDENT_OK,
           "FH number has no date to contradict");
    is_int(fnr_check_with_birth_date("20080012345", "2000-08-20", NULL), IDENT_CHECK_DIGIT_1,
           "the number's own fault comes first");
}

struct org_case {
    const char *orgnr;
    enum ident_env env;
    enum ident_reason want, warning;
    const char *why;
};

static const struct org_case org_cases[] = {
    /* data/demo organisations, all synthetic (2/3) */
    { "311590839", IDENT_ENV_TEST, IDENT_OK, IDENT_OK, "Nordre testkommune" },
    { "310166138", IDENT_ENV_TEST, IDENT_OK, IDENT_OK, "Nordre helse og omsorg" },
    { "311860917", IDENT_ENV_TEST, IDENT_OK, IDENT_OK, "Nordre legekontor" },
    { "313909964", IDENT_ENV_TEST, IDENT_OK, IDENT_OK, "Nordre legevakt" },
    { "310308242", IDENT_ENV_TEST, IDENT_OK, IDENT_OK, "Nordre helsestasjon" },
    { "318219931", IDENT_ENV_TEST, IDENT_OK, IDENT_OK, "Nordre sykehjem" },
    { "315181909", IDENT_ENV_TEST, IDENT_OK, IDENT_OK, "Nordre barnevernstjeneste" },
    { "315260183", IDENT_ENV_TEST, IDENT_OK, IDENT_OK, "Fjordlegene AS" },
    { "219378653", IDENT_ENV_TEST, IDENT_OK, IDENT_OK, "Fjordlegene avd. sentrum" },
    { "217975433", IDENT_ENV_TEST, IDENT_OK, IDENT_OK, "Nedlagt legesenter" },
    { "212319481", IDENT_ENV_TEST, IDENT_OK, IDENT_OK, "Konkurs klinikk" },
    { "217574919", IDENT_ENV_TEST, IDENT_OK, IDENT_OK, "unknown but valid" },
    /* environment rule */
    { "311590839", IDENT_ENV_ANY, IDENT_OK, IDENT_OK, "synthetic, any env" },
    { "311590839", IDENT_ENV_PROD, IDENT_WRONG_ENV_PROD, IDENT_OK, "synthetic in prod" },
    { "964965137", IDENT_ENV_PROD, IDENT_OK, IDENT_OK, "9xx in prod" },
    { "829825562", IDENT_ENV_PROD, IDENT_OK, IDENT_OK, "8xx in prod" },
    { "964965137", IDENT_ENV_TEST, IDENT_OK, IDENT_WRONG_ENV_TEST, "9xx in test: warning" },
    { "964965137", IDENT_ENV_ANY, IDENT_OK, IDENT_OK, "9xx, any env" },
    /* spaces as the portal shows them */
    { "966 585 404", IDENT_ENV_PROD, IDENT_OK, IDENT_OK, "portal grouping" },
    { "964965 137", IDENT_ENV_PROD, IDENT_OK, IDENT_OK, "one space" },
    { "9 6 4 9 6 5 1 3 7", IDENT_ENV_PROD, IDENT_OK, IDENT_OK, "single spaces anywhere" },
    { " 964965137", IDENT_ENV_ANY, IDENT_NOT_DIGITS, IDENT_OK, "leading space" },
    { "964965137 ", IDENT_ENV_ANY, IDENT_NOT_DIGITS, IDENT_OK, "trailing space" },
    { "964  965 137", IDENT_ENV_ANY, IDENT_NOT_DIGITS, IDENT_OK, "double space" },
    { "964\t965137", IDENT_ENV_ANY, IDENT_NOT_DIGITS, IDENT_OK, "tab" },
    { "964.965.137", IDENT_ENV_ANY, IDENT_NOT_DIGITS, IDENT_OK, "dots" },
    { " ", IDENT_ENV_ANY, IDENT_NOT_DIGITS, IDENT_OK, "only a space" },
    /* failures */
    { "", IDENT_ENV_ANY, IDENT_EMPTY, IDENT_OK, "empty" },
    { "96496513", IDENT_ENV_ANY, IDENT_TOO_SHORT, IDENT_OK, "eight digits" },
    { "964 965 13", IDENT_ENV_ANY, IDENT_TOO_SHORT, IDENT_OK, "eight digits with spaces" },
    { "9649651370", IDENT_ENV_ANY, IDENT_TOO_LONG, IDENT_OK, "ten digits" },
    { "964965138", IDENT_ENV_ANY, IDENT_CHECK_DIGIT, IDENT_OK, "control digit off by one" },
    { "123456789", IDENT_ENV_TEST, IDENT_CHECK_DIGIT, IDENT_OK, "123456789" },
    { "964585440", IDENT_ENV_ANY, IDENT_NO_CHECK_DIGIT, IDENT_OK, "remainder 1" },
    { "311590880", IDENT_ENV_TEST, IDENT_NO_CHECK_DIGIT, IDENT_OK, "remainder 1, test org" },
};

static void test_orgnr(void)
{
    char out[10];

    for (size_t i = 0; i < sizeof org_cases / sizeof *org_cases; i++) {
        const struct org_case *c = &org_cases[i];
        enum ident_reason w = IDENT_ZERO;
        enum ident_reason r = orgnr_check(c->orgnr, c->env, &w);

        is_str(ident_reason_name(r), ident_reason_name(c->want), "orgnr '%s': %s",
               c->orgnr, c->why);
        is_str(ident_reason_name(w), ident_reason_name(c->warning), "orgnr '%s': warning",
               c->orgnr);
    }
    is_int(orgnr_check("964965137", IDENT_ENV_TEST, NULL), IDENT_OK, "warning may be NULL");
    is_int(orgnr_check(NULL, IDENT_ENV_ANY, NULL), IDENT_EMPTY, "NULL is empty");
    ok(orgnr_normalize("966 585 404", out), "normalize portal form");
    is_str(out, "966585404", "normalized digits");
    memcpy(out, "untouched", 10);
    ok(!orgnr_normalize("966 585 40", out), "normalize refuses eight digits");
    is_str(out, "untouched", "out left alone on failure");
    ok(orgnr_normalize("964965138", out), "normalize does not judge the control digit");
}

struct simple_case {
    enum ident_reason (*check)(const char *);
    const char *what, *value;
    enum ident_reason want;
};

static const struct simple_case simple_cases[] = {
    { hpr_check, "hpr", "431001110", IDENT_OK },        /* demo Kari */
    { hpr_check, "hpr", "565501872", IDENT_OK },        /* demo Ola */
    { hpr_check, "hpr", "1", IDENT_OK },
    { hpr_check, "hpr", "0431001", IDENT_OK },          /* leading zeros tolerated */
    { hpr_check, "hpr", "", IDENT_EMPTY },
    { hpr_check, "hpr", "43100111a", IDENT_NOT_DIGITS },
    { hpr_check, "hpr", "431 001 110", IDENT_NOT_DIGITS },
    { hpr_check, "hpr", "+43100111", IDENT_NOT_DIGITS },
    { hpr_check, "hpr", "4310011100", IDENT_TOO_LONG },
    { hpr_check, "hpr", "0", IDENT_ZERO },
    { hpr_check, "hpr", "000000000", IDENT_ZERO },
    { herid_check, "herid", "8094412", IDENT_OK },      /* demo */
    { herid_check, "herid", "8094413", IDENT_OK },
    { herid_check, "herid", "8094414", IDENT_OK },
    { herid_check, "herid", "1", IDENT_OK },
    { herid_check, "herid", "999999999", IDENT_OK },
    { herid_check, "herid", "", IDENT_EMPTY },
    { herid_check, "herid", "-8094412", IDENT_NOT_DIGITS },
    { herid_check, "herid", "8094412 ", IDENT_NOT_DIGITS },
    { herid_check, "herid", "1000000000", IDENT_TOO_LONG },
    { herid_check, "herid", "0", IDENT_ZERO },
    { herid_check, "herid", "0000", IDENT_ZERO },
    { herid_check, "herid", "08094412", IDENT_LEADING_ZERO },
};

static void test_simple(void)
{
    for (size_t i = 0; i < sizeof simple_cases / sizeof *simple_cases; i++) {
        const struct simple_case *c = &simple_cases[i];

        is_str(ident_reason_name(c->check(c->value)), ident_reason_name(c->want), "%s '%s'",
               c->what, c->value);
    }
    is_int(hpr_check(NULL), IDENT_EMPTY, "hpr NULL");
    is_int(herid_check(NULL), IDENT_EMPTY, "herid NULL");
}

static void test_names(void)
{
    is_str(ident_reason_name(IDENT_OK), "IDENT_OK", "name of IDENT_OK");
    is_str(ident_reason_name(IDENT_CHECK_DIGIT_2), "IDENT_CHECK_DIGIT_2", "name of k2");
    is_str(ident_reason_message(IDENT_CHECK_DIGIT_1), "first control digit wrong", "message");
    is_str(ident_reason_name((enum ident_reason)999), "IDENT_UNKNOWN", "out of range name");
    ok(ident_reason_message((enum ident_reason)999) != NULL, "out of range message");
    is_str(fnr_kind_label(FNR_D), "D-number", "kind label");
    is_str(fnr_rule_name(FNR_RULE_2032), "2032", "rule name");
}

int main(void)
{
    test_fnr();
    test_fnr_2032_count();
    test_fnr_birth_date();
    test_fnr_future();
    test_orgnr();
    test_simple();
    test_names();
    return done_testing();
}
