#include "config.h"
#include "cli/import_zip.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <zip.h>

#include "core/i18n.h"
#include "jose/rand.h"
#include "session/tty_echo.h"

#define PASSWORD_MAX 256

bool import_zip_is_zip(const char *path)
{
    unsigned char magic[4];
    FILE *f = fopen(path, "rbe");
    bool zip;

    if (!f)
        return false;
    zip = fread(magic, 1, 4, f) == 4 && memcmp(magic, "PK\3\4", 4) == 0;
    fclose(f);
    return zip;
}

/* One line into buf (cap bytes), newline cut. -1 at end of file or too long. */
static int read_line(FILE *f, char *buf, size_t cap)
{
    size_t n;

    if (!fgets(buf, (int)cap, f))
        return -1;
    n = strlen(buf);
    if (n && buf[n - 1] == '\n')
        buf[--n] = '\0';
    else if (n == cap - 1)
        return -1;      /* longer than any password we take */
    if (n && buf[n - 1] == '\r')
        buf[--n] = '\0';
    return 0;
}

/* The terminal's line, not echoed. */
static int read_tty(char *buf, size_t cap)
{
    struct tty_echo echo;
    int rc;

    fprintf(stderr, "%s", _("Password for the zip file (sent by SMS): "));
    fflush(stderr);
    tty_echo_off(&echo);
    rc = read_line(stdin, buf, cap);
    tty_echo_restore(&echo);
    fputc('\n', stderr);
    return rc;
}

static int read_password(const char *file, bool no_input, char *buf, size_t cap, struct error *e)
{
    int rc;

    if (file) {
        FILE *f = fopen(file, "re");

        if (!f)
            return error_set(e, ERR_IO, _("cannot read the password file \"%s\": %s"), file,
                             strerror(errno));
        rc = read_line(f, buf, cap);
        fclose(f);
        if (rc < 0)
            return error_set(e, ERR_INVALID, _("the password file \"%s\" holds no password line"), file);
    } else if (isatty(STDIN_FILENO)) {
        if (no_input)
            return error_set(e, ERR_USAGE, "%s", _("the zip file needs its password: give --password-file FILE "
                                                   "or the password on standard input"));
        if (read_tty(buf, cap) < 0)
            return error_set(e, ERR_CANCELLED, "%s", _("no password was given"));
    } else if (read_line(stdin, buf, cap) < 0) {
        return error_set(e, ERR_INVALID, "%s", _("no password on standard input"));
    }
    if (!buf[0])
        return error_set(e, ERR_INVALID, "%s", _("the password is empty"));
    return 0;
}

/* The member holding the configuration: the only *.json, else the only member. */
static int find_member(zip_t *z, const char *path, zip_uint64_t *idx, struct error *e)
{
    zip_int64_t n = zip_get_num_entries(z, 0);
    int found = 0;

    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        size_t len = name ? strlen(name) : 0;

        if (len > 5 && strcasecmp(name + len - 5, ".json") == 0) {
            *idx = (zip_uint64_t)i;
            found++;
        }
    }
    if (found == 0 && n == 1) {
        *idx = 0;
        found = 1;
    }
    if (found != 1)
        return error_set(e, ERR_INVALID, _("\"%s\" does not hold exactly one JSON configuration"), path);
    return 0;
}

static int zip_fail(struct error *e, const char *path, zip_error_t *ze)
{
    int code = zip_error_code_zip(ze);

    if (code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_NOPASSWD || code == ZIP_ER_CRC)
        /* Classic encryption checks the password with one byte; a wrong one may
         * surface as a checksum error instead. */
        return error_set(e, ERR_INVALID, _("wrong password for \"%s\""), path);
    return error_set(e, ERR_PARSE, _("cannot read the zip file \"%s\": %s"), path, zip_error_strerror(ze));
}

int import_zip_read(const char *path, const char *password_file, bool no_input, size_t max,
                    char **json, size_t *len, struct error *e)
{
    char pw[PASSWORD_MAX];
    zip_t *z = NULL;
    zip_file_t *zf = NULL;
    zip_stat_t st;
    zip_uint64_t idx = 0;
    char *buf = NULL;
    size_t got = 0;
    int err = 0, rc = -1;

    *json = NULL;
    *len = 0;
    memset(pw, 0, sizeof pw);
    if (!(z = zip_open(path, ZIP_RDONLY, &err))) {
        zip_error_t ze;

        zip_error_init_with_code(&ze, err);
        error_set(e, ERR_PARSE, _("cannot open the zip file \"%s\": %s"), path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return -1;
    }
    if (find_member(z, path, &idx, e) < 0)
        goto out;
    zip_stat_init(&st);
    if (zip_stat_index(z, idx, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE)) {
        zip_fail(e, path, zip_get_error(z));
        goto out;
    }
    if (st.size > max) {
        error_set(e, ERR_INVALID, _("the configuration in \"%s\" is too large"), path);
        goto out;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE &&
        read_password(password_file, no_input, pw, sizeof pw, e) < 0)
        goto out;
    if (!(zf = zip_fopen_index_encrypted(z, idx, 0, pw[0] ? pw : NULL))) {
        zip_fail(e, path, zip_get_error(z));
        goto out;
    }
    if (!(buf = malloc((size_t)st.size + 1))) {
        error_nomem(e);
        goto out;
    }
    while (got < st.size) {
        zip_int64_t n = zip_fread(zf, buf + got, st.size - got);

        if (n <= 0) {
            if (n < 0)
                zip_fail(e, path, zip_file_get_error(zf));
            else
                error_set(e, ERR_PARSE, _("cannot read the zip file \"%s\": %s"), path, _("member cut short"));
            goto out;
        }
        got += (size_t)n;
    }
    {
        char extra;

        /* Reading past the end makes libzip check the CRC. */
        if (zip_fread(zf, &extra, 1) != 0) {
            zip_fail(e, path, zip_file_get_error(zf));
            goto out;
        }
    }
    buf[got] = '\0';
    *json = buf;
    *len = got;
    buf = NULL;
    rc = 0;
out:
    if (zf)
        zip_fclose(zf);
    zip_discard(z);     /* read-only: nothing to write */
    if (buf)
        secret_free(buf, (size_t)st.size + 1);
    OPENSSL_cleanse(pw, sizeof pw);
    return rc;
}
