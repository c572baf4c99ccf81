#include "config.h"
#include "tui/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "core/i18n.h"

static int add_widget(struct form *f, enum widget_kind kind, size_t field)
{
    struct widget *nw = realloc(f->w, (f->n + 1) * sizeof(*nw)), *w;

    if (!nw)
        return -1;
    f->w = nw;
    w = &f->w[f->n++];
    memset(w, 0, sizeof(*w));
    w->kind = kind;
    w->field = field;
    w->button = 1;
    textfield_init(&w->text, 0);
    return 0;
}

static int init_checks(struct widget *w, const struct view *v, size_t first, size_t n)
{
    w->items = calloc(n, sizeof(*w->items));
    if (!w->items)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const struct field *fl = &v->fields[first + i];

        w->items[i].id = fl->id;
        w->items[i].label = fl->label;
        w->items[i].checked = fl->checked;
        w->items[i].radio = fl->radio;
        w->items[i].parent = fl->parent >= 0 ? fl->parent - (int)first : -1;
    }
    checktree_init(&w->tree, w->items, n);
    return 0;
}

static int init_list(struct widget *w, const struct field *fl)
{
    w->rows = calloc(fl->n_rows ? fl->n_rows : 1, sizeof(*w->rows));
    if (!w->rows)
        return -1;
    for (size_t i = 0; i < fl->n_rows; i++) {
        w->rows[i].col[0] = fl->rows[i].col[0];
        w->rows[i].col[1] = fl->rows[i].col[1];
        w->rows[i].mark = fl->rows[i].mark;
    }
    return listbox_init(&w->list, w->rows, fl->n_rows);
}

int form_init(struct form *f, const struct view *v, bool first_step)
{
    memset(f, 0, sizeof(*f));
    f->view = v;
    f->first_step = first_step;
    for (size_t i = 0; i < v->n_fields;) {
        const struct field *fl = &v->fields[i];
        size_t j = i + 1;

        switch (fl->kind) {
        case FIELD_TEXT:
            if (add_widget(f, W_TEXT, i) < 0 || textfield_set(&f->w[f->n - 1].text, fl->value) < 0)
                goto fail;
            break;
        case FIELD_CHECK:
            while (j < v->n_fields && v->fields[j].kind == FIELD_CHECK)
                j++;
            if (add_widget(f, W_CHECKS, i) < 0 || init_checks(&f->w[f->n - 1], v, i, j - i) < 0)
                goto fail;
            break;
        case FIELD_LIST:
        case FIELD_DIFF:
            /* The preflight's checks and Bekreft's diff are read-only text: drawn
             * wrapped in the message area, which scrolls when they do not fit. */
            if ((fl->kind == FIELD_LIST && fl->id && strcmp(fl->id, "checks") == 0) ||
                fl->kind == FIELD_DIFF)
                break;
            if (add_widget(f, W_LIST, i) < 0 || init_list(&f->w[f->n - 1], fl) < 0)
                goto fail;
            break;
        }
        i = j;
    }
    if (add_widget(f, W_BUTTONS, v->n_fields) < 0)
        goto fail;
    /* Start on the first thing the user can change, else on the buttons. */
    f->focus = f->n - 1;
    for (size_t i = 0; i < f->n; i++)
        if (f->w[i].kind == W_TEXT || f->w[i].kind == W_CHECKS) {
            f->focus = i;
            break;
        }
    return 0;
fail:
    form_clear(f);
    return -1;
}

void form_clear(struct form *f)
{
    diags_clear(&f->live);
    for (size_t i = 0; i < f->n; i++) {
        textfield_clear(&f->w[i].text);
        free(f->w[i].items);
        listbox_clear(&f->w[i].list);
        free(f->w[i].rows);
    }
    free(f->w);
    memset(f, 0, sizeof(*f));
}

static bool filter_edit(struct widget *w, enum action a, wchar_t wc)
{
    char *s;
    bool changed;

    if (a == ACT_BACKSPACE)
        changed = textfield_backspace(&w->text);
    else if (a == ACT_KILL_LINE)
        changed = textfield_kill_line(&w->text);
    else
        changed = wc && iswprint((wint_t)wc) && textfield_insert(&w->text, wc);
    if (changed && (s = textfield_get(&w->text))) {
        listbox_set_filter(&w->list, s);
        free(s);
    }
    return changed;
}

const struct diags *form_diags(const struct form *f)
{
    return f->live_valid ? &f->live : &f->view->diags;
}

bool form_msg_scrollable(const struct form *f)
{
    return f->msg_lines > f->msg_room;
}

/* After a change, the step's rules on the whole answer as it stands. */
static void live_rules(struct form *f)
{
    struct answer a;

    if (!f->view->live_rules)
        return;
    answer_init(&a);
    if (answer_from_view(&a, f->view) == 0 && form_answer(f, &a) == 0) {
        diags_clear(&f->live);
        f->view->live_rules(f->view->live_ctx, &a, &f->live);
        f->live_valid = true;
    }
    answer_clear(&a);
}

static bool acked(const struct form *f, const char *rule)
{
    for (size_t i = 0; i < f->n_acked; i++)
        if (strcmp(f->acked[i], rule) == 0)
            return true;
    return false;
}

/* Next/Save: a warning that needs acknowledging is asked about first (j/n). */
static enum form_result submit(struct form *f)
{
    const struct diags *d;

    live_rules(f);
    d = form_diags(f);
    for (size_t i = 0; i < d->n; i++) {
        const struct diag *g = &d->v[i];

        if (g->ack && g->rule && !acked(f, g->rule) && f->n_acked < FORM_MAX_ACKS) {
            f->modal = MODAL_ACK;
            f->ack_question = g->ack;
            snprintf(f->ack_rule, sizeof(f->ack_rule), "%s", g->rule);
            return FORM_NONE;
        }
    }
    return FORM_SUBMIT;
}

/* After an edit, ask the view for the field's verdict as typed (DESIGN.md §2). */
static void live_check(const struct form *f, struct widget *w)
{
    const struct view *v = f->view;
    char *s;

    if (!v->live_check || !(s = textfield_get(&w->text)))
        return;
    w->live_level = v->live_check(v->live_ctx, v->fields[w->field].id, s, w->live,
                                  sizeof(w->live));
    w->live_set = true;
    free(s);
}

void form_recheck(struct form *f)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->w[i].kind == W_TEXT && f->w[i].live_set)
            live_check(f, &f->w[i]);
}

static enum form_result widget_handle(struct form *f, struct widget *w, enum action a,
                                      wchar_t wc)
{
    long page = w->height > 1 ? w->height - 1 : 1;

    bool edited = false;

    switch (w->kind) {
    case W_TEXT:
        switch (a) {
        case ACT_LEFT: textfield_left(&w->text); break;
        case ACT_RIGHT: textfield_right(&w->text); break;
        case ACT_HOME: textfield_home(&w->text); break;
        case ACT_END: textfield_end(&w->text); break;
        case ACT_BACKSPACE: edited = textfield_backspace(&w->text); break;
        case ACT_DELETE: edited = textfield_delete(&w->text); break;
        case ACT_KILL_LINE: edited = textfield_kill_line(&w->text); break;
        case ACT_TOGGLE: edited = textfield_insert(&w->text, L' '); break;
        case ACT_NONE:
            if (wc && iswprint((wint_t)wc))
                edited = textfield_insert(&w->text, wc);
            break;
        default: break;
        }
        if (edited) {
            live_check(f, w);
            live_rules(f);
        }
        break;
    case W_CHECKS:
        switch (a) {
        case ACT_UP: checktree_move(&w->tree, -1); break;
        case ACT_DOWN: checktree_move(&w->tree, 1); break;
        case ACT_HOME: checktree_move(&w->tree, -(long)w->tree.n); break;
        case ACT_END: checktree_move(&w->tree, (long)w->tree.n); break;
        case ACT_TOGGLE:
            if (checktree_toggle(&w->tree, w->tree.cursor))
                live_rules(f);
            break;
        default: break;
        }
        break;
    case W_LIST:
        switch (a) {
        case ACT_UP: listbox_move(&w->list, -1); break;
        case ACT_DOWN: listbox_move(&w->list, 1); break;
        case ACT_PAGE_UP: listbox_move(&w->list, -page); break;
        case ACT_PAGE_DOWN: listbox_move(&w->list, page); break;
        case ACT_HOME: listbox_home(&w->list); break;
        case ACT_END: listbox_end(&w->list); break;
        case ACT_BACKSPACE: case ACT_KILL_LINE: case ACT_NONE:
            filter_edit(w, a, wc);
            break;
        default: break;
        }
        break;
    case W_BUTTONS:
        if (a == ACT_LEFT || a == ACT_RIGHT)
            w->button = !w->button;
        else if (a == ACT_TOGGLE)
            return w->button ? submit(f) : FORM_BACK;
        break;
    }
    return FORM_NONE;
}

static bool yes_key(enum action a, wchar_t wc)
{
    return a == ACT_ENTER || (a == ACT_NONE && wc && wcschr(L"jJyY", wc));
}

static bool no_key(enum action a, wchar_t wc)
{
    return a == ACT_BACK || (a == ACT_NONE && wc && wcschr(L"nN", wc));
}

static enum form_result modal_handle(struct form *f, enum action a, wchar_t wc)
{
    if (f->modal == MODAL_HELP) {
        f->modal = MODAL_NONE;      /* any key closes help */
        return FORM_NONE;
    }
    if (f->modal == MODAL_ACK) {
        if (yes_key(a, wc)) {
            f->modal = MODAL_NONE;
            snprintf(f->acked[f->n_acked++], sizeof(f->acked[0]), "%s", f->ack_rule);
            f->ack_question = NULL;
            return submit(f);       /* the next warning to acknowledge, or Next */
        }
        if (no_key(a, wc)) {
            f->modal = MODAL_NONE;
            f->ack_question = NULL;
        }
        return FORM_NONE;
    }
    /* MODAL_LEAVE: j/y/Enter = yes, n/Esc = no. */
    if (yes_key(a, wc)) {
        f->modal = MODAL_NONE;
        return f->first_step ? FORM_QUIT : FORM_BACK;
    }
    if (no_key(a, wc))
        f->modal = MODAL_NONE;
    return FORM_NONE;
}

/* Tab stops in order: the message area (only when it scrolls), each widget, then
 * the buttons < Back > and < Next > as two stops, so Back is reachable by Tab. */
static size_t stop_of(const struct form *f)
{
    const struct widget *w = &f->w[f->focus];

    if (f->msg_focus)
        return 0;
    return 1 + f->focus + (w->kind == W_BUTTONS && w->button == 1);
}

static void tab(struct form *f, int dir)
{
    size_t n = f->n + 2, s = stop_of(f);

    for (size_t tries = 0; tries < n; tries++) {
        s = (s + n + (size_t)(dir > 0 ? 1 : -1)) % n;
        if (s == 0) {
            if (!form_msg_scrollable(f))
                continue;
            f->msg_focus = true;
            return;
        }
        f->msg_focus = false;
        f->focus = s - 1 < f->n ? s - 1 : f->n - 1;
        if (f->w[f->focus].kind == W_BUTTONS)
            f->w[f->focus].button = s - 1 >= f->n;
        return;
    }
}

/* Arrows and pages on the focused message area scroll it. */
static bool msg_scroll(struct form *f, enum action a)
{
    int room = f->msg_room > 1 ? f->msg_room - 1 : 1, max = f->msg_lines - room, to;

    switch (a) {
    case ACT_UP: to = f->msg_top - 1; break;
    case ACT_DOWN: to = f->msg_top + 1; break;
    case ACT_PAGE_UP: to = f->msg_top - room; break;
    case ACT_PAGE_DOWN: to = f->msg_top + room; break;
    case ACT_HOME: to = 0; break;
    case ACT_END: to = max; break;
    default: return false;
    }
    f->msg_top = to < 0 ? 0 : to > max ? (max > 0 ? max : 0) : to;
    return true;
}

enum form_result form_handle(struct form *f, enum action a, wchar_t wc)
{
    struct widget *w = &f->w[f->focus];

    f->notice = NULL;
    if (a == ACT_REDRAW || a == ACT_RESIZE)
        return FORM_REDRAW;
    if (a == ACT_ASCII) {
        f->ascii = !f->ascii;
        return FORM_REDRAW;
    }
    if (f->modal != MODAL_NONE)
        return modal_handle(f, a, wc);
    if (f->msg_focus && !form_msg_scrollable(f))
        f->msg_focus = false;
    if (f->msg_focus && msg_scroll(f, a))
        return FORM_NONE;
    switch (a) {
    case ACT_NEXT_WIDGET:
        tab(f, 1);
        return FORM_NONE;
    case ACT_PREV_WIDGET:
        tab(f, -1);
        return FORM_NONE;
    case ACT_BACK:
        f->modal = MODAL_LEAVE;
        return FORM_NONE;
    case ACT_HELP:
        f->modal = MODAL_HELP;
        return FORM_NONE;
    case ACT_SAVE:
        if (f->view->can_save)
            return submit(f);
        f->notice = N_("Save is only possible on the Confirm step");
        return FORM_NONE;
    case ACT_ENTER:
        if (!f->msg_focus && w->kind == W_BUTTONS && w->button == 0)
            return FORM_BACK;
        return submit(f);
    default:
        return widget_handle(f, w, a, wc);
    }
}

int form_answer(const struct form *f, struct answer *a)
{
    for (size_t i = 0; i < f->n_acked; i++) {
        char id[128];

        snprintf(id, sizeof(id), "%s%s", ANSWER_ACK_PREFIX, f->acked[i]);
        if (answer_set(a, id, "1") < 0)
            return -1;
    }
    for (size_t i = 0; i < f->n; i++) {
        const struct widget *w = &f->w[i];

        if (w->kind == W_TEXT) {
            char *s = textfield_get(&w->text);
            int r = s ? answer_set(a, f->view->fields[w->field].id, s) : -1;

            free(s);
            if (r < 0)
                return -1;
        } else if (w->kind == W_CHECKS) {
            for (size_t j = 0; j < w->tree.n; j++)
                if (answer_set(a, w->items[j].id, w->items[j].checked ? "1" : "0") < 0)
                    return -1;
        }
    }
    return 0;
}

const char *form_help(const struct form *f)
{
    const struct widget *w = &f->w[f->focus];
    size_t field = w->field;

    if (w->kind == W_BUTTONS || f->msg_focus)
        return NULL;
    if (w->kind == W_CHECKS)
        field += w->tree.cursor;
    return f->view->fields[field].info;
}

const char *form_focus_id(const struct form *f)
{
    const struct widget *w = &f->w[f->focus];

    if (w->kind == W_BUTTONS || f->msg_focus)
        return NULL;
    return f->view->fields[w->field + (w->kind == W_CHECKS ? w->tree.cursor : 0)].id;
}
