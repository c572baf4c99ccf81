/* The journal beside the site file ("FILE.journal", mode 0600): the one remote change
 * in flight, so that no run can leave a client (or an uploaded key) in HelseID that
 * the next run does not know about (DESIGN.md §5).
 *
 *   before the request   journal_write(INTENT: what, key file, digest)
 *   the answer arrives   journal_write(ANSWERED: + client id) before anything else
 *   the site is saved    journal_clear(), or for a draft journal_write(WAITING) until
 *                        it is confirmed or discarded
 *
 * Written like the site file: a new file, fsync, rename, fsync of the folder, so the
 * journal is always the old or the new entry. Never holds a secret (no key material,
 * no api key, no token); the key file is named, not copied. A draft's entry keeps the
 * loopback port and path segment its redirect URI carries (HelseID holds the same), so
 * that a resumed hand-off hears the portal on them. The caller holds the session lock
 * (store/lock.h). */
#ifndef HELSEID_JOURNAL_H
#define HELSEID_JOURNAL_H

#include <stdbool.h>

#include "core/error.h"

enum journal_op {
    JOURNAL_NONE = 0,       /* no entry: nothing in flight */
    JOURNAL_DRAFT,          /* POST /v1/client-drafts */
    JOURNAL_UPDATE,         /* PUT /v1/client */
    JOURNAL_KEY_UPLOAD,     /* POST /v1/client-secret (rotate-key) */
};

enum journal_stage {
    JOURNAL_INTENT = 0,     /* about to send: the answer is not known */
    JOURNAL_ANSWERED,       /* HelseID answered: client_id (and expiration) known */
    JOURNAL_WAITING,        /* DRAFT: the site file names it (pending); kept for its loopback */
};

struct journal_entry {
    enum journal_op op;
    enum journal_stage stage;
    char *command;          /* "apply", "wizard", "rotate-key" */
    char *started;          /* ISO 8601 local time of the intent */
    char *client_id;        /* the answer (DRAFT), or the client changed (UPDATE, KEY_UPLOAD) */
    char *key_file;         /* the new key as the site file would name it, or NULL */
    char *kid;              /* the new key's kid, or NULL */
    char *alg;              /* the new key's algorithm ("ES256", "PS256"), or NULL */
    char *digest;           /* hex SHA-256 of the configuration sent, or NULL */
    char *expires;          /* KEY_UPLOAD answered: the new key's expiration */
    char *prev_key_file;    /* KEY_UPLOAD: the key file it replaces (retired at the end) */
    char *loopback_port;    /* DRAFT: the port of the redirect URI the draft carries */
    char *loopback_secret;  /* DRAFT: its per-hand-off path segment (net/loopback.h) */
};

/* The text fields are set with str_replace (core/strv.h); journal_entry_clear frees them. */
void journal_entry_init(struct journal_entry *j);
void journal_entry_clear(struct journal_entry *j);

/* "FILE.journal" (malloc'd) or NULL. */
char *journal_path(const char *site_path);

/* Read the entry for the site: 1 with *j filled, 0 when there is none (j->op NONE),
 * -1 with e on an unreadable or unknown journal (the message says what to do). */
int journal_read(const char *site_path, struct journal_entry *j, struct error *e);
/* Replace the entry (atomic, fsync'd, 0600). Values must be one line each. */
int journal_write(const char *site_path, const struct journal_entry *j, struct error *e);
/* Remove the entry (and fsync the folder); no entry is not an error. */
int journal_clear(const char *site_path, struct error *e);

/* Stable names ("draft", "update", "key-upload"; "intent", "answered", "waiting"). */
const char *journal_op_name(enum journal_op op);
const char *journal_stage_name(enum journal_stage st);

#endif
