#include "config.h"
#include "tui/draw.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/text.h"

enum { PAIR_TITLE = 1, PAIR_ERROR, PAIR_OK, PAIR_WARN };

static bool use_color;

void draw_init_colors(bool color)
{
    use_color = color && has_colors();
    if (!use_color)
        return;
    start_color();
    use_default_colors();
    init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
    init_pair(PAIR_ERROR, COLOR_RED, -1);
    init_pair(PAIR_OK, COLOR_GREEN, -1);
    init_pair(PAIR_WARN, COLOR_YELLOW, -1);
}

static attr_t pair(int p)
{
    return use_color ? (attr_t)COLOR_PAIR(p) : 0;
}

/* Draw UTF-8 text (sanitised) at y,x, clipped to `cols` columns; returns columns used. */
static int put(int y, int x, const char *utf8, int cols, attr_t attr)
{
    wchar_t *w = text_sanitize(utf8);
    size_t n;
    int used;

    if (!w || cols <= 0) {
        free(w);
        return 0;
    }
    n = text_fit(w, cols);
    used = text_width(w, n);
    attron(attr);
    mvaddnwstr(y, x, w, (int)n);
    attroff(attr);
    free(w);
    return used;
}

static void hline_at(int y, bool ascii)
{
    move(y, 0);
    if (ascii)
        for (int i = 0; i < COLS; i++)
            addch('-');
    else
        hline(ACS_HLINE, COLS);
}

static attr_t level_attr(enum diag_level l)
{
    switch (l) {
    case DIAG_OK: return pair(PAIR_OK);
    case DIAG_INFO: return 0;
    case DIAG_WARN: return pair(PAIR_WARN) | A_BOLD;
    case DIAG_ERROR: return pair(PAIR_ERROR) | A_BOLD;
    }
    return 0;
}

static int put_diag(int y, int x, const struct diag *d, int cols)
{
    char buf[768];

    snprintf(buf, sizeof(buf), "%s: %s", diag_level_word(d->level), d->text);
    return put(y, x, buf, cols, level_attr(d->level));
}

/* The field's worst diagnostic, or NULL. */
static const struct diag *field_diag(const struct view *v, const char *id)
{
    const struct diag *best = NULL;

    for (size_t i = 0; id && i < v->diags.n; i++) {
        const struct diag *d = &v->diags.v[i];

        if (d->field && strcmp(d->field, id) == 0 && d->level > DIAG_OK &&
            (!best || d->level > best->level))
            best = d;
    }
    return best;
}

static bool attached(const struct view *v, const char *field)
{
    const struct field *f = field ? view_find_field(v, field) : NULL;

    return f && (f->kind == FIELD_TEXT || f->kind == FIELD_CHECK);
}

struct wrap_ctx { int y, x, max_y; };

static void wrap_line(void *ctx, const wchar_t *p, size_t n)
{
    struct wrap_ctx *c = ctx;

    if (c->y < c->max_y)
        mvaddnwstr(c->y, c->x, p, (int)n);
    c->y++;
}

static int paragraph_lines(const char *utf8, int cols)
{
    wchar_t *w = text_sanitize(utf8);
    int n = w ? text_wrap(w, cols, NULL, NULL) : 0;

    free(w);
    return n;
}

static int draw_paragraph(int y, int max_y, const char *utf8, int cols, attr_t attr)
{
    struct wrap_ctx c = { y, 2, max_y };
    wchar_t *w = text_sanitize(utf8);

    if (!w)
        return y;
    attron(attr);
    text_wrap(w, cols, wrap_line, &c);
    attroff(attr);
    free(w);
    return c.y;
}

static int min_height(const struct widget *w)
{
    switch (w->kind) {
    case W_TEXT: return 2;
    case W_CHECKS: return (int)(w->tree.n < 4 ? w->tree.n : 4);
    case W_LIST: return 5;
    case W_BUTTONS: return 0;
    }
    return 1;
}

static int want_height(const struct widget *w)
{
    switch (w->kind) {
    case W_TEXT: return 2;
    case W_CHECKS: return (int)w->tree.n;
    case W_LIST: return (int)w->list.n_rows + 2;
    case W_BUTTONS: return 0;
    }
    return 1;
}

/* Each widget draws itself in rows [y, y + w->height) and returns the cursor spot. */
struct spot { int y, x; };

static struct spot draw_text_widget(const struct form *f, struct widget *w, int y, bool focus)
{
    const struct field *fl = &f->view->fields[w->field];
    const struct diag *d = field_diag(f->view, fl->id);
    int x = 2, box = 40, cx;

    x += put(y, x, fl->label, 30, A_BOLD);
    x += put(y, x, ":", 1, A_BOLD) + 1;
    mvaddch(y, x, '[');
    x++;
    cx = textfield_fit(&w->text, box);
    attron(A_UNDERLINE | (focus ? A_BOLD : 0));
    for (int i = 0; i < box; i++)
        mvaddch(y, x + i, ' ');
    {
        size_t n = 0;
        int cols = 0;

        while (w->text.scroll + n < w->text.len) {
            int cw = textfield_width(&w->text, w->text.scroll + n, w->text.scroll + n + 1);

            if (cols + cw > box)
                break;
            cols += cw;
            n++;
        }
        /* The field holds user input: show it as typed, controls replaced. */
        for (size_t i = 0; i < n; i++) {
            wchar_t c = w->text.buf[w->text.scroll + i];
            wchar_t s[2] = { wcwidth(c) < 0 ? L'?' : c, 0 };

            mvaddnwstr(y, x + textfield_width(&w->text, w->text.scroll, w->text.scroll + i), s, 1);
        }
    }
    attroff(A_UNDERLINE | A_BOLD);
    mvaddch(y, x + box, ']');
    /* Once edited, the verdict on what is typed now; until then the step's own. */
    if (w->live_set) {
        struct diag live = { .level = w->live_level, .text = w->live };

        if (w->live[0])
            put_diag(y + 1, 4, &live, COLS - 6);
    } else if (d) {
        put_diag(y + 1, 4, d, COLS - 6);
    }
    return (struct spot){ y, x + cx };
}

static struct spot draw_checks(const struct form *f, struct widget *w, int y, bool focus)
{
    struct checktree *t = &w->tree;
    struct spot s = { y, 3 };

    checktree_fit(t, (size_t)(w->height > 0 ? w->height : 1));
    for (int r = 0; r < w->height && t->top + (size_t)r < t->n; r++) {
        size_t i = t->top + (size_t)r;
        const struct checktree_item *it = &t->items[i];
        const struct diag *d = field_diag(f->view, it->id);
        int x = 2 + 4 * checktree_depth(t, i);
        char box[8];
        attr_t a = (focus && i == t->cursor) ? A_REVERSE : 0;

        snprintf(box, sizeof(box), it->radio ? "(%c)" : "[%c]",
                 it->checked ? (it->radio ? '*' : 'x') : ' ');
        put(y + r, x, box, 3, a);
        if (i == t->cursor)
            s = (struct spot){ y + r, x + 1 };
        x += 4;
        x += put(y + r, x, it->label, COLS - x - 2, a);
        if (f->view->fields[w->field + i].info)
            x += put(y + r, x, " (F1)", 5, A_DIM);
        if (d)
            put_diag(y + r, x + 2, d, COLS - x - 3);
    }
    return s;
}

static struct spot draw_list(const struct form *f, struct widget *w, int y, bool focus)
{
    const struct field *fl = &f->view->fields[w->field];
    struct listbox *l = &w->list;
    int half = (COLS - 6) / 2, rows = w->height - 2;
    struct spot s = { y + 1, 2 };
    char buf[128];

    if (rows < 1)
        rows = 1;
    if (fl->heading[0])
        put(y, 4, fl->heading[0], half - 2, A_BOLD);
    if (fl->heading[1])
        put(y, 4 + half, fl->heading[1], half - 2, A_BOLD);
    if (!fl->heading[0] && !fl->heading[1])
        put(y, 2, fl->label, COLS - 4, A_BOLD);
    listbox_fit(l, (size_t)rows);
    for (int r = 0; r < rows && l->top + (size_t)r < l->n_shown; r++) {
        const struct listbox_row *row = &l->rows[l->shown[l->top + (size_t)r]];
        bool sel = focus && l->top + (size_t)r == l->sel;
        attr_t a = sel ? A_REVERSE : 0;
        char mark[2] = { row->mark ? row->mark : ' ', 0 };

        if (fl->kind == FIELD_LIST && !strcmp(fl->id, "checks")) {
            enum diag_level lv = row->mark == 'x' ? DIAG_ERROR : row->mark == '!' ? DIAG_WARN
                               : row->mark == 'o' ? DIAG_OK : DIAG_INFO;
            int x = 2 + put(y + 1 + r, 2, diag_level_word(lv), 10, level_attr(lv) | a);

            x = 14;
            x += put(y + 1 + r, x, row->col[0], COLS - x - 2, a);
            if (row->col[1] && *row->col[1])
                put(y + 1 + r, x + 2, row->col[1], COLS - x - 4, A_DIM);
        } else {
            put(y + 1 + r, 2, mark, 1, A_BOLD | a);
            put(y + 1 + r, 4, row->col[0] ? row->col[0] : "", half - 2, a);
            put(y + 1 + r, 4 + half, row->col[1] ? row->col[1] : "", half - 2, a);
        }
        if (sel)
            s.y = y + 1 + r;
    }
    if (l->n_rows > (size_t)rows || l->filter[0]) {
        snprintf(buf, sizeof(buf), _("Filter: %s  (%zu of %zu, type to filter)"), l->filter,
                 l->n_shown, l->n_rows);
        put(y + w->height - 1, 2, buf, COLS - 4, A_DIM);
    }
    return s;
}

static struct spot draw_buttons(const struct form *f, struct widget *w, int y, bool focus)
{
    const char *next = f->view->can_save ? _("Save") : _("Next");
    char b0[64], b1[64];
    int x1, x0;

    snprintf(b0, sizeof(b0), "< %s >", _("Back"));
    snprintf(b1, sizeof(b1), "< %s >", next);
    x1 = COLS - 2 - (int)strlen(b1);
    x0 = x1 - 4 - (int)strlen(b0);
    put(y, x0, b0, 30, focus && w->button == 0 ? A_REVERSE : 0);
    put(y, x1, b1, 30, focus && w->button == 1 ? A_REVERSE : A_BOLD);
    return (struct spot){ y, (w->button ? x1 : x0) + 2 };
}

static void draw_footer(int y)
{
    int x = 0;

    move(y, 0);
    for (const struct keybinding *k = keybindings; k->action != ACT_NONE; k++) {
        char buf[64];
        int len;

        if (!k->footer)
            continue;
        snprintf(buf, sizeof(buf), "%s %s", _(k->key_name), _(k->label));
        len = (int)strlen(buf);
        if (x + len > COLS - 1)
            break;
        x += put(y, x, buf, COLS - x, A_REVERSE) + 1;
    }
}

static void draw_stepbar(const struct frame *fr, int y)
{
    int x = 1;

    for (size_t i = 0; i < fr->count; i++) {
        char buf[16];

        snprintf(buf, sizeof(buf), i == fr->index ? "[%zu]" : " %zu ", i);
        x += put(y, x, buf, 4, i == fr->index ? A_REVERSE | A_BOLD : A_DIM);
    }
    put(y, x + 2, fr->title, COLS - x - 3, A_BOLD);
}

static void draw_box(int y, int x, int h, int w, bool ascii)
{
    for (int r = y; r < y + h; r++)
        mvhline(r, x, ' ', w);
    if (ascii) {
        mvhline(y, x, '-', w);
        mvhline(y + h - 1, x, '-', w);
        mvvline(y, x, '|', h);
        mvvline(y, x + w - 1, '|', h);
    } else {
        mvhline(y, x, ACS_HLINE, w);
        mvhline(y + h - 1, x, ACS_HLINE, w);
        mvvline(y, x, ACS_VLINE, h);
        mvvline(y, x + w - 1, ACS_VLINE, h);
        mvaddch(y, x, ACS_ULCORNER);
        mvaddch(y, x + w - 1, ACS_URCORNER);
        mvaddch(y + h - 1, x, ACS_LLCORNER);
        mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
    }
}

static struct spot draw_modal(const struct form *f)
{
    int w = COLS - 16, h = LINES - 8, y = 4, x = 8, yy;
    const char *help = form_help(f);

    draw_box(y, x, h, w, f->ascii);
    if (f->modal == MODAL_LEAVE) {
        const char *q = f->first_step
            ? _("Leave the wizard? Nothing has been saved or sent. (y/n)")
            : _("Go back to the previous step? (y/n)");
        struct wrap_ctx c = { y + 2, x + 2, y + h - 1 };
        wchar_t *wq = text_sanitize(q);

        if (wq)
            text_wrap(wq, w - 4, wrap_line, &c);
        free(wq);
        return (struct spot){ y + 2, x + 2 };
    }
    put(y, x + 2, _(" Help "), w - 4, A_BOLD);
    {
        struct wrap_ctx c = { y + 2, x + 2, y + h - 2 };
        const char *id = form_focus_id(f);
        bool any = false;

        if (help) {
            wchar_t *wh = text_sanitize(help);

            if (wh)
                text_wrap(wh, w - 4, wrap_line, &c);
            free(wh);
            c.y++;
            any = true;
        }
        /* The whole of each finding for the focused item: the screen cuts them short. */
        for (size_t i = 0; id && i < f->view->diags.n; i++) {
            const struct diag *d = &f->view->diags.v[i];
            char line[1024];
            wchar_t *wl;

            if (!d->field || strcmp(d->field, id) || d->level == DIAG_OK)
                continue;
            snprintf(line, sizeof(line), "%s: %s%s%s", diag_level_word(d->level), d->text,
                     d->hint ? " - " : "", d->hint ? d->hint : "");
            if ((wl = text_sanitize(line))) {
                attron(level_attr(d->level));
                text_wrap(wl, w - 4, wrap_line, &c);
                attroff(level_attr(d->level));
                free(wl);
            }
            any = true;
        }
        if (!any) {
            yy = y + 2;
            for (const struct keybinding *k = keybindings; k->action != ACT_NONE && yy < y + h - 2; k++)
                if (k->key_name) {
                    put(yy, x + 2, _(k->key_name), 8, A_BOLD);
                    put(yy++, x + 12, _(k->label), w - 14, 0);
                }
        }
    }
    put(y + h - 2, x + 2, _("Press any key to close"), w - 4, A_DIM);
    return (struct spot){ y + h - 2, x + 2 };
}

static void layout(struct form *f, int avail)
{
    int need = 0, extra;

    for (size_t i = 0; i < f->n; i++) {
        f->w[i].height = min_height(&f->w[i]);
        need += f->w[i].height + (f->w[i].kind != W_BUTTONS);
    }
    extra = avail - need;
    for (size_t i = 0; i < f->n && extra > 0; i++) {
        int more = want_height(&f->w[i]) - f->w[i].height;

        if (more > extra)
            more = extra;
        if (more > 0) {
            f->w[i].height += more;
            extra -= more;
        }
    }
}

bool draw_screen(struct form *f, const struct frame *fr)
{
    const struct view *v = f->view;
    int y, body_end = LINES - 3, widget_rows = 0, para_room;
    struct spot cursor = { 0, 0 };
    char buf[256];

    werase(stdscr);
    if (LINES < TUI_MIN_LINES || COLS < TUI_MIN_COLS) {
        snprintf(buf, sizeof(buf), _("The window is too small (needs %dx%d)"), TUI_MIN_COLS,
                 TUI_MIN_LINES);
        put(LINES / 2, 0, buf, COLS, A_BOLD);
        snprintf(buf, sizeof(buf), "%dx%d", COLS, LINES);
        put(LINES / 2 + 1, 0, buf, COLS, 0);
        move(LINES / 2, 0);
        wnoutrefresh(stdscr);
        return false;
    }
    attron(A_REVERSE | pair(PAIR_TITLE));
    mvhline(0, 0, ' ', COLS);
    attroff(A_REVERSE | pair(PAIR_TITLE));
    put(0, 1, _("HelseID administration"), COLS / 2, A_REVERSE | A_BOLD | pair(PAIR_TITLE));
    snprintf(buf, sizeof(buf), fr->count > 1 ? _("Step %zu of %zu") : "", fr->index, fr->count - 1);
    put(0, COLS - 1 - (int)strlen(buf), buf, 20, A_REVERSE | pair(PAIR_TITLE));
    draw_stepbar(fr, 1);
    hline_at(2, f->ascii);

    for (size_t i = 0; i < f->n; i++)
        widget_rows += min_height(&f->w[i]) + (f->w[i].kind != W_BUTTONS);
    para_room = body_end - 3 - widget_rows;
    y = 3;
    for (size_t i = 0; i < v->n_paragraphs && y < 3 + para_room; i++) {
        int lines = paragraph_lines(v->paragraphs[i], COLS - 4);

        if (y + lines > 3 + para_room)
            break;
        y = draw_paragraph(y, 3 + para_room, v->paragraphs[i], COLS - 4, 0);
    }
    for (size_t i = 0; i < v->diags.n; i++)
        if (!attached(v, v->diags.v[i].field) && v->diags.v[i].level > DIAG_OK &&
            y < 3 + para_room)
            put_diag(y++, 2, &v->diags.v[i], COLS - 4);
    if (y > 3)
        y++;
    layout(f, body_end - y);
    for (size_t i = 0; i < f->n; i++) {
        struct widget *w = &f->w[i];
        bool focus = i == f->focus;
        struct spot s = { 0, 0 };

        switch (w->kind) {
        case W_TEXT: s = draw_text_widget(f, w, y, focus); break;
        case W_CHECKS: s = draw_checks(f, w, y, focus); break;
        case W_LIST: s = draw_list(f, w, y, focus); break;
        case W_BUTTONS: s = draw_buttons(f, w, LINES - 2, focus); break;
        }
        if (focus)
            cursor = s;
        y += w->height + 1;
    }
    if (fr->error) {
        snprintf(buf, sizeof(buf), "%s: %s", _("Error"), fr->error);
        put(LINES - 3, 2, buf, COLS - 4, level_attr(DIAG_ERROR));
    }
    else if (f->notice)
        put(LINES - 3, 2, _(f->notice), COLS - 4, A_BOLD);
    draw_footer(LINES - 1);
    if (f->modal != MODAL_NONE)
        cursor = draw_modal(f);
    move(cursor.y, cursor.x);
    wnoutrefresh(stdscr);
    return true;
}
