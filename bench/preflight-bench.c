/* Preflight benchmark: the same targets checked in parallel (curl multi) and one after
 * another, several rounds each; prints the medians and their ratio.
 *   preflight-bench CA_FILE ROUNDS URL...   (run by bench/preflight.sh) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "net/preflight.h"

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    struct preflight_target t[16];
    struct http_config cfg = { 0 };
    struct preflight_report rep;
    struct error e = { 0 };
    long par[32], seq[32];
    int rounds, n = argc - 3;

    if (argc < 4 || n > 16 || (rounds = atoi(argv[2])) < 1 || rounds > 32)
        return 2;
    cfg.ca_file = argv[1];
    for (int i = 0; i < n; i++)
        t[i] = (struct preflight_target){ "host", argv[3 + i], i == 0 };
    preflight_report_init(&rep);
    for (int r = 0; r < rounds; r++) {
        if (preflight_run(&cfg, t, (size_t)n, true, &rep, &e) < 0)
            goto fail;
        for (size_t i = 0; i < rep.n; i++)
            if (!rep.v[i].ok) {
                fprintf(stderr, "bench: %s\n", rep.v[i].message);
                return 1;
            }
        par[r] = rep.wall_ms;
        if (preflight_run(&cfg, t, (size_t)n, false, &rep, &e) < 0)
            goto fail;
        seq[r] = rep.wall_ms;
    }
    qsort(par, (size_t)rounds, sizeof par[0], cmp_long);
    qsort(seq, (size_t)rounds, sizeof seq[0], cmp_long);
    printf("preflight of %d hosts, median of %d rounds: parallel %ld ms, sequential %ld ms, ratio %.2f\n",
           n, rounds, par[rounds / 2], seq[rounds / 2],
           par[rounds / 2] ? (double)seq[rounds / 2] / (double)par[rounds / 2] : 0.0);
    preflight_report_clear(&rep);
    return 0;
fail:
    fprintf(stderr, "bench: %s\n", e.msg);
    return 1;
}
