/* Site file parser and writer: hostile input is refused with file:line, valid files
 * round-trip exactly. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/site.h"
#include "store/site_xml.h"
#include "tests/tap.h"
#include "tests/unit/site_equal.h"

static char *path_in(const char *rel)
{
    static char buf[4096];

    snprintf(buf, sizeof buf, "%s/%s", getenv("top_srcdir") ? getenv("top_srcdir") : ".", rel);
    return buf;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = '\0';
        *len = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

/* Parsing `xml` must fail with ERR_PARSE and a message starting "t.xml:LINE:" that
 * contains `needle`. */
static void refuse_len(const char *what, const char *xml, size_t len, long line,
                       const char *needle)
{
    struct error e = { 0 };
    struct site s;
    char prefix[32];
    int rc = site_xml_parse_memory(xml, len, "t.xml", &s, &e);

    snprintf(prefix, sizeof prefix, "t.xml:%ld:", line);
    ok(rc == -1 && e.code == ERR_PARSE, "%s: refused", what);
    ok(strncmp(e.msg, prefix, strlen(prefix)) == 0, "%s: names t.xml:%ld", what, line);
    if (strncmp(e.msg, prefix, strlen(prefix)) != 0 || (needle && !strstr(e.msg, needle)))
        printf("#   message: %s\n", e.msg);
    if (needle)
        ok(strstr(e.msg, needle) != NULL, "%s: says \"%s\"", what, needle);
}

static void refuse(const char *what, const char *xml, long line, const char *needle)
{
    refuse_len(what, xml, strlen(xml), line, needle);
}

static void refuse_file(const char *rel, long line, const char *needle)
{
    struct error e = { 0 };
    struct site s;
    char want[4200];
    const char *p = path_in(rel);
    int rc = site_xml_parse_file(p, &s, &e);

    snprintf(want, sizeof want, "%s:%ld:", p, line);
    ok(rc == -1 && e.code == ERR_PARSE, "%s: refused", rel);
    ok(strncmp(e.msg, want, strlen(want)) == 0 && strstr(e.msg, needle), "%s: \"%s\" at line %ld",
       rel, needle, line);
    if (strncmp(e.msg, want, strlen(want)) != 0 || !strstr(e.msg, needle))
        printf("#   message: %s\n", e.msg);
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
             "<site xmlns=\"urn:helseid-admin:site:1\" version=\"1\">\n" \
             "  <epj name=\"CGM Journal\" version=\"42\"/>\n"

static void test_demo_files(void)
{
    const char *files[] = { "data/demo/kommune.xml", "data/demo/legekontor.xml" };

    for (size_t i = 0; i < 2; i++) {
        struct error e = { 0 };
        struct site s, again;
        char *text, *out = NULL;
        size_t len = 0, olen = 0;

        text = slurp(path_in(files[i]), &len);
        ok(text != NULL, "%s: read", files[i]);
        if (!text)
            continue;
        ok(site_xml_parse_file(path_in(files[i]), &s, &e) == 0, "%s: parses", files[i]);
        if (e.msg[0])
            printf("#   %s\n", e.msg);
        ok(site_xml_write(&s, &out, &olen, &e) == 0, "%s: writes", files[i]);
        ok(out && olen == len && memcmp(out, text, len) == 0,
           "%s: written back byte for byte (stable format)", files[i]);
        ok(out && site_xml_parse_memory(out, olen, "again", &again, &e) == 0 &&
           site_equal(&s, &again), "%s: parse(write(s)) == s", files[i]);
        if (i == 0) {
            is_int(s.n_units, 10, "kommune: 10 units");
            is_str(s.units[s.login_unit].name, "Nordre legekontor", "kommune: login unit");
            is_int(s.units[3].parent, 2, "kommune: NL_Fastlege under Nordre legekontor");
            is_str(s.users[s.current_user].id, "kari", "kommune: current user");
            is_str(s.users[2].name, "Siri Sekretær", "kommune: UTF-8 name");
            ok(s.users[2].hpr == NULL, "kommune: Siri has no HPR");
            ok(s.shared_database && s.config == NULL, "kommune: shared database, no config");
            is_str(s.units[8].pt_access, "restricted", "kommune: pt-access");
        } else {
            ok(s.config && s.config->state == CONFIG_ACTIVE, "legekontor: active config");
            is_str(s.config ? s.config->sfm_id : NULL, "0b7e5c1a-9d2f-4c3b-8a6e-5f4d3c2b1a09",
                   "legekontor: SFM-ID");
            ok(s.config && config_has_option(s.config, "persontjenesten", "full"),
               "legekontor: persontjenesten/full");
            is_int(s.config ? s.config->child_orgnrs.n : 0, 1, "legekontor: one child orgnr");
        }
        site_clear(&s);
        site_clear(&again);
        free(out);
        free(text);
    }
}

static void test_round_trip_everything(void)
{
    struct error e = { 0 };
    struct site s, back;
    struct user u = { "ola", "Ola \"O'Neil\" <Test> & Co\tTab\nNewline\r", "1978-11-03",
                      "03917842018", "8094413", "565501872" };
    struct helseid_config *c;
    char *xml = NULL;
    size_t len;
    int top;

    site_init(&s);
    s.epj_name = strdup("Pasientsky & <Journal>");
    s.epj_version = 7;
    top = site_add_unit(&s, "Æ Ø Å  two  spaces ", "311590839", NULL, NULL, -1);
    site_add_unit(&s, "Child", "12345", "8094401", "86.211", top);   /* invalid orgnr kept */
    site_add_unit(&s, "Second root", "315260183", NULL, NULL, -1);
    s.units[1].pt_access = strdup("full");
    s.login_unit = 1;
    site_add_user(&s, &u);
    s.current_user = 0;
    c = s.config = calloc(1, sizeof *c);
    c->state = CONFIG_PENDING;
    c->env = strdup("test");
    c->owner_orgnr = strdup("311590839");
    c->client_id = strdup("6f1c2a7e-3b4d-4e5f-9a8b-1c2d3e4f5a6b");
    c->key_alg = strdup("PS256");
    c->epj_version = 41;
    c->updated = strdup("2026-11-25T14:03:00Z");
    c->browser = strdup("print");
    c->n_services = 2;
    c->services = calloc(2, sizeof *c->services);
    c->services[0].service = strdup("persontjenesten");
    strv_push(&c->services[0].options, "restricted");
    strv_push(&c->services[0].options, "x.y:z/1");
    c->services[1].service = strdup("kjernejournal");
    strv_push(&c->child_orgnrs, "310166138");
    strv_push(&c->child_orgnrs, "311860917");

    ok(site_xml_write(&s, &xml, &len, &e) == 0, "round trip: write");
    ok(xml && site_xml_parse_memory(xml, len, "rt", &back, &e) == 0, "round trip: parse");
    if (e.msg[0])
        printf("#   %s\n%s", e.msg, xml ? xml : "");
    ok(site_equal(&s, &back), "round trip: every field equal (quotes, tabs, newlines, UTF-8)");
    site_clear(&back);
    free(xml);

    /* Not in tree order: written as a tree, so parse(write(s)) is s in tree order. */
    site_add_unit(&s, "Late child of the first root", "310166138", NULL, NULL, top);
    ok(site_xml_write(&s, &xml, &len, &e) == 0 &&
       site_xml_parse_memory(xml, len, "rt", &back, &e) == 0, "out-of-order units: round trip");
    is_str(back.units[2].name, "Late child of the first root", "out-of-order units: tree order");
    is_str(back.units[back.login_unit].name, "Child", "out-of-order units: login unit follows");
    site_clear(&back);
    free(xml);

    s.units[0].parent = 1;  /* cycle 0 -> 1 -> 0 */
    xml = NULL;
    ok(site_xml_write(&s, &xml, &len, &e) == -1 && e.code == ERR_INVALID && !xml,
       "a unit cycle is refused by the writer");
    s.units[0].parent = -1;
    free(s.units[2].name);
    s.units[2].name = strdup("bell\a");
    ok(site_xml_write(&s, &xml, &len, &e) == -1 && e.code == ERR_INVALID,
       "control characters are refused by the writer");
    site_clear(&s);
}

static void test_hostile(void)
{
    struct error e = { 0 };
    struct site s;
    clock_t t0 = clock();

    refuse_file("tests/data/site/billion-laughs.xml", 2, "DOCTYPE");
    ok(clock() - t0 < 5 * CLOCKS_PER_SEC, "billion laughs: refused without expanding");
    refuse_file("tests/data/site/xxe.xml", 2, "DOCTYPE");
    refuse_file("tests/data/site/external-dtd.xml", 2, "DOCTYPE");
    refuse_file("tests/data/site/invalid-utf8.xml", 5, "UTF-8");
    refuse_file("tests/data/site/malformed.xml", 6, "malformed XML");
    refuse_file("tests/data/site/missing-orgnr.xml", 6, "orgnr");

    refuse("UTF-16 BOM", "\xff\xfe<\0s\0", 1, "UTF-8");
    refuse_len("NUL byte", HEAD "  <units/>\n\0", sizeof HEAD + 11, 5, "UTF-8");
    refuse("overlong UTF-8", HEAD "<!-- \xc0\xaf -->", 4, "UTF-8");
    refuse("surrogate in UTF-8", HEAD "\n<!-- \xed\xa0\x80 -->", 5, "UTF-8");
    refuse("empty document", "", 1, "malformed XML");
    refuse("not XML", "hello\n", 1, "malformed XML");
    refuse("unclosed tag", HEAD "  <units>\n  <users/>\n</site>\n", 6, "malformed XML");
    refuse("wrong namespace", "<site xmlns=\"urn:other\" version=\"1\"/>", 1, "site");
    refuse("wrong version", "<site xmlns=\"urn:helseid-admin:site:1\" version=\"2\">\n"
           "<epj/><units/><users/></site>", 1, NULL);
    refuse("unknown element", HEAD "  <units/>\n  <users/>\n  <extra/>\n</site>\n", 6, "extra");
    refuse("users missing", HEAD "  <units/>\n</site>\n", 2, NULL);
    refuse("bad env", HEAD "  <units/>\n  <users/>\n  <helseid state=\"active\" env=\"qa\"/>\n"
           "</site>\n", 6, NULL);
    refuse("bad GUID", HEAD "  <units/>\n  <users/>\n  <helseid state=\"draft\" env=\"test\">\n"
           "    <client-id>not-a-guid</client-id>\n  </helseid>\n</site>\n", 7, NULL);
    refuse("bad fnr", HEAD "  <units/>\n  <users>\n    <user id=\"a\" name=\"A\" fnr=\"123\"/>\n"
           "  </users>\n</site>\n", 6, NULL);
    refuse("two login units", HEAD "  <units>\n"
           "    <unit name=\"a\" orgnr=\"311590839\" login=\"true\"/>\n"
           "    <unit name=\"b\" orgnr=\"310166138\" login=\"true\"/>\n"
           "  </units>\n  <users/>\n</site>\n", 6, "login");
    refuse("two current users", HEAD "  <units/>\n  <users>\n"
           "    <user id=\"a\" name=\"A\" current=\"true\"/>\n"
           "    <user id=\"b\" name=\"B\" current=\"true\"/>\n"
           "  </users>\n</site>\n", 7, "current");
    refuse("duplicate user id", HEAD "  <units/>\n  <users>\n"
           "    <user id=\"kari\" name=\"Kari A\"/>\n"
           "    <user id=\"kari\" name=\"Kari B\"/>\n"
           "  </users>\n</site>\n", 7, "used twice");
    /* libxml2 first reports "failed to validate attributes" with no line, then the
     * attribute with its line: the message must carry the line, not ":0:". */
    refuse("orgnr with a space", HEAD "  <units>\n"
           "    <unit name=\"a\" orgnr=\"311 590 839\"/>\n"
           "  </units>\n  <users/>\n</site>\n", 5, "orgnr");
    refuse("nested unit with a bad orgnr", HEAD "  <units>\n"
           "    <unit name=\"a\" orgnr=\"311590839\">\n"
           "      <unit name=\"b\" orgnr=\"310166138\">\n"
           "        <unit name=\"c\" orgnr=\"311860917\">\n"
           "          <unit name=\"d\" orgnr=\"x y\" nace=\"86.211\"/>\n"
           "          <unit name=\"e\" orgnr=\"x y\" nace=\"86.211\"/>\n"
           "        </unit>\n      </unit>\n    </unit>\n  </units>\n  <users/>\n</site>\n",
           8, "expected <unit>");
    refuse("processing a DOCTYPE without entities", "<?xml version=\"1.0\"?>\n\n"
           "<!DOCTYPE site>\n<site/>", 3, "DOCTYPE");

    ok(site_xml_parse_file("/nonexistent/site.xml", &s, &e) == -1 && e.code == ERR_IO,
       "missing file: ERR_IO");
    ok(site_xml_parse_file("/tmp", &s, &e) == -1 && e.code == ERR_IO, "directory: refused");
}

/* A private folder for generated files: /tmp itself is writable by everyone, and a
 * site file there is refused (store/trust.h). */
static char private_dir[] = "/tmp/test-site-xml-XXXXXX";

static void private_path(char *path, size_t cap, const char *name)
{
    snprintf(path, cap, "%s/%s", private_dir, name);
}

static void test_oversize(void)
{
    char path[64];
    struct error e = { 0 };
    struct site s;
    int fd;
    char *big;

    private_path(path, sizeof path, "oversize.xml");
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

    ok(fd >= 0 && ftruncate(fd, SITE_XML_MAX_SIZE + 1) == 0, "oversize: sparse 16 MiB + 1 file");
    if (fd >= 0)
        close(fd);
    ok(site_xml_parse_file(path, &s, &e) == -1 && e.code == ERR_PARSE && strstr(e.msg, "too large"),
       "oversize file: refused before parsing");
    unlink(path);
    big = calloc(1, SITE_XML_MAX_SIZE + 2);
    ok(big && site_xml_parse_memory(big, SITE_XML_MAX_SIZE + 1, "big", &s, &e) == -1 &&
       strstr(e.msg, "too large"), "oversize buffer: refused before parsing");
    free(big);
}

/* A FIFO named as the site file is refused at once; open() must not wait for a writer.
 * The alarm turns a hang into a failure instead of a stuck test run. */
static void test_fifo(void)
{
    char dir[] = "/tmp/test-site-fifo-XXXXXX", path[64];
    struct error e = { 0 };
    struct site s;
    int rc;

    if (!mkdtemp(dir)) {
        ok(0, "fifo: temp dir");
        return;
    }
    snprintf(path, sizeof path, "%s/site.xml", dir);
    ok(mkfifo(path, 0600) == 0, "fifo: made a FIFO");
    alarm(10);
    rc = site_xml_parse_file(path, &s, &e);
    alarm(0);
    ok(rc == -1 && e.code == ERR_IO && strstr(e.msg, "not a regular file"),
       "fifo: refused as not a regular file, without blocking");
    unlink(path);
    rmdir(dir);
}

static void test_large(void)
{
    char cmd[4500], path[64];
    struct error e = { 0 };
    struct site s;

    private_path(path, sizeof path, "large.xml");
    snprintf(cmd, sizeof cmd, "%s %s > %s", getenv("PYTHON3") ? getenv("PYTHON3") : "python3",
             path_in("tests/data/gen-large-site.py"), path);
    ok(system(cmd) == 0, "generated a 2,000-unit site");
    ok(site_xml_parse_file(path, &s, &e) == 0, "2,000-unit site parses");
    is_int(s.n_units, 2002, "2,000 generated units + 2");
    site_clear(&s);
    unlink(path);
}

int main(void)
{
    if (!mkdtemp(private_dir)) {
        printf("Bail out! mkdtemp\n");
        return 1;
    }
    test_demo_files();
    test_round_trip_everything();
    test_hostile();
    test_oversize();
    test_fifo();
    test_large();
    site_xml_cleanup();
    rmdir(private_dir);
    return done_testing();
}
