/* The vendor api key (see api_key.h). */
#include "config.h"
#include "session/api_key.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "core/i18n.h"
#include "session/demo_sim.h"
#include "session/tty_echo.h"
#include "store/trust.h"

#define API_KEY_MAX 4096

static int trim_check_key(char *buf, size_t n, char **key, struct error *e)
{
    while (n > 0 && isspace((unsigned char)buf[n - 1]))
        buf[--n] = '\0';
    if (n == 0)
        return error_set(e, ERR_INVALID, _("the api key is empty"));
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)buf[i] < 0x21 || buf[i] == 0x7f)
            return error_set(e, ERR_INVALID, _("the api key contains spaces or control characters"));
    if (!(*key = strdup(buf)))
        return error_nomem(e);
    return 0;
}

int session_api_key_file(const char *path, char **key, struct error *e)
{
    char buf[API_KEY_MAX + 2];
    size_t n;
    FILE *f = fopen(path, "re");
    int rc = -1;

    struct stat st;

    if (!f)
        return error_set(e, ERR_IO, _("cannot read the api key file \"%s\": %s"), path, strerror(errno));
    /* A regular file must be ours and for our eyes only (a pipe has no mode). */
    if (fstat(fileno(f), &st) < 0) {
        error_set(e, ERR_IO, _("cannot read the api key file \"%s\": %s"), path, strerror(errno));
        fclose(f);
        return -1;
    }
    if (S_ISREG(st.st_mode) && trust_check_file(path, &st, TRUST_SECRET, e) < 0) {
        fclose(f);
        return -1;
    }
    n = fread(buf, 1, sizeof buf - 1, f);
    if (ferror(f))
        error_set(e, ERR_IO, _("cannot read the api key file \"%s\": %s"), path, strerror(errno));
    else if (n > API_KEY_MAX)
        error_set(e, ERR_INVALID, _("the api key file \"%s\" is too large"), path);
    else {
        buf[n] = '\0';
        rc = trim_check_key(buf, n, key, e);
    }
    fclose(f);
    OPENSSL_cleanse(buf, sizeof buf);
    return rc;
}

static int from_stdin(bool prompt, char **key, struct error *e)
{
    char buf[API_KEY_MAX + 2];
    struct tty_echo echo;
    bool tty;
    int rc = -1;

    if (prompt) {
        fprintf(stderr, "%s ", _("Api key for the Selvbetjening API (not shown):"));
        fflush(stderr);
    }
    tty = prompt && tty_echo_off(&echo);
    if (!fgets(buf, sizeof buf, stdin))
        error_set(e, ERR_INVALID, _("no api key on standard input"));
    else
        rc = trim_check_key(buf, strlen(buf), key, e);
    if (tty) {
        tty_echo_restore(&echo);
        fputc('\n', stderr);
    }
    OPENSSL_cleanse(buf, sizeof buf);
    return rc;
}

int session_api_key(const struct options *o, const struct endpoints *ep, bool prompt, char **key,
                    struct error *e)
{
    *key = NULL;
    if (o->api_key_file && *o->api_key_file)
        return session_api_key_file(o->api_key_file, key, e);
    if (ep && ep->env == ENDPOINT_ENV_DEMO)
        return (*key = strdup(DEMO_SIM_API_KEY)) ? 0 : error_nomem(e);
    if (o->no_input)
        return error_set(e, ERR_USAGE, "%s", _("no api key for the Selvbetjening API: give "
                                                "--api-key-file FILE or set $HELSEID_API_KEY_FILE"));
    return from_stdin(prompt, key, e);
}
