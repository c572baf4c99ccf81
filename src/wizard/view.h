/* A frontend-neutral description of one screen: what a step asks, never how it is
 * drawn. The curses frontend, the line mode and the tests all read the same view. */
#ifndef HELSEID_WIZARD_VIEW_H
#define HELSEID_WIZARD_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"

struct answer;

enum field_kind {
    FIELD_TEXT,         /* one-line text entry */
    FIELD_CHECK,        /* checkbox, or radio button when .radio; .parent makes a tree */
    FIELD_LIST,         /* read-only two-column list (rows) */
    FIELD_DIFF,         /* read-only diff: rows with marks '+', '-', '~', ' ' */
};

struct view_row {
    char *col[2];
    char mark;
};

struct field {
    char *id;           /* stable: answers and tests use it */
    enum field_kind kind;
    char *label;        /* translated */
    char *value;        /* text: current value; check: unused */
    char *info;         /* F1 help text (translated), or NULL */
    bool checked;
    bool radio;
    int parent;         /* index of the parent FIELD_CHECK, -1 for none */
    char *heading[2];   /* list/diff column headings */
    struct view_row *rows;
    size_t n_rows;
};

/* Checks a text field's value while it is typed: writes the verdict (translated, ""
 * for nothing to say) into `out` and returns its level. A step that offers it asks
 * the rules engine, like Enter does; a frontend calls it after each edit. */
/* Re-runs the step's rules on the answer as it stands (after each toggle or edit), so
 * no warning or error on screen is stale; `out` gets the same findings describe()
 * would give for that answer. */
typedef void view_live_rules_fn(const void *ctx, const struct answer *a, struct diags *out);

typedef enum diag_level view_live_check_fn(const void *ctx, const char *field_id,
                                           const char *value, char *out, size_t cap);

struct view {
    char *title;        /* translated */
    char **paragraphs;  /* translated */
    size_t n_paragraphs;
    struct field *fields;
    size_t n_fields;
    struct diags diags;
    bool can_save;      /* F10 / Lagre allowed on this screen */
    view_live_check_fn *live_check; /* optional, for the view's text fields */
    const void *live_ctx;           /* borrowed: what live_check is given */
    view_live_rules_fn *live_rules; /* optional: whole-screen findings as answered */
};

void view_init(struct view *v);
void view_clear(struct view *v);
int view_set_title(struct view *v, const char *title);
int view_add_paragraph(struct view *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the new field (owned by the view) or NULL; id and label are copied. */
struct field *view_add_field(struct view *v, enum field_kind kind, const char *id,
                             const char *label);
struct field *view_find_field(const struct view *v, const char *id);
int field_add_row(struct field *f, const char *c0, const char *c1, char mark);

/* The answer field that records an acknowledged warning (by its rule id). */
#define ANSWER_ACK_PREFIX "ack:"

/* An answer: values by field id ("1"/"0" for checks, text for text fields). */
struct answer {
    struct { char *id; char *value; } *v;
    size_t n, alloc;
};

void answer_init(struct answer *a);
void answer_clear(struct answer *a);
int answer_set(struct answer *a, const char *id, const char *value);
const char *answer_get(const struct answer *a, const char *id);
bool answer_checked(const struct answer *a, const char *id);
/* Seed an answer with the defaults a view shows (what Enter accepts). */
int answer_from_view(struct answer *a, const struct view *v);

#endif
