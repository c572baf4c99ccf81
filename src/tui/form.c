#include "config.h"
#include "tui/form.h"

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
        if (edited)
            live_check(f, w);
        break;
    case W_CHECKS:
        switch (a) {
        case ACT_UP: checktree_move(&w->tree, -1); break;
        case ACT_DOWN: checktree_move(&w->tree, 1); break;
        case ACT_HOME: checktree_move(&w->tree, -(long)w->tree.n); break;
        case ACT_END: checktree_move(&w->tree, (long)w->tree.n); break;
        case ACT_TOGGLE: checktree_toggle(&w->tree, w->tree.cursor); break;
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
            return w->button ? FORM_SUBMIT : FORM_BACK;
        break;
    }
    return FORM_NONE;
}

static enum form_result modal_handle(struct form *f, enum action a, wchar_t wc)
{
    if (f->modal == MODAL_HELP) {
        f->modal = MODAL_NONE;      /* any key closes help */
        return FORM_NONE;
    }
    /* MODAL_LEAVE: j/y/Enter = yes, n/Esc = no. */
    if (a == ACT_ENTER || (a == ACT_NONE && wcschr(L"jJyY", wc) && wc)) {
        f->modal = MODAL_NONE;
        return f->first_step ? FORM_QUIT : FORM_BACK;
    }
    if (a == ACT_BACK || (a == ACT_NONE && wc && wcschr(L"nN", wc)))
        f->modal = MODAL_NONE;
    return FORM_NONE;
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
    switch (a) {
    case ACT_NEXT_WIDGET:
        f->focus = (f->focus + 1) % f->n;
        return FORM_NONE;
    case ACT_PREV_WIDGET:
        f->focus = (f->focus + f->n - 1) % f->n;
        return FORM_NONE;
    case ACT_BACK:
        f->modal = MODAL_LEAVE;
        return FORM_NONE;
    case ACT_HELP:
        f->modal = MODAL_HELP;
        return FORM_NONE;
    case ACT_SAVE:
        if (f->view->can_save)
            return FORM_SUBMIT;
        f->notice = N_("Save is only possible on the Confirm step");
        return FORM_NONE;
    case ACT_ENTER:
        if (w->kind == W_BUTTONS && w->button == 0)
            return FORM_BACK;
        return FORM_SUBMIT;
    default:
        return widget_handle(f, w, a, wc);
    }
}

int form_answer(const struct form *f, struct answer *a)
{
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

    if (w->kind == W_BUTTONS)
        return NULL;
    if (w->kind == W_CHECKS)
        field += w->tree.cursor;
    return f->view->fields[field].info;
}

const char *form_focus_id(const struct form *f)
{
    const struct widget *w = &f->w[f->focus];

    if (w->kind == W_BUTTONS)
        return NULL;
    return f->view->fields[w->field + (w->kind == W_CHECKS ? w->tree.cursor : 0)].id;
}
