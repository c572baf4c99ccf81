/* The journal beside the site file (see journal.h): a few "name value" lines after a
 * format line, replaced whole on every step. */
#include "config.h"
#include "store/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "store/util.h"

#define JOURNAL_MAGIC "helseid-admin journal 1"
#define JOURNAL_MAX (16u * 1024)

static const char *const op_names[] = { "none", "draft", "update", "key-upload" };
static const char *const stage_names[] = { "intent", "answered", "waiting" };

const char *journal_op_name(enum journal_op op)
{
    return (unsigned)op < sizeof op_names / sizeof *op_names ? op_names[op] : "?";
}

const char *journal_stage_name(enum journal_stage st)
{
    return (unsigned)st < sizeof stage_names / sizeof *stage_names ? stage_names[st] : "?";
}

void journal_entry_init(struct journal_entry *j)
{
    memset(j, 0, sizeof *j);
}

void journal_entry_clear(struct journal_entry *j)
{
    free_strings(&j->command, &j->started, &j->client_id, &j->key_file, &j->kid, &j->alg,
                 &j->digest, &j->expires, &j->prev_key_file, &j->loopback_port, &j->loopback_secret);
    journal_entry_init(j);
}

char *journal_path(const char *site_path)
{
    char *p;

    if (asprintf(&p, "%s.journal", site_path) < 0)
        return NULL;
    return p;
}

/* The fields in file order, for reading and writing alike. */
static char **field(struct journal_entry *j, size_t i, const char **name)
{
    static const char *const names[] = { "command", "started", "client-id", "key-file", "kid",
                                         "alg", "digest", "expires", "previous-key-file",
                                         "loopback-port", "loopback-secret" };
    char **f[] = { &j->command, &j->started, &j->client_id, &j->key_file, &j->kid, &j->alg,
                   &j->digest, &j->expires, &j->prev_key_file, &j->loopback_port,
                   &j->loopback_secret };

    if (i >= sizeof names / sizeof *names)
        return NULL;
    *name = names[i];
    return f[i];
}

static int lookup(const char *const *names, size_t n, const char *v)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], v) == 0)
            return (int)i;
    return -1;
}

/* The one answer to a journal this version cannot trust: say what to do by hand. */
static int damaged(const char *path, struct error *e)
{
    return error_set(e, ERR_PARSE, _("the journal \"%s\" is damaged; read it, check Selvbetjening "
                                     "for the client it names, then remove it"), path);
}

static int parse(char *text, struct journal_entry *j, const char *path, bool *complete, struct error *e)
{
    char *save = NULL, *line = strtok_r(text, "\n", &save);
    bool have_op = false;

    if (!line || strcmp(line, JOURNAL_MAGIC) != 0)
        return error_set(e, ERR_PARSE, _("the journal \"%s\" is not one this version of %s can read; "
                                         "read it, check Selvbetjening for the client it names, then remove it"),
                         path, PACKAGE);
    while ((line = strtok_r(NULL, "\n", &save))) {
        char *sp = strchr(line, ' '), **f;
        const char *name;
        int k;

        if (strcmp(line, "end") == 0) {
            *complete = true;
            continue;
        }
        if (!sp)
            continue;
        *sp++ = '\0';
        if (strcmp(line, "op") == 0) {
            if ((k = lookup(op_names, sizeof op_names / sizeof *op_names, sp)) <= 0)
                break;
            j->op = (enum journal_op)k;
            have_op = true;
            continue;
        }
        if (strcmp(line, "stage") == 0) {
            if ((k = lookup(stage_names, sizeof stage_names / sizeof *stage_names, sp)) < 0)
                break;
            j->stage = (enum journal_stage)k;
            continue;
        }
        for (size_t i = 0; (f = field(j, i, &name)); i++)
            if (strcmp(line, name) == 0) {
                if (str_replace(f, sp) < 0)
                    return error_nomem(e);
                break;
            }
    }
    if (!have_op || line)
        return damaged(path, e);
    return 0;
}

/* A run killed between writing FILE.journal.new and renaming it left the newest entry
 * there, complete (its "end" line) or torn. A complete one wins: a process that dies
 * loses nothing it wrote, and only the answer may be in it. */
static int read_new(const char *path, struct journal_entry *j)
{
    char *tmp = NULL, *text = NULL;
    size_t len;
    bool complete = false;
    struct error ignore;
    int rc = 0;

    if (asprintf(&tmp, "%s.new", path) < 0)
        return 0;
    if (store_read_file(tmp, JOURNAL_MAX, &text, &len) == STORE_READ_OK && !memchr(text, '\0', len) &&
        parse(text, j, tmp, &complete, &ignore) == 0 && complete)
        rc = 1;
    else
        journal_entry_clear(j);
    free(text);
    free(tmp);
    return rc;
}

int journal_read(const char *site_path, struct journal_entry *j, struct error *e)
{
    char *path = journal_path(site_path), *text = NULL;
    size_t len;
    bool complete = false;
    int rc = -1;

    journal_entry_init(j);
    if (!path)
        return error_nomem(e);
    if (read_new(path, j) == 1) {
        free(path);
        return 1;
    }
    switch (store_read_file(path, JOURNAL_MAX, &text, &len)) {
    case STORE_READ_OK:
        break;
    case STORE_READ_OPEN:
        if (errno == ENOENT) {
            rc = 0;
            goto out;
        }
        /* fall through */
    case STORE_READ_IO:
        error_set(e, ERR_IO, _("cannot read the journal \"%s\": %s"), path, strerror(errno));
        goto out;
    case STORE_READ_TOO_LARGE:
        damaged(path, e);
        goto out;
    case STORE_READ_NOMEM:
    default:
        error_nomem(e);
        goto out;
    }
    if (memchr(text, '\0', len))
        damaged(path, e);
    else if (parse(text, j, path, &complete, e) == 0)
        rc = 1;
    if (rc < 0)
        journal_entry_clear(j);     /* parse may have set some fields */
out:
    free(text);
    free(path);
    return rc;
}

static bool one_line(const char *v)
{
    for (; v && *v; v++)
        if ((unsigned char)*v < 0x20 || *v == 0x7f)
            return false;
    return true;
}

int journal_write(const char *site_path, const struct journal_entry *j, struct error *e)
{
    struct journal_entry *w = (struct journal_entry *)j;   /* field() hands out pointers */
    char *path = journal_path(site_path), *tmp = NULL, *text = NULL, **f;
    const char *name;
    size_t len = 0;
    FILE *m;
    int fd, rc = -1;

    if (!path || asprintf(&tmp, "%s.new", path) < 0) {
        tmp = NULL;
        error_nomem(e);
        goto out;
    }
    if (!(m = open_memstream(&text, &len))) {
        error_nomem(e);
        goto out;
    }
    fprintf(m, "%s\nop %s\nstage %s\n", JOURNAL_MAGIC, journal_op_name(j->op),
            journal_stage_name(j->stage));
    for (size_t i = 0; (f = field(w, i, &name)); i++)
        if (*f && one_line(*f))
            fprintf(m, "%s %s\n", name, *f);
    fputs("end\n", m);    /* a complete entry: see read_new() */
    if (fclose(m) != 0 || !text) {
        error_nomem(e);
        goto out;
    }
    /* The lock is held: a fixed temp name has no other writer. */
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || store_write_sync_close(fd, 0600, text, len) < 0 || rename(tmp, path) < 0)
        goto io;
    free(tmp);
    tmp = NULL;
    if (store_fsync_parent(path) < 0)
        goto io;
    rc = 0;
    goto out;
io:
    error_set(e, ERR_IO, _("cannot write the journal \"%s\": %s"), path, strerror(errno));
out:
    if (tmp)
        unlink(tmp);
    free(tmp);
    free(text);
    free(path);
    return rc;
}

int journal_clear(const char *site_path, struct error *e)
{
    char *path = journal_path(site_path), *tmp = NULL;
    int rc = 0;

    if (!path || asprintf(&tmp, "%s.new", path) < 0) {
        free(path);
        return error_nomem(e);
    }
    unlink(tmp);        /* a killed write's leftover must not come back */
    free(tmp);
    if (unlink(path) < 0) {
        if (errno != ENOENT)
            rc = error_set(e, ERR_IO, _("cannot remove the journal \"%s\": %s"), path, strerror(errno));
    } else if (store_fsync_parent(path) < 0) {
        rc = error_set(e, ERR_IO, _("cannot remove the journal \"%s\": %s"), path, strerror(errno));
    }
    free(path);
    return rc;
}
