/* Session lock (two processes), key files (mode, O_EXCL, symlinks, permissions) and the
 * audit log (append-only, sanitised). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/audit.h"
#include "store/keyfile.h"
#include "store/lock.h"
#include "store/site_file.h"
#include "store/util.h"
#include "tests/tap.h"

static char dir[] = "/tmp/test-store-XXXXXX";

static char *in_dir(const char *name)
{
    static char buf[8][300];
    static int i;

    i = (i + 1) % 8;
    snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
    return buf[i];
}

/* A child takes the lock, says so on `ready`, and holds it until `go` closes. */
static pid_t spawn_holder(const char *site, int *ready_rd, int *go_wr)
{
    int ready[2], go[2];
    pid_t pid;

    if (pipe(ready) < 0 || pipe(go) < 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        struct site_lock l = SITE_LOCK_INIT;
        struct error e = { 0 };
        char c;

        close(ready[0]);
        close(go[1]);
        if (site_lock_acquire(&l, site, &e) < 0)
            _exit(1);
        if (write(ready[1], "L", 1) != 1)
            _exit(2);
        while (read(go[0], &c, 1) > 0)
            ;
        site_lock_release(&l);
        _exit(0);
    }
    close(ready[1]);
    close(go[0]);
    *ready_rd = ready[0];
    *go_wr = go[1];
    return pid;
}

static void test_lock(void)
{
    struct site_lock l = SITE_LOCK_INIT, l2 = SITE_LOCK_INIT;
    struct error e = { 0 };
    const char *site = in_dir("site.xml");
    int ready, go, status;
    char c, want[64], host[256];
    pid_t pid;

    pid = spawn_holder(site, &ready, &go);
    ok(pid > 0 && read(ready, &c, 1) == 1, "first session holds the lock");
    ok(site_lock_acquire(&l, site, &e) == -1 && e.code == ERR_LOCKED,
       "second session: ERR_LOCKED");
    printf("# %s\n", e.msg);
    snprintf(want, sizeof want, "(pid %ld on host ", (long)pid);
    ok(strstr(e.msg, want) != NULL, "message names the holder's pid");
    ok(strstr(e.msg, "is in use by ") && strstr(e.msg, site), "message names the file and holder");
    if (gethostname(host, sizeof host) == 0)
        ok(strstr(e.msg, host) != NULL, "message names the host");
    ok(strstr(e.msg, " since 20") != NULL, "message says since when");
    close(go);
    waitpid(pid, &status, 0);
    close(ready);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "first session exits");
    ok(site_lock_acquire(&l, site, &e) == 0, "after it exits the lock is free");
    ok(site_lock_acquire(&l2, site, &e) == -1 && e.code == ERR_LOCKED,
       "a second handle in the same process is refused too (OFD lock)");
    site_lock_release(&l);
    site_lock_release(&l);      /* idempotent */

    /* A killed holder leaves its text behind; the OS lock decides. */
    pid = spawn_holder(site, &ready, &go);
    ok(pid > 0 && read(ready, &c, 1) == 1, "a holder takes the lock");
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    close(go);
    close(ready);
    {
        struct stat st;

        ok(stat(in_dir("site.xml.lock"), &st) == 0 && st.st_size > 0,
           "the killed holder's text is still in the lock file");
    }
    ok(site_lock_acquire(&l, site, &e) == 0, "a stale lock file does not block");
    site_lock_release(&l);

    {
        /* A holder that has not written its name yet (the lock file is empty). */
        struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
        int fd = open(in_dir("site.xml.lock"), O_RDWR | O_TRUNC);

        ok(fd >= 0 && fcntl(fd, F_OFD_SETLK, &fl) == 0, "an anonymous holder takes the lock");
        ok(site_lock_acquire(&l, site, &e) == -1 && e.code == ERR_LOCKED &&
           strstr(e.msg, "in use by another session"), "anonymous holder: 'another session'");
        if (fd >= 0)
            close(fd);
        ok(site_lock_acquire(&l, site, &e) == 0, "free again once it closes");
        site_lock_release(&l);
    }
    {
        const char *lnk = in_dir("other.xml.lock");

        ok(symlink(in_dir("target"), lnk) == 0 && site_lock_acquire(&l, in_dir("other.xml"), &e) == -1,
           "a symlinked lock file is refused");
    }
}

/* The holder text cut short by the file size limit: the error says why. */
static void test_lock_short_write(void)
{
    pid_t pid = fork();
    int status = -1;
    bool waited;

    if (pid == 0) {
        struct site_lock l = SITE_LOCK_INIT;
        struct error e = { 0 };
        struct rlimit rl = { 10, 10 };

        signal(SIGXFSZ, SIG_IGN);
        if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
            _exit(2);
        errno = 0;
        _exit(site_lock_acquire(&l, in_dir("limited.xml"), &e) == -1 &&
              strstr(e.msg, strerror(EFBIG)) ? 0 : 1);
    }
    waited = pid > 0 && waitpid(pid, &status, 0) == pid;
    ok(waited && WIFEXITED(status) && WEXITSTATUS(status) == 0,
       "lock holder text cut by the size limit: the error says why");
}

static void test_keyfile(void)
{
    struct error e = { 0 };
    const char *key = in_dir("client.jwk"), *lnk = in_dir("link.jwk");
    const char secret[] = "{\"kty\":\"EC\",\"d\":\"c2VjcmV0\"}";
    unsigned char *data = NULL;
    size_t len = 0;
    struct stat st;
    mode_t old = umask(0);

    ok(keyfile_create(key, secret, strlen(secret), &e) == 0, "key file created with umask 0");
    umask(old);
    memset(&st, 0, sizeof st);
    ok(stat(key, &st) == 0 && (st.st_mode & 07777) == 0600, "mode is 0600");
    if ((st.st_mode & 07777) != 0600)
        printf("#   got %03o\n", (unsigned)(st.st_mode & 07777));
    ok(keyfile_create(key, "x", 1, &e) == -1 && strstr(e.msg, "already exists"),
       "O_EXCL: an existing key is never overwritten");
    ok(keyfile_read(key, &data, &len, &e) == 0 && len == strlen(secret) &&
       memcmp(data, secret, len) == 0, "read back byte for byte");
    keyfile_free(data, len);

    ok(symlink(key, lnk) == 0, "symlink to the key");
    data = NULL;
    ok(keyfile_read(lnk, &data, &len, &e) == -1 && strstr(e.msg, "symbolic link") && !data,
       "reading through a symlink is refused");
    ok(keyfile_create(in_dir("dangling.jwk"), "x", 1, &e) == 0 &&
       symlink(in_dir("nowhere"), in_dir("dangling2.jwk")) == 0 &&
       keyfile_create(in_dir("dangling2.jwk"), "x", 1, &e) == -1 && access(in_dir("nowhere"), F_OK) < 0,
       "creating through a dangling symlink is refused and creates nothing");

    ok(chmod(key, 0644) == 0 && keyfile_read(key, &data, &len, &e) == -1 &&
       strstr(e.msg, "644") && strstr(e.msg, "chmod 600"), "a 0644 key is refused with advice");
    printf("# %s\n", e.msg);
    ok(chmod(key, 0640) == 0 && keyfile_read(key, &data, &len, &e) == -1,
       "a group-readable key is refused");
    ok(chmod(key, 0600) == 0 && keyfile_read(key, &data, &len, &e) == 0, "0600 again: accepted");
    keyfile_free(data, len);
    ok(keyfile_read(dir, &data, &len, &e) == -1 && strstr(e.msg, "not a regular file"),
       "a directory is refused");
    ok(mkfifo(in_dir("fifo"), 0600) == 0 && keyfile_read(in_dir("fifo"), &data, &len, &e) == -1,
       "a FIFO is refused without blocking");
    ok(keyfile_read(in_dir("missing.jwk"), &data, &len, &e) == -1 && e.code == ERR_IO,
       "a missing key: ERR_IO");
}

static void test_audit(void)
{
    struct error e = { 0 };
    char *log = audit_default_path(in_dir("site.xml"));
    FILE *f;
    int n = 0;

    is_str(log, in_dir("site.xml.audit.log"), "default path beside the site file");
    f = fopen(log, "w");
    fputs("earlier line\n", f);
    fclose(f);
    ok(audit_append(log, "kari", "save", "owner 311590839; 2 sub-units added", &e) == 0,
       "first event appended");
    ok(audit_append(log, "ola\tx", "save\n", "evil\nforged line\r\x1b[31m\x7f\xc2\x85 Æ", &e) == 0,
       "event with control characters appended");
    ok(audit_append(log, NULL, NULL, NULL, &e) == 0, "event with defaults appended");
    f = fopen(log, "r");
    n = 0;
    {
        char l[4][2048];

        while (f && n < 4 && fgets(l[n], sizeof l[n], f))
            n++;
        if (f)
            fclose(f);
        is_int(n, 4, "four lines in all");
        is_str(l[0], "earlier line\n", "the log is appended to, never rewritten");
        ok(strstr(l[1], "\tkari\tsave\towner 311590839; 2 sub-units added\n") != NULL,
           "fields: time, user, action, summary");
        ok(strncmp(l[1], "20", 2) == 0 && l[1][10] == 'T', "ISO 8601 time first");
        ok(strstr(l[2], "\tola?x\tsave?\tevil?forged line??[31m?? Æ\n") != NULL,
           "tabs, newlines, escapes, DEL and C1 controls become one '?' each (UTF-8 kept)");
        if (!strstr(l[2], "\tola?x\tsave?\tevil?forged line??[31m??? Æ\n"))
            printf("#   %s", l[2]);
        ok(strstr(l[3], "\t-\t-\n") != NULL, "missing fields are '-'");
    }
    free(log);

    /* A write cut short by the file size limit reports the real cause, not a stale errno. */
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit rl = { 10, 10 };

        signal(SIGXFSZ, SIG_IGN);
        if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
            _exit(2);
        errno = 0;
        _exit(audit_append(in_dir("limited.log"), "kari", "save", "a summary", &e) == -1 &&
              strstr(e.msg, strerror(EFBIG)) ? 0 : 1);
    }
    int status = -1;
    bool waited = pid > 0 && waitpid(pid, &status, 0) == pid;
    ok(waited && WIFEXITED(status) && WEXITSTATUS(status) == 0,
       "short write at the size limit: the error says why");
}

/* Write n bytes of a repeating pattern to name; its path. */
static const char *pattern_file(const char *name, size_t n)
{
    const char *path = in_dir(name);
    FILE *f = fopen(path, "w");

    for (size_t i = 0; f && i < n; i++)
        fputc('a' + (int)(i % 26), f);
    if (f)
        fclose(f);
    return path;
}

static void test_read_file(void)
{
    /* Past the first 64 KiB buffer, so the growth path is read as well. */
    const size_t big = 200000;
    char *buf = NULL;
    size_t len = 0;
    bool same = true;

    is_int(store_read_file(pattern_file("empty", 0), 10, &buf, &len), STORE_READ_OK,
           "read: an empty file");
    ok(buf && len == 0 && buf[0] == '\0', "read: an empty file is \"\"");
    free(buf);
    buf = NULL;
    is_int(store_read_file(pattern_file("big", big), big, &buf, &len), STORE_READ_OK,
           "read: a file of exactly max bytes");
    for (size_t i = 0; buf && i < big; i++)
        same = same && buf[i] == 'a' + (int)(i % 26);
    ok(buf && len == big && same && buf[big] == '\0', "read: every byte, NUL-terminated");
    free(buf);
    buf = NULL;
    len = 7;
    is_int(store_read_file(in_dir("big"), big - 1, &buf, &len), STORE_READ_TOO_LARGE,
           "read: one byte over max is too large");
    ok(buf == NULL && len == 7, "read: out-params untouched on failure");
    errno = 0;
    is_int(store_read_file(in_dir("missing"), 10, &buf, &len), STORE_READ_OPEN,
           "read: a missing file");
    is_int(errno, ENOENT, "read: errno says why");
    is_int(store_read_file(dir, 10, &buf, &len), STORE_READ_IO,
           "read: a directory opens but cannot be read");
    is_int(errno, EISDIR, "read: errno says why");
}

/* The one wording of a failed read: the path and the cause, the size in KiB. */
static void test_load_file(void)
{
    struct error e = { 0 };
    char *buf = NULL;
    size_t len = 0;

    ok(store_load_file(in_dir("missing"), 10, &buf, &len, &e) < 0 && e.code == ERR_IO &&
       strstr(e.msg, "missing") && strstr(e.msg, strerror(ENOENT)),
       "load: a missing file names the path and the cause (%s)", e.msg);
    ok(store_load_file(in_dir("big"), 2048, &buf, &len, &e) < 0 && e.code == ERR_PARSE &&
       strstr(e.msg, "too large") && strstr(e.msg, "2 KiB"),
       "load: too large, with the limit (%s)", e.msg);
    ok(store_load_file(in_dir("empty"), 10, &buf, &len, &e) == 0 && len == 0,
       "load: a readable file loads");
    free(buf);
}

/* Files the site file names live beside it unless absolute. */
static void test_beside(void)
{
    char *p;

    is_str(p = site_file_beside("/etc/clinic/site.xml", "key.pem"), "/etc/clinic/key.pem",
           "beside: relative to the site file's folder");
    free(p);
    is_str(p = site_file_beside("/etc/clinic/site.xml", "/keys/k.pem"), "/keys/k.pem",
           "beside: an absolute path as is");
    free(p);
    is_str(p = site_file_beside("site.xml", "key.pem"), "key.pem",
           "beside: a site file without a folder");
    free(p);
    is_str(p = site_file_beside(NULL, "key.pem"), "key.pem", "beside: no site file");
    free(p);
}

static void test_fsync_dir(void)
{
    char path[300];

    ok(store_fsync_dir(dir) == 0, "fsync of an existing folder");
    snprintf(path, sizeof path, "%s/no-such-folder", dir);
    errno = 0;
    ok(store_fsync_dir(path) < 0 && errno == ENOENT, "fsync of a missing folder fails with ENOENT");
    snprintf(path, sizeof path, "%s/some-file", dir);
    ok(store_fsync_parent(path) == 0, "fsync of a file's folder (the file need not exist)");
}

int main(void)
{
    char cmd[100];

    if (!mkdtemp(dir))
        return 1;
    test_lock();
    test_lock_short_write();
    test_keyfile();
    test_audit();
    test_read_file();
    test_load_file();
    test_beside();
    test_fsync_dir();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        diag("cleanup failed");
    return done_testing();
}
