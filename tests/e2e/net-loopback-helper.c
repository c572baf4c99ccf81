/* Runs the loopback listener for net-e2e-loopback.sh:
 *   net-loopback-helper confirm|login PORT STATE PORTFILE TIMEOUT_MS
 * Writes the bound port to PORTFILE, waits, prints the outcome; exit 0 = an answer,
 * 2 = timed out, 1 = error. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/loopback.h"

int main(int argc, char **argv)
{
    struct loopback_expect x = { LOOPBACK_CONFIRM, 0, LOOPBACK_PATH_CONFIRM, NULL, "" };
    struct loopback *l = NULL;
    struct loopback_result r;
    struct error e = { 0 };
    char uri[128], tmp[1024];
    FILE *f;
    int rc;

    if (argc != 6)
        return 1;
    if (strcmp(argv[1], "login") == 0) {
        x.kind = LOOPBACK_LOGIN;
        x.path = LOOPBACK_PATH_LOGIN;
        x.state = argv[3];
    }
    if (loopback_open(&l, &x, atoi(argv[2]), &e) < 0) {
        printf("error: %s\n", e.msg);
        return 1;
    }
    loopback_redirect_uri(l, uri, sizeof uri);
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[4]);
    f = fopen(tmp, "w");
    if (!f)
        return 1;
    fprintf(f, "%d\n", loopback_port(l));
    fclose(f);
    rename(tmp, argv[4]);
    printf("uri=%s\n", uri);
    fflush(stdout);
    rc = loopback_wait(l, atoi(argv[5]), &r, &e);
    if (rc < 0) {
        printf("error: %s\n", e.msg);
        loopback_free(l);
        return 1;
    }
    if (rc == 0) {
        printf("timeout\n");
        loopback_free(l);
        return 2;
    }
    printf("outcome=%s status=%s error=%s code=%s\n",
           r.outcome == LOOPBACK_SUCCESS ? "success" : "failed", r.status, r.error, r.code ? r.code : "");
    loopback_result_clear(&r);
    loopback_free(l);
    return 0;
}
