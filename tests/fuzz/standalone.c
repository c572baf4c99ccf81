/* A stand-in for libFuzzer's driver so the harnesses also run in make check:
 *   fuzz-NAME CORPUS_DIR [MUTATIONS]
 * feeds every seed file, then MUTATIONS deterministic mutations of the seeds
 * (bit flips, byte changes, truncation, duplication), and prints one TAP line. */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seed {
    uint8_t *data;
    size_t size;
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int read_file(const char *path, struct seed *s)
{
    FILE *f = fopen(path, "rb");
    long len;

    if (!f)
        return -1;
    if (fseek(f, 0, SEEK_END) < 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0) {
        fclose(f);
        return -1;
    }
    s->size = (size_t)len;
    s->data = malloc(s->size + 1);
    if (!s->data || fread(s->data, 1, s->size, f) != s->size) {
        free(s->data);
        fclose(f);
        return -1;
    }
    fclose(f);
    return 0;
}

static size_t mutate(const struct seed *in, uint8_t *out, size_t cap)
{
    size_t n = in->size < cap ? in->size : cap;
    int rounds = 1 + (int)(rng() % 8);

    memcpy(out, in->data, n);
    for (int r = 0; r < rounds; r++) {
        switch (rng() % 5) {
        case 0: if (n) out[rng() % n] ^= (uint8_t)(1u << (rng() % 8)); break;
        case 1: if (n) out[rng() % n] = (uint8_t)rng(); break;
        case 2: if (n) n = rng() % n; break;
        case 3: if (n && n < cap) { size_t at = rng() % n; memmove(out + at + 1, out + at, n - at); out[at] = (uint8_t)rng(); n++; } break;
        case 4: if (n && n * 2 <= cap) { memcpy(out + n, out, n); n *= 2; } break;
        }
    }
    return n;
}

int main(int argc, char **argv)
{
    struct seed *seeds = NULL;
    size_t n_seeds = 0, runs = 0, mutations = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000;
    DIR *d;
    struct dirent *de;
    uint8_t *buf;
    const size_t cap = 1 << 20;

    if (argc < 2 || !(d = opendir(argv[1]))) {
        printf("not ok 1 - cannot open corpus %s\n1..1\n", argc > 1 ? argv[1] : "(none)");
        return 1;
    }
    while ((de = readdir(d))) {
        char path[4096];
        struct seed s;
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", argv[1], de->d_name);
        if (read_file(path, &s) < 0)
            continue;
        seeds = realloc(seeds, (n_seeds + 1) * sizeof *seeds);
        seeds[n_seeds++] = s;
    }
    closedir(d);
    for (size_t i = 0; i < n_seeds; i++, runs++) {
        /* An exact-size copy, so reads past the end are caught by ASan. */
        uint8_t *copy = malloc(seeds[i].size ? seeds[i].size : 1);
        memcpy(copy, seeds[i].data, seeds[i].size);
        LLVMFuzzerTestOneInput(copy, seeds[i].size);
        free(copy);
    }
    buf = malloc(cap);
    for (size_t i = 0; n_seeds && i < mutations; i++, runs++) {
        size_t n = mutate(&seeds[rng() % n_seeds], buf, cap);
        uint8_t *copy = malloc(n ? n : 1);
        memcpy(copy, buf, n);
        LLVMFuzzerTestOneInput(copy, n);
        free(copy);
    }
    free(buf);
    for (size_t i = 0; i < n_seeds; i++)
        free(seeds[i].data);
    free(seeds);
    printf("%s 1 - %s: %zu inputs (%zu seeds) without a crash\n1..1\n",
           n_seeds ? "ok" : "not ok", argv[0], runs, n_seeds);
    return n_seeds ? 0 : 1;
}
