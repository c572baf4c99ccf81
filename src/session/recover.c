/* Finishing or undoing an earlier run's journal entry (see recover.h). */
#include "config.h"
#include "session/recover.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "store/audit.h"
#include "store/journal.h"
#include "store/site_file.h"
#include "store/util.h"

static void audit(const char *site_path, const char *action, const char *what)
{
    char *log = audit_default_path(site_path);
    struct error e;

    if (log && audit_append(log, NULL, action, what, &e) < 0)
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    free(log);
}

/* The key file a draft never got an id for: removed (it exists nowhere else). */
static int drop_key(const char *site_path, const struct journal_entry *j, struct error *e)
{
    char *path;

    if (!j->key_file)
        return 0;
    if (!(path = site_file_beside(site_path, j->key_file)))
        return error_nomem(e);
    if (unlink(path) < 0 && errno != ENOENT) {
        error_set(e, ERR_IO, _("cannot remove the unused key file \"%s\": %s"), path, strerror(errno));
        free(path);
        return -1;
    }
    if (store_fsync_parent(path) < 0 && errno != ENOENT) {
        error_set(e, ERR_IO, _("cannot remove the unused key file \"%s\": %s"), path, strerror(errno));
        free(path);
        return -1;
    }
    free(path);
    return 0;
}

/* The answer of an earlier run's draft into the site file (state pending): 0, 1 when
 * the site file has it active already, -1 with e. */
static int adopt_draft(struct site_file *sf, const struct journal_entry *j, struct error *e)
{
    struct helseid_config *cfg = site_file_site(sf)->config;
    const char *path = site_file_path(sf);

    if (!j->client_id || !j->key_file)
        return error_set(e, ERR_PARSE, _("the journal \"%s.journal\" is damaged; read it, check "
                                         "Selvbetjening for the client it names, then remove it"), path);
    if (cfg && cfg->client_id && strcmp(cfg->client_id, j->client_id) == 0 && cfg->state == CONFIG_ACTIVE)
        return 1;       /* saved and confirmed already: nothing to adopt */
    if (!cfg || (cfg->client_id && strcmp(cfg->client_id, j->client_id) != 0))
        return error_set(e, ERR_INVALID,
                         _("an earlier run made client %s (key file \"%s\"), but \"%s\" now holds another "
                           "configuration: put that client id and key file into the site file, or remove "
                           "\"%s.journal\" and the key file to forget the client"),
                         j->client_id, j->key_file, path, path);
    if (str_replace(&cfg->client_id, j->client_id) < 0 || str_replace(&cfg->key_file, j->key_file) < 0 ||
        str_replace(&cfg->key_alg, j->alg ? j->alg : "ES256") < 0)
        return error_nomem(e);
    cfg->state = CONFIG_PENDING;
    if (site_file_save(sf, e) < 0)
        return error_prefix(e, _("client %s (key file \"%s\") is known only to the journal"),
                            j->client_id, j->key_file);
    return 0;
}

static void notice(const char *path, const struct journal_entry *j)
{
    const char *id = j->client_id ? j->client_id : "?";
    char site_path[SANITIZE_DEFAULT_MAX + 1], key[SANITIZE_DEFAULT_MAX + 1];

    /* Paths from the command line and the journal, shown safe. */
    sanitize_into(site_path, sizeof site_path, path, (size_t)-1, 0);
    sanitize_into(key, sizeof key, j->key_file ? j->key_file : "?", (size_t)-1, 0);

    switch (j->op) {
    case JOURNAL_DRAFT:
        if (j->stage == JOURNAL_WAITING)
            break;      /* the site file names it */
        if (j->stage == JOURNAL_ANSWERED)
            fprintf(stderr, _("%s: an earlier run made client %s (key file \"%s\") and stopped before "
                              "saving it in \"%s\": run the same apply FILE (or the wizard) again to resume it\n"),
                    PACKAGE, id, key, site_path);
        else
            fprintf(stderr, _("%s: an earlier run stopped while sending a draft for \"%s\": the next "
                              "apply or wizard run removes its unused key file and starts again\n"),
                    PACKAGE, site_path);
        break;
    case JOURNAL_UPDATE:
        fprintf(stderr, _("%s: an earlier run stopped while updating client %s: run the same apply "
                          "FILE (or the wizard) again to finish\n"), PACKAGE, id);
        break;
    case JOURNAL_KEY_UPLOAD:
        fprintf(stderr, _("%s: rotate-key stopped before the new key \"%s\" was taken into use: run "
                          "rotate-key again to finish (it uploads no further key)\n"),
                PACKAGE, key);
        break;
    case JOURNAL_NONE:
    default:
        break;
    }
}

int session_recover(struct site_file *sf, bool locked, bool keep_key_upload, struct error *e)
{
    const char *path = site_file_path(sf);
    struct journal_entry j;
    char what[600];
    int rc;

    if ((rc = journal_read(path, &j, e)) <= 0)
        return rc;
    if (j.op == JOURNAL_DRAFT && j.stage == JOURNAL_WAITING) {
        const struct helseid_config *cfg = site_file_site(sf)->config;

        /* Kept while the site file names that draft as pending; else left over. */
        rc = 0;
        if (locked && !(cfg && cfg->state == CONFIG_PENDING && cfg->client_id && j.client_id &&
                        strcmp(cfg->client_id, j.client_id) == 0))
            rc = journal_clear(path, e);
        journal_entry_clear(&j);
        return rc;
    }
    if (!locked || (j.op == JOURNAL_KEY_UPLOAD && !keep_key_upload)) {
        notice(path, &j);
        journal_entry_clear(&j);
        return 0;
    }
    rc = 0;
    switch (j.op) {
    case JOURNAL_DRAFT:
        if (j.stage == JOURNAL_INTENT) {
            if ((rc = drop_key(path, &j, e)) == 0) {
                fprintf(stderr, _("%s: an earlier run stopped before HelseID's answer to its draft was "
                                  "recorded: removed its unused key file \"%s\" (a draft HelseID may have "
                                  "made then cannot be confirmed or used)\n"),
                        PACKAGE, j.key_file ? j.key_file : "-");
                snprintf(what, sizeof what, "draft without answer: key file %s removed",
                         j.key_file ? j.key_file : "-");
            }
        } else if ((rc = adopt_draft(sf, &j, e)) == 0) {
            fprintf(stderr, _("%s: recovered client %s (key file \"%s\") from the journal of an earlier "
                              "run; it waits for the confirmation in the portal\n"),
                    PACKAGE, j.client_id, j.key_file);
            snprintf(what, sizeof what, "draft answered: client %s, key file %s saved as pending",
                     j.client_id, j.key_file);
        } else if (rc == 1) {
            rc = 0;
            snprintf(what, sizeof what, "draft answered: client %s active already", j.client_id);
            free(j.loopback_secret);        /* nothing waits: the entry goes */
            j.loopback_secret = NULL;
        }
        break;
    case JOURNAL_UPDATE:
        fprintf(stderr, _("%s: an earlier run stopped while updating client %s; this run compares "
                          "with HelseID again\n"), PACKAGE, j.client_id ? j.client_id : "?");
        snprintf(what, sizeof what, "update of client %s (%s) dropped", j.client_id ? j.client_id : "-",
                 journal_stage_name(j.stage));
        break;
    case JOURNAL_KEY_UPLOAD:    /* the caller's */
        journal_entry_clear(&j);
        return 0;
    case JOURNAL_NONE:
    default:
        break;
    }
    if (rc == 0 && j.op == JOURNAL_DRAFT && j.stage == JOURNAL_ANSWERED && j.loopback_secret) {
        j.stage = JOURNAL_WAITING;      /* pending now: kept for its loopback */
        if (journal_write(path, &j, e) < 0)
            rc = journal_clear(path, e);
    } else if (rc == 0) {
        rc = journal_clear(path, e);
    }
    if (rc == 0)
        audit(path, "journal-recover", what);
    journal_entry_clear(&j);
    return rc;
}

int session_discard_pending(struct site_file *sf, const char *command, struct error *e)
{
    struct helseid_config *cfg = site_file_site(sf)->config;
    const char *site_path = site_file_path(sf);
    char *key = NULL, *id = NULL, what[600];
    struct error je;

    if (!cfg || cfg->state != CONFIG_PENDING || !cfg->client_id)
        return 0;
    if (cfg->key_file && !(key = site_file_beside(site_path, cfg->key_file)))
        return error_nomem(e);
    id = cfg->client_id;
    cfg->client_id = NULL;
    free(cfg->key_file);
    cfg->key_file = NULL;
    cfg->state = CONFIG_DRAFT;
    /* The site first: should it fail, the draft and its key are still both known. */
    if (site_file_save(sf, e) < 0) {
        cfg->client_id = id;
        cfg->state = CONFIG_PENDING;
        free(key);
        return -1;
    }
    if (key && unlink(key) < 0 && errno != ENOENT)
        fprintf(stderr, _("%s: cannot remove the key file \"%s\": %s\n"), PACKAGE, key, strerror(errno));
    else if (key)
        store_fsync_parent(key);
    if (journal_clear(site_path, &je) < 0)
        fprintf(stderr, "%s: %s\n", PACKAGE, je.msg);
    snprintf(what, sizeof what, "%s: pending draft client %s dropped, key file %s removed", command, id,
             key ? key : "-");
    audit(site_path, "discard-pending", what);
    fprintf(stderr, _("%s: discarded the pending draft of client %s and removed its key file \"%s\"\n"),
            PACKAGE, id, key ? key : "-");
    free(id);
    free(key);
    return 1;
}
