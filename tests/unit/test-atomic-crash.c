/* Crash safety of site_file_save: a child keeps saving a 2,000-unit site file,
 * alternating between two versions, and is killed with SIGKILL at 100 random moments.
 * After every kill the file must parse and equal one version byte for byte, at most
 * one temp file may linger, and .bak must hold a complete version too. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/site.h"
#include "store/atomic_file.h"
#include "store/site_file.h"
#include "store/site_xml.h"
#include "tests/tap.h"

#define KILLS (getenv("KILLS") ? atoi(getenv("KILLS")) : 100)
#define UNITS 2000

static void make_site(struct site *s, int version)
{
    char name[64];

    site_init(s);
    s->epj_name = strdup("CGM Journal");
    s->epj_version = version;
    site_add_unit(s, "Nordre testkommune", "311590839", NULL, "84.110", -1);
    for (int i = 0; i < UNITS; i++) {
        snprintf(name, sizeof name, "Enhet %04d versjon %d", i, version);
        site_add_unit(s, name, version == 1 ? "311860917" : "313909964", "8094401", "86.211", 0);
    }
    s->login_unit = 1;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, r;

    if (!f)
        return NULL;
    do {
        if (n == cap && !(buf = realloc(buf, cap = cap ? cap * 2 : 65536)))
            break;
        r = fread(buf + n, 1, cap - n, f);
        n += r;
    } while (r > 0);
    fclose(f);
    *len = n;
    return buf;
}

static int count_temps(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;

    while (d && (de = readdir(d)))
        n += strncmp(de->d_name, ".site.xml.tmp-", 14) == 0;
    if (d)
        closedir(d);
    return n;
}

/* The child: load, switch to the other version, save; report each save on `fd`. */
static void saver(const char *path, const struct site *a, const struct site *b, int fd)
{
    if (write(fd, "r", 1) != 1)     /* ready: the kill window starts now */
        _exit(12);
    for (;;) {
        struct error e = { 0 };
        struct site_file *sf;
        struct site *s;
        int next;

        if (site_file_load(&sf, path, &e) < 0)
            _exit(10);
        s = site_file_site(sf);
        next = s->epj_version == 1 ? 2 : 1;
        site_clear(s);
        if (site_copy(s, next == 1 ? a : b) < 0 || site_file_save(sf, &e) < 0)
            _exit(11);
        site_file_free(sf);
        if (write(fd, "s", 1) != 1)
            _exit(12);
    }
}

/* 1 for version A, 2 for B, 0 for anything else. */
static int which(const char *buf, size_t len, const char *a, size_t alen, const char *b,
                 size_t blen)
{
    if (len == alen && memcmp(buf, a, alen) == 0)
        return 1;
    if (len == blen && memcmp(buf, b, blen) == 0)
        return 2;
    return 0;
}

int main(int argc, char **argv)
{
    char dir[] = "/tmp/test-crash-XXXXXX", path[256], bak[300];
    struct error e = { 0 };
    struct site a, b;
    struct site_file *sf;
    char *xa = NULL, *xb = NULL;
    size_t la, lb;
    int seen[3] = { 0 }, bak_seen[3] = { 0 }, max_temps = 0, with_temp = 0, bad = 0;
    int bad_bak = 0, bad_parse = 0, bad_exit = 0;
    long saves = 0, window_us = 0;
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();

    /* The saver runs in a freshly executed process: a forked copy of this (sanitised)
     * process would spend its time copying pages instead of saving. */
    if (argc == 4 && strcmp(argv[1], "--saver") == 0) {
        make_site(&a, 1);
        make_site(&b, 2);
        saver(argv[2], &a, &b, atoi(argv[3]));
    }
    printf("# seed %u\n", seed);
    srand(seed);
    make_site(&a, 1);
    make_site(&b, 2);
    ok(site_xml_write(&a, &xa, &la, &e) == 0 && site_xml_write(&b, &xb, &lb, &e) == 0,
       "two versions serialised");
    printf("# versions: %zu and %zu bytes\n", la, lb);
    ok(mkdtemp(dir) != NULL, "temp dir");
    snprintf(path, sizeof path, "%s/site.xml", dir);
    snprintf(bak, sizeof bak, "%s/site.xml.bak", dir);
    ok(site_file_create(&sf, path, &a, &e) == 0 && site_file_save(sf, &e) == 0,
       "created the site file");
    site_file_free(sf);
    ok(site_file_create(&sf, path, &a, &e) == -1, "create refuses an existing file");


    for (int k = 0; k < KILLS; k++) {
        int pfd[2], status;
        char buf[4096];
        ssize_t r;
        size_t len, blen;
        char *cur, *bk;
        pid_t pid;
        struct timespec ts;
        struct site parsed;

        if (pipe(pfd) < 0)
            break;
        pid = fork();
        if (pid == 0) {
            char fdarg[16];

            close(pfd[0]);
            snprintf(fdarg, sizeof fdarg, "%d", pfd[1]);
            execl("/proc/self/exe", argv[0], "--saver", path, fdarg, (char *)NULL);
            _exit(13);
        }
        close(pfd[1]);
        if (read(pfd[0], buf, 1) != 1)
            bad_exit++;
        if (k == 0) {
            /* Calibrate: time one warm save (the pipe synchronises), and kill at
             * random moments within about three saves from then on. */
            struct timespec t0, t1;

            if (read(pfd[0], buf, 1) == 1)     /* the first, cold save */
                saves++;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            if (read(pfd[0], buf, 1) == 1)     /* a warm one */
                saves++;
            clock_gettime(CLOCK_MONOTONIC, &t1);
            window_us = 3 * ((t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000) + 1000;
            printf("# kill window %ld us\n", window_us);
        }
        /* fault injection, not synchronisation: kill at a random moment */
        ts.tv_sec = 0;
        ts.tv_nsec = (long)((unsigned long)rand() % (unsigned long)window_us) * 1000L;
        ts.tv_sec = ts.tv_nsec / 1000000000L;
        ts.tv_nsec %= 1000000000L;
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        if (!WIFSIGNALED(status)) {
            bad_exit++;
            printf("# child exited with %d\n", WEXITSTATUS(status));
        }
        while ((r = read(pfd[0], buf, sizeof buf)) > 0)
            saves += r;
        close(pfd[0]);

        cur = slurp(path, &len);
        int v = cur ? which(cur, len, xa, la, xb, lb) : 0;
        seen[v]++;
        if (!v)
            bad++;
        if (site_xml_parse_file(path, &parsed, &e) < 0)
            bad_parse++;
        else
            site_clear(&parsed);
        bk = slurp(bak, &blen);
        if (bk) {
            int bv = which(bk, blen, xa, la, xb, lb);

            bak_seen[bv]++;
            if (!bv)
                bad_bak++;
        }
        int t = count_temps(dir);
        if (t > max_temps)
            max_temps = t;
        with_temp += t > 0;
        free(cur);
        free(bk);
    }
    is_int(bad, 0, "after %d kills the file was always version A or B byte for byte", KILLS);
    is_int(bad_parse, 0, "after every kill the file parses");
    is_int(bad_bak, 0, "after every kill .bak is a complete version");
    is_int(bad_exit, 0, "the saver only ever died by SIGKILL (no save failed)");
    ok(max_temps <= 1, "never more than one temp file lingers (max %d)", max_temps);
    ok(seen[1] + seen[2] == KILLS, "versions seen: A %d, B %d; %ld saves completed; "
       "%d kills left a temp file", seen[1], seen[2], saves, with_temp);
    ok(saves > 0, "the saver completed saves between kills");

    /* A clean save: the new file is B or A, .bak exactly the previous bytes. */
    {
        size_t l0, l1, l2;
        char *before = slurp(path, &l0), *after, *bk;
        struct site_file *f2;

        ok(site_file_load(&f2, path, &e) == 0, "load after the kills");
        int prev_v = site_file_site(f2)->epj_version;
        site_clear(site_file_site(f2));
        site_copy(site_file_site(f2), prev_v == 1 ? &b : &a);
        ok(site_file_save(f2, &e) == 0, "clean save");
        site_file_free(f2);
        after = slurp(path, &l1);
        bk = slurp(bak, &l2);
        ok(bk && before && l2 == l0 && memcmp(bk, before, l0) == 0, ".bak holds the previous version");
        ok(after && which(after, l1, xa, la, xb, lb) == (prev_v == 1 ? 2 : 1), "file holds the new version");
        is_int(count_temps(dir), 0, "no temp file after a clean save");
        free(before);
        free(after);
        free(bk);
    }

    {
        struct stat st;
        struct site_file *f3;

        chmod(path, 0600);
        ok(site_file_load(&f3, path, &e) == 0 && site_file_save(f3, &e) == 0, "save keeps going");
        site_file_free(f3);
        ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "save keeps the file mode (0600)");
    }

    /* A file that does not parse is never replaced: there is no handle to save with. */
    {
        struct site_file *f4 = NULL;
        FILE *f = fopen(path, "w");

        fputs("<site>broken", f);
        fclose(f);
        ok(site_file_load(&f4, path, &e) == -1 && f4 == NULL, "a broken file gives no handle");
    }

    {
        char cmd[600];

        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            diag("cleanup failed");
    }
    free(xa);
    free(xb);
    site_clear(&a);
    site_clear(&b);
    site_xml_cleanup();
    return done_testing();
}
