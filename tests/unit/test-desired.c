/* The desired-configuration parser of plan/apply (src/cli/desired.c): the accepted
 * shape, and every error with its FILE:LINE and field, against the real catalog. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session/desired.h"
#include "core/catalog.h"
#include "store/catalog_file.h"
#include "../tap.h"

static struct catalog cat;

/* Parse `text`; expect failure with exactly `want` as the message. */
static void bad_n(const char *text, size_t len, const char *want, const char *what)
{
    struct desired d;
    struct error e = { 0 };
    int rc;

    desired_init(&d);
    rc = desired_parse(&d, text, len, "want.json", &cat, &e);
    ok(rc == -1 && e.code == ERR_PARSE, "%s: refused", what);
    is_str(e.msg, want, "%s: message", what);
    ok(d.owner_orgnr == NULL && d.n_services == 0, "%s: output untouched", what);
    desired_clear(&d);
}

static void bad(const char *text, const char *want, const char *what)
{
    bad_n(text, strlen(text), want, what);
}

static int parse_str(struct desired *d, const char *text, const char *name,
                     const struct catalog *c, struct error *e)
{
    return desired_parse(d, text, strlen(text), name, c, e);
}

static void good(void)
{
    static const char text[] =
        "\xEF\xBB\xBF{\n"
        "  \"format\": 1,\n"
        "  \"env\": \"test\",\n"
        "  \"owner\": \"315260183\",\n"
        "  \"create_new\": true,\n"
        "  \"services\": {\n"
        "    \"persontjenesten\": [\"restricted\"],\n"
        "    \"kjernejournal\": [\"tillitsrammeverk\", \"api\"],\n"
        "    \"fastlegeregisteret\": []\n"
        "  },\n"
        "  \"sfm_id\": \"0b7e5c1a-9d2f-4c3b-8a6e-5f4d3c2b1a09\",\n"
        "  \"confirm_new_sfm_id\": false\n"
        "}\n";
    struct desired d;
    struct error e = { 0 };

    desired_init(&d);
    is_int(desired_parse(&d, text, strlen(text), "want.json", &cat, &e), 0, "full file parses (BOM skipped)%s%s",
           e.msg[0] ? ": " : "", e.msg);
    is_str(d.env, "test", "env");
    is_str(d.owner_orgnr, "315260183", "owner");
    ok(d.create_new, "create_new");
    is_int((int)d.n_services, 3, "three services, in file order");
    is_str(d.n_services ? d.services[0].service : NULL, "persontjenesten", "first service");
    is_int(d.n_services > 1 ? (int)d.services[1].options.n : -1, 2, "kjernejournal has two options");
    is_int(d.n_services > 2 ? (int)d.services[2].options.n : -1, 0, "fastlegeregisteret has none");
    ok(d.sfm_given, "sfm_id given");
    is_str(d.sfm_id, "0b7e5c1a-9d2f-4c3b-8a6e-5f4d3c2b1a09", "sfm_id");
    ok(!d.confirm_new_sfm_id, "confirm_new_sfm_id");
    desired_clear(&d);

    desired_init(&d);
    is_int(parse_str(&d, "{\"format\":1,\"owner\":\"315260183\",\"services\":{},\"sfm_id\":null}",
                         "m.json", &cat, &e), 0, "minimal file with null sfm_id");
    ok(!d.sfm_given && !d.sfm_id && !d.env && !d.create_new, "defaults: SFM-ID kept, no env, change");
    desired_clear(&d);

    desired_init(&d);
    is_int(parse_str(&d, "{\"format\":1,\"owner\":\"315260183\",\"services\":{},\"sfm_id\":\"\"}",
                         "m.json", &cat, &e), 0, "empty sfm_id accepted");
    ok(d.sfm_given && !d.sfm_id, "empty sfm_id asks for a new one");
    desired_clear(&d);

    desired_init(&d);
    is_int(parse_str(&d, "{\"format\":1,\"owner\":\"x\",\"services\":{\"nope\":[]}}", "n.json", NULL, &e),
           0, "without a catalog only the shape is checked");
    desired_clear(&d);
}

static void load_errors(void)
{
    struct desired d;
    struct error e = { 0 };
    char path[] = "/tmp/test-desired.XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

    desired_init(&d);
    ok(desired_load(&d, "/nonexistent/want.json", &cat, &e) == -1 && e.code == ERR_IO &&
       strstr(e.msg, "/nonexistent/want.json"), "missing file: ERR_IO naming it");
    ok(f != NULL, "temporary file");
    if (f) {
        for (int i = 0; i < DESIRED_MAX_BYTES / 8 + 1; i++)
            fputs("        ", f);
        fclose(f);
        ok(desired_load(&d, path, &cat, &e) == -1 && e.code == ERR_PARSE && strstr(e.msg, "too large"),
           "oversized file refused: %s", e.msg);
        f = fopen(path, "w");
        fputs("{\"format\":1,\"owner\":\"315260183\",\"services\":{\"sfm\":[]}}\n", f);
        fclose(f);
        is_int(desired_load(&d, path, &cat, &e), 0, "a file on disk loads");
        is_str(d.n_services ? d.services[0].service : NULL, "sfm", "its service");
        unlink(path);
    }
    desired_clear(&d);
}

int main(void)
{
    struct error e = { 0 };

    catalog_init(&cat);
    if (catalog_load_dir(&cat, NULL, &e) < 0) {
        printf("Bail out! catalog: %s\n", e.msg);
        return 1;
    }
    good();
    bad("{\"format\":1,\n\"owner\":\"1\",\n\"services\":{}", "want.json:3: not valid JSON here", "truncated JSON");
    bad("", "want.json:1: not valid JSON here", "empty file");
    bad("{\"format\":1,\"owner\":\"1\",\"services\":{}}\n{}", "want.json:2: text after the JSON object",
        "two documents");
    {
        static const char nul[] = "{\"format\":1,\"owner\":\"1\",\n\"services\":{}}\0";

        bad_n(nul, sizeof nul - 1, "want.json:2: a NUL byte in the file", "NUL byte");
    }
    bad("[1]", "want.json:1: the desired configuration must be a JSON object", "not an object");
    bad("{\"format\":1,\n\"owner\":\"1\",\n\"services\":{},\n\"ownr\":\"2\"}", "want.json:4: unknown member \"ownr\"",
        "unknown member");
    bad("{\"format\":1,\"owner\":\"1\",\"services\":{},\n\"owner\":\"2\"}",
        "want.json:1: field \"owner\": given twice", "member twice");
    bad("{\"owner\":\"1\",\"services\":{}}", "want.json:1: field \"format\": missing (write \"format\": 1)",
        "no format");
    bad("{\n\"format\":2,\"owner\":\"1\",\"services\":{}}",
        "want.json:2: field \"format\": unsupported format (this program reads format 1)", "format 2");
    bad("{\"format\":\"1\",\"owner\":\"1\",\"services\":{}}",
        "want.json:1: field \"format\": unsupported format (this program reads format 1)", "format as string");
    bad("{\"format\":1,\"services\":{}}", "want.json:1: field \"owner\": missing", "no owner");
    bad("{\"format\":1,\n\n\"owner\":315260183,\"services\":{}}", "want.json:3: field \"owner\": must be a string",
        "owner as a number");
    bad("{\"format\":1,\"owner\":\"\",\"services\":{}}", "want.json:1: field \"owner\": must not be empty",
        "empty owner");
    {
        char text[400];

        snprintf(text, sizeof text, "{\"format\":1,\"owner\":\"%0250d\",\"services\":{}}", 1);
        bad(text, "want.json:1: field \"owner\": too long", "owner too long");
    }
    bad("{\"format\":1,\"owner\":\"1\",\"env\":\"staging\",\"services\":{}}",
        "want.json:1: field \"env\": must be \"prod\", \"test\" or \"demo\"", "unknown env");
    bad("{\"format\":1,\"owner\":\"1\",\"env\":\"\",\"services\":{}}",
        "want.json:1: field \"env\": must not be empty", "empty env");
    bad("{\"format\":1,\"owner\":\"1\",\n\"create_new\":\"yes\",\"services\":{}}",
        "want.json:2: field \"create_new\": must be true or false", "create_new not a boolean");
    bad("{\"format\":1,\"owner\":\"1\",\"services\":{},\n\n\"confirm_new_sfm_id\":1}",
        "want.json:3: field \"confirm_new_sfm_id\": must be true or false", "confirm not a boolean");
    bad("{\"format\":1,\"owner\":\"1\",\"services\":{},\"sfm_id\":7}",
        "want.json:1: field \"sfm_id\": must be a string", "sfm_id a number");
    bad("{\"format\":1,\"owner\":\"1\"}", "want.json:1: field \"services\": missing", "no services");
    bad("{\"format\":1,\"owner\":\"1\",\n\"services\":[\"kpr\"]}",
        "want.json:2: field \"services\": must be an object of service ids", "services a list");
    bad("{\"format\":1,\"owner\":\"1\",\"services\":{\n\"kpr\":[],\n\"nope\":[]}}",
        "want.json:3: field \"services.nope\": no such service in the service catalog", "unknown service");
    bad("{\"format\":1,\"owner\":\"1\",\"services\":{\n\"selvbetjening\":[]}}",
        "want.json:2: field \"services.selvbetjening\": always requested: leave it out", "always-on service");
    bad("{\"format\":1,\"owner\":\"1\",\"services\":{\n\"kpr\":true}}",
        "want.json:2: field \"services.kpr\": must be a list of option ids ([] for none)", "options not a list");
    bad("{\"format\":1,\"owner\":\"1\",\"services\":{\n\"persontjenesten\":[1]}}",
        "want.json:2: field \"services.persontjenesten[0]\": must be an option id (a string)", "option a number");
    bad("{\"format\":1,\"owner\":\"1\",\"services\":{\"persontjenesten\":[\"full\",\n\"all\"]}}",
        "want.json:1: field \"services.persontjenesten[1]\": \"all\" is not an option of this service",
        "unknown option");
    bad("{\"format\":1,\"owner\":\"1\",\"services\":{\"kjernejournal\":[\"api\",\"api\"]}}",
        "want.json:1: field \"services.kjernejournal[1]\": option \"api\" given twice", "option twice");
    bad("{\"format\":1,\"owner\":\"1\",\"services\":{\"kpr\":[],\n\"kpr\":[]}}",
        "want.json:1: field \"services\": service \"kpr\" given twice", "service twice");
    bad("{\"format\":1,\"owner\":\"1\",\"services\":{},\"x\x01\":1}",
        "want.json:1: unknown member \"x?\"", "control character shown as ?");
    load_errors();
    catalog_clear(&cat);
    return done_testing();
}
