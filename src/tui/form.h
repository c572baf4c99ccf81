/* The interactive state of one wizard screen, built from a struct view: widgets,
 * focus, modal questions (leave this step? help). Pure: actions in, results out, so
 * tests drive it without a terminal; tui/draw.c shows it. */
#ifndef HELSEID_TUI_FORM_H
#define HELSEID_TUI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/checktree.h"
#include "tui/keymap.h"
#include "tui/listbox.h"
#include "tui/textfield.h"
#include "wizard/view.h"

enum widget_kind { W_TEXT, W_CHECKS, W_LIST, W_BUTTONS };

struct widget {
    enum widget_kind kind;
    size_t field;                   /* first view field it shows */
    struct textfield text;          /* W_TEXT; W_LIST: the filter */
    struct checktree tree;          /* W_CHECKS */
    struct checktree_item *items;
    struct listbox list;            /* W_LIST */
    struct listbox_row *rows;
    int button;                     /* W_BUTTONS: 0 back, 1 next/save */
    int height;                     /* rows on screen, set by the layout */
    bool live_set;                  /* W_TEXT edited: `live` replaces the view's finding */
    enum diag_level live_level;
    char live[512];                 /* the view's live_check verdict, "" for none */
};

/* LEAVE: Esc's "go back?"; HELP: F1; ACK: a warning to acknowledge before Next. */
enum modal { MODAL_NONE, MODAL_LEAVE, MODAL_HELP, MODAL_ACK };

#define FORM_MAX_ACKS 8

struct form {
    const struct view *view;        /* borrowed */
    struct widget *w;
    size_t n, focus;
    enum modal modal;
    bool first_step;                /* Esc leaves the wizard instead of going back */
    bool ascii;                     /* ASCII lines instead of line drawing */
    const char *notice;             /* a transient message (untranslated msgid) */
    /* The message area (paragraphs and findings above the widgets): draw_screen says
     * how many lines it has and how many fit; when they do not all fit it becomes a
     * Tab stop that the arrows scroll. */
    bool msg_focus;
    int msg_top, msg_lines, msg_room;
    /* The view's live_rules on the answer as it stands (valid after the first edit):
     * what the screen shows instead of the view's findings, so nothing is stale. */
    struct diags live;
    bool live_valid;
    /* Acknowledged warnings (rule ids) and the one being asked about. */
    char acked[FORM_MAX_ACKS][96];
    size_t n_acked;
    const char *ack_question;       /* points into `live` or the view while asked */
    char ack_rule[96];
};

enum form_result { FORM_NONE, FORM_SUBMIT, FORM_BACK, FORM_QUIT, FORM_REDRAW };

int form_init(struct form *f, const struct view *v, bool first_step);
void form_clear(struct form *f);

/* Handle one action; `wc` is the character for ACT_NONE text input (0 otherwise). */
enum form_result form_handle(struct form *f, enum action a, wchar_t wc);

/* Run the view's live check again on every edited text field (new remote facts). */
void form_recheck(struct form *f);

/* Fill `a` with the widgets' current values (text fields, checkboxes). */
int form_answer(const struct form *f, struct answer *a);

/* The F1 text for the focused item: the field's info, or NULL for the key list. */
const char *form_help(const struct form *f);
/* The findings to show: the live ones after an edit, else the view's. */
const struct diags *form_diags(const struct form *f);
/* The message area can scroll (it is a Tab stop). */
bool form_msg_scrollable(const struct form *f);

/* The id of the focused field (the checkbox under the cursor), or NULL on the buttons. */
const char *form_focus_id(const struct form *f);

#endif
