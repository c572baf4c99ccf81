/* The one diagnostic type: what the rules engine finds and what every frontend shows
 * next to a field (wizard/view.h), `check` prints and `plan` counts. Levels are
 * ordered: a worse level compares greater. */
#ifndef HELSEID_DIAG_H
#define HELSEID_DIAG_H

#include <stdarg.h>
#include <stddef.h>

enum diag_level {
    DIAG_OK = 0,    /* check passed (shown as ok on the preflight screen) */
    DIAG_INFO,      /* a hint or reminder; never blocks */
    DIAG_WARN,      /* may proceed; the user should read it */
    DIAG_ERROR,     /* Next/Lagre refused until fixed */
};

/* A finding, attached to a field (the view's field id) or to the screen (NULL). */
struct diag {
    char *field;
    enum diag_level level;
    char *text;         /* translated, one line */
    char *hint;         /* translated fix hint, or NULL */
    char *suggestion;   /* a value to offer instead (parent orgnr, previous SFM-ID), or NULL */
    const char *rule;   /* the rule that found it, e.g. "sfm.empty_id_safeguard" (static),
                           or NULL when not from the rules engine */
    int step;           /* the rules step (enum rules_step), -1 when none */
    char *ack;          /* a yes/no question the user must answer yes to before Next
                           (translated, owned), or NULL: a warning that needs acknowledging */
};

struct diags {
    struct diag *v;
    size_t n, alloc;
};

void diags_init(struct diags *d);
void diags_clear(struct diags *d);
int diags_add(struct diags *d, const char *field, enum diag_level level, const char *hint,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The full form, for the rules engine: -1 on out of memory. */
int diags_addv(struct diags *d, const char *rule, int step, const char *field,
               enum diag_level level, const char *hint, const char *suggestion,
               const char *fmt, va_list ap) __attribute__((format(printf, 8, 0)));
/* The worst level among diagnostics for `field` (NULL = all). */
enum diag_level diags_worst(const struct diags *d, const char *field);
/* The first diagnostic of `level` or worse for `field` (NULL = any), or NULL. */
const struct diag *diags_first(const struct diags *d, const char *field, enum diag_level level);
/* The first diagnostic of `rule` (and `field`, when not NULL), or NULL. */
const struct diag *diags_find_rule(const struct diags *d, const char *rule, const char *field);
int diags_append(struct diags *dst, const struct diags *src);
/* Attach a suggested value to the last diagnostic added (no-op on an empty list). */
int diags_suggest_last(struct diags *d, const char *suggestion);
/* The first diagnostic that asks for acknowledgement (ack and rule set), or NULL. */
const struct diag *diags_needing_ack(const struct diags *d);
/* The first suggestion offered for `field` (NULL = any), or NULL. */
const char *diags_suggestion(const struct diags *d, const char *field);

/* The level as a word for the user: "OK", "Note", "Warning", "Error" (translated). */
const char *diag_level_word(enum diag_level l);
/* The stable name for --json: "ok", "info", "warn", "error". */
const char *diag_level_name(enum diag_level l);

#endif
