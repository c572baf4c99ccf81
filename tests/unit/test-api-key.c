/* session/api_key: the one reader of the vendor api key. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/endpoints.h"
#include "session/api_key.h"
#include "session/demo_sim.h"
#include "tests/tap.h"

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

int main(void)
{
    char path[] = "/tmp/helseid-apikey-XXXXXX";
    int fd = mkstemp(path);
    struct options o = { 0 };
    struct endpoints demo, test;
    struct error e = { 0 };
    char *key = NULL;
    int p[2];

    ok(fd >= 0, "temp file");
    close(fd);
    endpoints_init(&demo);
    endpoints_init(&test);
    demo.env = ENDPOINT_ENV_DEMO;
    test.env = ENDPOINT_ENV_TEST;

    put(path, "s3cr3t-key \n");
    o.api_key_file = path;
    is_int(session_api_key(&o, &test, false, &key, &e), 0, "api key read from --api-key-file");
    is_str(key, "s3cr3t-key", "  trailing whitespace cut");
    free(key);
    is_int(session_api_key(&o, &demo, false, &key, &e), 0, "a given file wins over the demo key");
    is_str(key, "s3cr3t-key", "  the file's key");
    free(key);
    put(path, "two words\n");
    ok(session_api_key(&o, &test, false, &key, &e) < 0 && key == NULL, "key with a space refused");
    ok(!strstr(e.msg, "two"), "  the key is not echoed: %s", e.msg);
    put(path, "");
    ok(session_api_key(&o, &test, false, &key, &e) < 0, "empty key refused");
    put(path, "s3cr3t-key\n");
    chmod(path, 0640);
    ok(session_api_key(&o, &test, false, &key, &e) < 0 && key == NULL && strstr(e.msg, "chmod 600"),
       "a key file the group can read is refused, naming chmod 600");
    chmod(path, 0604);
    ok(session_api_key(&o, &test, false, &key, &e) < 0 && key == NULL, "a world-readable key file is refused");
    ok(!strstr(e.msg, "s3cr3t"), "  the key is not echoed");
    unlink(path);
    ok(session_api_key(&o, &test, false, &key, &e) < 0 && e.code == ERR_IO, "missing file is ERR_IO");

    o.api_key_file = NULL;
    is_int(session_api_key(&o, &demo, false, &key, &e), 0, "demo: the simulator's built-in key");
    is_str(key, DEMO_SIM_API_KEY, "  the built-in key");
    free(key);
    o.no_input = true;
    ok(session_api_key(&o, &test, false, &key, &e) < 0 && e.code == ERR_USAGE &&
       strstr(e.msg, "--api-key-file"), "--no-input without a file: usage error naming the option");
    o.no_input = false;
    if (pipe(p) == 0 && dup2(p[0], STDIN_FILENO) >= 0) {
        ssize_t w = write(p[1], "from-stdin\n", 11);

        close(p[1]);
        is_int(w == 11 ? session_api_key(&o, &test, false, &key, &e) : -1, 0, "one line of standard input");
        is_str(key, "from-stdin", "  the line's key");
        free(key);
    }
    return done_testing();
}
