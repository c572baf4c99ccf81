/* The site model, string vectors, error table and client status helpers. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "core/client_status.h"
#include "core/error.h"
#include "core/site.h"

static void test_strv(void)
{
    struct strv sv = STRV_INIT;

    strv_push(&sv, "973901605");
    strv_push(&sv, "964965137");
    strv_push(&sv, "973901605");
    strv_sort_unique(&sv);
    is_int(sv.n, 2, "sort_unique drops the duplicate");
    is_str(sv.v[0], "964965137", "sorted first");
    ok(strv_contains(&sv, "973901605"), "contains");
    ok(!strv_contains(&sv, "829825562"), "does not contain");
    strv_clear(&sv);
    is_int(sv.n, 0, "cleared");
}

/* What every *_clear relies on: each string freed and NULLed, a NULL one skipped. */
static void test_free_strings(void)
{
    struct { char *a, *b, *c; } f = { strdup("Kari Lege"), NULL, strdup("964965137") };

    free_strings(&f.a, &f.b, &f.c);
    ok(!f.a && !f.b && !f.c, "free_strings frees and NULLs each string");
    free_strings(&f.a, &f.c);
    ok(!f.a && !f.c, "free_strings again on the cleared fields is harmless");
}

static void test_site_copy(void)
{
    struct site s, c;
    struct user u = { "kari", "Kari Lege", "1966-05-17", "17056600574", "123456", "431001110" };
    int root;

    site_init(&s);
    root = site_add_unit(&s, "KJ_Kommune", "964965137", NULL, NULL, -1);
    site_add_unit(&s, "KJ_Helsestasjon", "973901605", "8001", "86.909", root);
    site_add_unit(&s, "KJ_Legevakt", "973901605", NULL, "86.210", root);
    site_add_user(&s, &u);
    s.config = calloc(1, sizeof *s.config);
    s.config->state = CONFIG_PENDING;
    s.config->owner_orgnr = strdup("964965137");
    s.config->n_services = 1;
    s.config->services = calloc(1, sizeof *s.config->services);
    s.config->services[0].service = strdup("persontjenesten");
    strv_push(&s.config->services[0].options, "full");

    ok(site_copy(&c, &s) == 0, "copy succeeds");
    is_int(c.n_units, 3, "units copied");
    is_int(c.units[1].parent, 0, "parent index copied");
    is_str(c.users[0].hpr, "431001110", "user copied");
    is_str(c.config->owner_orgnr, "964965137", "config copied");
    ok(config_has_option(c.config, "persontjenesten", "full"), "option copied");
    ok(!config_has_option(c.config, "persontjenesten", "restricted"), "no other option");
    ok(config_find_service(c.config, "kpr") == NULL, "absent service");

    struct strv orgs = STRV_INIT;
    site_distinct_orgnrs(&c, &orgs);
    is_int(orgs.n, 2, "shared org numbers counted once");
    strv_clear(&orgs);
    site_clear(&c);
    site_clear(&s);
    is_int(s.n_units, 0, "site cleared");
}

static void test_states(void)
{
    enum config_state st;

    is_str(config_state_name(CONFIG_PENDING), "pending", "state name");
    ok(config_state_parse("active", &st) == 0 && st == CONFIG_ACTIVE, "state parse");
    ok(config_state_parse("bogus", &st) < 0, "unknown state refused");
}

/* Strict UTF-8 (no overlongs, surrogates or truncated sequences). */
static bool utf8_valid(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;

    while (*s) {
        size_t n = *s < 0x80 ? 0 : *s >= 0xc2 && *s <= 0xdf ? 1 : *s >= 0xe0 && *s <= 0xef ? 2
                 : *s >= 0xf0 && *s <= 0xf4 ? 3 : 4;

        if (n == 4)
            return false;
        for (size_t k = 1; k <= n; k++)
            if ((s[k] & 0xc0) != 0x80)
                return false;
        s += n + 1;
    }
    return true;
}

static void test_errors(void)
{
    struct error e = { 0 };

    is_int(error_set(&e, ERR_PARSE, "line %d", 3), -1, "error_set returns -1");
    is_str(e.msg, "line 3", "message formatted");
    error_prefix(&e, "site.xml");
    is_str(e.msg, "site.xml: line 3", "prefixed");

    /* A cut message never ends inside a UTF-8 character. */
    char long_name[600];
    memset(long_name, 'a', sizeof long_name);
    long_name[sizeof long_name - 1] = '\0';
    for (int pad = 0; pad < 4; pad++) {
        /* "ø" (2 bytes) and "€" (3 bytes) straddle the end at each offset */
        error_set(&e, ERR_IO, "%.*s%s", (int)sizeof e.msg - 3 - pad, long_name,
                  "\xc3\xb8\xe2\x82\xac\xe2\x82\xac");
        ok(utf8_valid(e.msg) && strlen(e.msg) >= sizeof e.msg - 4,
           "error_set: cut at a character boundary (offset %d)", pad);
    }
    error_set(&e, ERR_IO, "%s", "x");
    memcpy(long_name + 510, "\xc3\xb8", 2);
    error_prefix(&e, "%s", long_name);
    ok(utf8_valid(e.msg) && strlen(e.msg) == 510, "error_prefix: cut at a character boundary");
    is_int(error_exit_status(ERR_USAGE), 2, "usage exit status");
    is_int(error_exit_status(ERR_NOT_CONFIRMED), 5, "not confirmed exit status");
    is_str(error_code_name(ERR_LOCKED), "ERR_LOCKED", "code name");
}

static void test_client_status(void)
{
    struct client_status cs;

    client_status_init(&cs);
    ok(item_status_parse("OK") == ITEM_OK, "status is case-insensitive");
    ok(item_status_parse("updatepending") == ITEM_UPDATE_PENDING, "updatePending");
    ok(item_status_parse("weird") == ITEM_UNKNOWN, "unknown value");
    cs.n_scopes = 1;
    cs.scopes = calloc(1, sizeof *cs.scopes);
    cs.scopes[0].scope = strdup("nhn:selvbetjening/client");
    cs.scopes[0].status = ITEM_PENDING;
    ok(!client_status_ready(&cs), "pending scope is not ready");
    cs.scopes[0].status = ITEM_OK;
    ok(client_status_ready(&cs), "all ok is ready");
    ok(client_status_scope(&cs, "nhn:selvbetjening/client") != NULL, "scope lookup");
    client_status_clear(&cs);
}

int main(void)
{
    test_strv();
    test_free_strings();
    test_site_copy();
    test_states();
    test_errors();
    test_client_status();
    return done_testing();
}
