/* The service catalog: the shipped file, broken catalogs (each error names its line),
 * scope and claim computation, audience grouping, localised texts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "core/catalog.h"
#include "core/site.h"
#include "store/catalog_file.h"
#include "store/catalog_xml.h"

static const char *srcdir(void)
{
    const char *s = getenv("top_srcdir");
    return s && *s ? s : ".";
}

static char *slurp(const char *rel, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", srcdir(), rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    *len = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    return buf;
}

static char *schema;
static size_t schema_len;

/* Load a broken catalog and check the message. */
static void expect_error(const char *file, const char *want)
{
    char rel[256];
    size_t len = 0;
    snprintf(rel, sizeof(rel), "tests/data/catalog/%s", file);
    char *xml = slurp(rel, &len);
    struct catalog c;
    struct error e = { 0 };
    catalog_init(&c);
    int rc = catalog_load(&c, xml, len, schema, schema_len, file, &e);
    is_int(rc, -1, "%s is refused", file);
    is_int(e.code, ERR_PARSE, "%s: ERR_PARSE", file);
    if (!ok(strstr(e.msg, want) != NULL, "%s: message has \"%s\"", file, want))
        printf("#   got: %s\n", e.msg);
    is_int(c.n_services, 0, "%s: catalog left empty", file);
    catalog_clear(&c);
    free(xml);
}

static void test_broken(void)
{
    expect_error("malformed.xml", "malformed.xml:6: malformed XML");
    expect_error("schema.xml", "schema.xml:3: does not match the catalog schema");
    expect_error("duplicate.xml", "duplicate.xml:8: duplicate service id \"a\" (first on line 3)");
    expect_error("dangling.xml", "dangling.xml:3: service \"a\" requires unknown service \"missing\"");
    expect_error("empty-radio.xml", "empty-radio.xml:7: choice group \"access\" of service \"a\" has no options");
    expect_error("doctype.xml", "doctype.xml:2: a DOCTYPE is not allowed");
    expect_error("bad-scope.xml", "bad-scope.xml:3: scope \"nhn:other/x\" of service \"a\" does not start with its audience \"nhn:a/\"");

    struct catalog c;
    struct error e = { 0 };
    catalog_init(&c);
    is_int(catalog_load(&c, "", 0, schema, schema_len, "empty.xml", &e), -1, "empty input refused");
    is_int(catalog_load(&c, "<a/>", 4, "nonsense", 8, "x.xml", &e), -1, "broken schema refused");
    ok(strstr(e.msg, "catalog schema is invalid") != NULL, "broken schema named: %s", e.msg);

    size_t len;
    char *xml = slurp("tests/data/catalog/minimal.xml", &len);
    is_int(catalog_load(&c, xml, len, schema, schema_len, "minimal.xml", &e), 0, "minimal catalog loads");
    is_int(c.n_services, 1, "one service");
    is_int(c.services[0].line, 3, "service line recorded");
    catalog_clear(&c);
    free(xml);
    static const char wrapped[] =
        "<catalog xmlns='urn:helseid-admin:services:1' version='1'>\n"
        " <service id='a' audience='nhn:a' display='more'>\n"
        "  <label><text lang='nb'> A </text><text lang='nn'>A</text><text lang='en'>A</text></label>\n"
        "  <help><text lang='nb'>first line\n     second\tline  </text>"
        "<text lang='nn'>x</text><text lang='en'>y</text></help>\n"
        " </service>\n</catalog>\n";
    is_int(catalog_load(&c, wrapped, sizeof(wrapped) - 1, schema, schema_len, "w.xml", &e), 0,
           "wrapped help loads");
    is_str(c.n_services ? c.services[0].help.nb : NULL, "first line second line",
           "white space in texts collapsed");
    is_str(c.n_services ? c.services[0].label.nb : NULL, "A", "texts trimmed");
    catalog_clear(&c);
    xml = slurp("tests/data/catalog/minimal.xml", &len);
    catalog_load(&c, xml, len, schema, schema_len, "minimal.xml", &e);
    struct strv sc = STRV_INIT;
    is_int(catalog_scopes(&c, NULL, &sc, &e), 0, "scopes without a configuration");
    ok(sc.n == 1 && strcmp(sc.v[0], "nhn:selvbetjening/client") == 0,
       "self-service scope even when the catalog lacks its service");
    strv_clear(&sc);
    catalog_clear(&c);
    free(xml);
}

static struct catalog shipped;

static void test_shipped(void)
{
    struct error e = { 0 };
    catalog_init(&shipped);
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/data", srcdir());
    if (!ok(catalog_load_dir(&shipped, dir, &e) == 0, "shipped catalog loads"))
        printf("#   %s\n", e.msg);

    static const char *const main_ids[] = { "kjernejournal", "persontjenesten", "kpr", "sfm",
                                            "dhg", "fastlegeregisteret" };
    for (size_t i = 0; i < sizeof(main_ids) / sizeof(main_ids[0]); i++) {
        const struct catalog_service *s = catalog_find(&shipped, main_ids[i]);
        ok(s && s->display == DISPLAY_MAIN, "%s on the CGM screen", main_ids[i]);
    }
    static const char *const more_ids[] = { "journaldokumenter", "dokumentlager", "provesvar", "edi2" };
    for (size_t i = 0; i < sizeof(more_ids) / sizeof(more_ids[0]); i++) {
        const struct catalog_service *s = catalog_find(&shipped, more_ids[i]);
        ok(s && s->display == DISPLAY_MORE, "%s listed below", more_ids[i]);
    }
    const struct catalog_service *sb = catalog_find(&shipped, "selvbetjening");
    ok(sb && sb->always && sb->display == DISPLAY_HIDDEN, "selvbetjening always on, hidden");

    const struct catalog_service *kj = catalog_find(&shipped, "kjernejournal");
    const struct catalog_option *tr = kj ? catalog_find_option(kj, "tillitsrammeverk") : NULL;
    ok(tr && tr->kind == OPTION_CHECKBOX, "tillitsrammeverk is a checkbox");
    is_str(tr ? tr->label.nb : NULL, "Inkluder Tillitsrammeverk", "seed 000 label nb");
    is_str(tr ? tr->scopes[0].scope : NULL, "nhn:kjernejournal/tillitsrammeverk", "its scope");

    const struct catalog_service *pt = catalog_find(&shipped, "persontjenesten");
    const struct catalog_option *r = pt ? catalog_find_option(pt, "restricted") : NULL;
    const struct catalog_option *f = pt ? catalog_find_option(pt, "full") : NULL;
    ok(r && f && r->kind == OPTION_RADIO && r->group == f->group, "restricted/full one radio group");
    is_str(r ? r->label.nb : NULL, "Begrenset tilgang", "seed 000 label: Begrenset tilgang");
    is_str(f ? f->label.nb : NULL, "Full tilgang (krever hjemmel)", "seed 000 label: Full tilgang");
    ok(f && f->needs_legal_basis && r && !r->needs_legal_basis, "full needs a legal basis");

    const struct catalog_service *flr = catalog_find(&shipped, "fastlegeregisteret");
    ok(flr && strv_contains(&flr->requires, "persontjenesten"), "fastlegeregisteret requires persontjenesten");
    ok(flr && flr->unverified && flr->scopes[0].unverified, "fastlegeregisteret marked unverified");
    is_int(flr ? flr->min_epj_version : 0, 144, "fastlegeregisteret needs EPJ 144");
    ok(flr && flr->needs_user_identity, "fastlegeregisteret needs the user's identity");
    const struct catalog_service *kpr = catalog_find(&shipped, "kpr");
    ok(kpr && kpr->unverified, "kpr marked unverified");

    is_str(catalog_sfm_claim_key(&shipped), "e-helse:sfm.api/client/claims/sfm-id", "SFM-ID claim key");
    const struct catalog_service *sfm = catalog_sfm_service(&shipped);
    is_str(sfm ? sfm->id : NULL, "sfm", "SFM service found by its claim");

    /* Every service has help in all three languages, and they differ from the name. */
    bool help_ok = true;
    for (size_t i = 0; i < shipped.n_services; i++) {
        const struct catalog_service *s = &shipped.services[i];
        help_ok = help_ok && strlen(s->help.nb) > 40 && strlen(s->help.nn) > 40 &&
                  strlen(s->help.en) > 40;
    }
    ok(help_ok, "every service has real help text in nb, nn and en");

    is_str(l10n_get(&kj->label, "en"), "Summary Care Record (Kjernejournal)", "en label");
    is_str(l10n_get(&r->label, "nn"), "Avgrensa tilgang", "nn label");
    is_str(l10n_get(&pt->label, "nb_NO.UTF-8"), "Persontjenesten", "nb from a locale name");
    is_str(l10n_get(&pt->label, "no"), "Persontjenesten", "no = nb");
    is_str(l10n_get(&pt->label, "de"), "Person service (Persontjenesten)", "unknown language: English");
    is_str(l10n_get(&pt->label, NULL), "Person service (Persontjenesten)", "no language: English");
}

static void add_choice(struct helseid_config *c, const char *svc, const char *opt)
{
    c->services = realloc(c->services, (c->n_services + 1) * sizeof(*c->services));
    struct service_choice *ch = &c->services[c->n_services++];
    memset(ch, 0, sizeof(*ch));
    ch->service = strdup(svc);
    if (opt)
        strv_push(&ch->options, opt);
}

static void test_scopes(void)
{
    struct helseid_config cfg;
    struct strv sc = STRV_INIT;
    struct error e = { 0 };
    memset(&cfg, 0, sizeof(cfg));

    is_int(catalog_scopes(&shipped, &cfg, &sc, &e), 0, "no services: ok");
    is_int(sc.n, 1, "only the self-service scope");
    is_str(sc.n ? sc.v[0] : NULL, "nhn:selvbetjening/client", "nhn:selvbetjening/client always");

    add_choice(&cfg, "kjernejournal", "tillitsrammeverk");
    add_choice(&cfg, "persontjenesten", "full");
    add_choice(&cfg, "sfm", NULL);
    add_choice(&cfg, "journaldokumenter", NULL);
    add_choice(&cfg, "dokumentlager", NULL);
    add_choice(&cfg, "sfm", NULL);   /* duplicate choice: scopes stay distinct */
    is_int(catalog_scopes(&shipped, &cfg, &sc, &e), 0, "scopes computed");
    static const char *const want[] = {
        "e-helse:sfm.api/sfm.api2",
        "nhn:hgd-persontjenesten-api/full-access",
        "nhn:kjernejournal/innlogging",
        "nhn:kjernejournal/tillitsrammeverk",
        "nhn:phr-document-repository/mhd/create-documents-with-reference",
        "nhn:phr-document-repository/mhd/delete-documents-and-reference",
        "nhn:phr/mhd/read-document",
        "nhn:phr/mhd/read-documentreferences",
        "nhn:selvbetjening/client",
    };
    is_int(sc.n, sizeof(want) / sizeof(want[0]), "sorted, distinct scope count");
    for (size_t i = 0; i < sc.n && i < sizeof(want) / sizeof(want[0]); i++)
        is_str(sc.v[i], want[i], "scope %zu", i);

    struct audience_scopes *aud = NULL;
    size_t n_aud = 0;
    is_int(scopes_by_audience(&sc, &aud, &n_aud, &e), 0, "grouped by audience");
    is_int(n_aud, 6, "six audiences, one token each");
    if (n_aud == 6) {
        is_str(aud[0].audience, "e-helse:sfm.api", "audience 0");
        is_str(aud[3].audience, "nhn:phr", "nhn:phr sorts before nhn:phr-document-repository");
        is_int(aud[3].scopes.n, 2, "nhn:phr has two scopes");
        is_str(aud[4].audience, "nhn:phr-document-repository", "audience 4");
        is_int(aud[4].scopes.n, 2, "document repository has two scopes");
        is_str(aud[5].audience, "nhn:selvbetjening", "audience 5");
    }
    audience_scopes_free(aud, n_aud);

    struct claim_value *cl = NULL;
    size_t n_cl = 0;
    is_int(catalog_claims(&shipped, &cfg, &cl, &n_cl, &e), 0, "claims computed");
    is_int(n_cl, 1, "one claim (SFM)");
    if (n_cl == 1) {
        is_str(cl[0].key, "e-helse:sfm.api/client/claims/sfm-id", "SFM-ID claim key");
        ok(cl[0].generate && !cl[0].value, "empty SFM-ID: caller generates one");
    }
    claim_values_free(cl, n_cl);

    cfg.sfm_id = strdup("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    add_choice(&cfg, "edi2", NULL);
    is_int(catalog_claims(&shipped, &cfg, &cl, &n_cl, &e), 0, "claims with SFM-ID");
    is_int(n_cl, 2, "SFM-ID and EDI herid claims");
    if (n_cl == 2) {
        is_str(cl[0].value, "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "SFM-ID value");
        ok(!cl[0].generate, "no generation when given");
        is_str(cl[1].key, "herid", "EDI 2.0 claim");
        is_str(cl[1].value, "0", "herid 0 = all HER-ids");
    }
    claim_values_free(cl, n_cl);

    add_choice(&cfg, "nosuch", NULL);
    is_int(catalog_scopes(&shipped, &cfg, &sc, &e), -1, "unknown service refused");
    ok(strstr(e.msg, "nosuch") != NULL, "message names it: %s", e.msg);
    is_int(sc.n, sizeof(want) / sizeof(want[0]), "out untouched on error");
    helseid_config_clear(&cfg);

    memset(&cfg, 0, sizeof(cfg));
    add_choice(&cfg, "persontjenesten", "bogus");
    is_int(catalog_scopes(&shipped, &cfg, &sc, &e), -1, "unknown option refused");
    ok(strstr(e.msg, "bogus") != NULL, "message names the option: %s", e.msg);
    helseid_config_clear(&cfg);
    strv_clear(&sc);
}

int main(void)
{
    size_t len = 0;
    schema = slurp("data/services.rng", &len);
    schema_len = len;
    ok(schema != NULL, "schema read");
    test_broken();
    test_shipped();
    test_scopes();
    catalog_clear(&shipped);
    free(schema);
    return done_testing();
}
