/* One screen of the wizard, laid out for the window's size. Nothing that is a sentence
 * or an identifier is cut: messages are word-wrapped by display width, a message area
 * that does not fit scrolls (with marks saying how much more there is), lists and
 * checkbox trees scroll with marks and counts and keep the focused item visible, and a
 * value that still cannot fit ends in "…" so a cut is never silent. */
#include "config.h"
#include "tui/draw.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "tui/shown.h"
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

static bool utf8_term(void)
{
    return MB_CUR_MAX > 1;
}

/* Draw UTF-8 text (sanitised) at y,x in at most `cols` columns; a cut ends in "…".
 * Returns the columns used. */
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
    attron(attr);
    if (w[n] && cols > 1) {
        n = text_fit(w, cols - 1);
        mvaddnwstr(y, x, w, (int)n);
        addwstr(utf8_term() ? L"\u2026" : L"~");
        used = text_width(w, n) + 1;
    } else {
        mvaddnwstr(y, x, w, (int)n);
        used = text_width(w, n);
    }
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

/* ---- wrapped text blocks ------------------------------------------------------ */

struct tline {
    wchar_t *w;
    attr_t attr;
    int x;
};

struct block {
    struct tline *v;
    int n, alloc;
};

static void block_clear(struct block *b)
{
    for (int i = 0; i < b->n; i++)
        free(b->v[i].w);
    free(b->v);
    memset(b, 0, sizeof(*b));
}

struct wrap_ctx {
    struct block *b;
    attr_t attr;
    int x, x_next;
};

static void push_line(void *ctx, const wchar_t *p, size_t n)
{
    struct wrap_ctx *c = ctx;
    struct block *b = c->b;
    wchar_t *copy;

    if (b->n == b->alloc) {
        int na = b->alloc ? b->alloc * 2 : 16;
        struct tline *nv = realloc(b->v, (size_t)na * sizeof(*nv));

        if (!nv)
            return;
        b->v = nv;
        b->alloc = na;
    }
    if (!(copy = malloc((n + 1) * sizeof(*copy))))
        return;
    wmemcpy(copy, p, n);
    copy[n] = L'\0';
    b->v[b->n++] = (struct tline){ copy, c->attr, c->x };
    c->x = c->x_next;
}

/* Append `utf8` word-wrapped to end before column COLS - 2: the first line at column
 * x, the rest at x_next (a hanging indent). The message is recorded as shown. */
static void block_add(struct block *b, const char *utf8, int x, int x_next, attr_t attr)
{
    struct wrap_ctx c = { b, attr, x, x_next };
    int cols = COLS - 2 - (x > x_next ? x : x_next);
    wchar_t *w = text_sanitize(utf8);

    shown_add(utf8);
    if (!w)
        return;
    if (!*w)
        push_line(&c, w, 0);
    else
        text_wrap(w, cols, push_line, &c);
    free(w);
}

static void block_add_diag(struct block *b, const struct diag *d, int x, bool with_hint)
{
    char buf[1536];

    snprintf(buf, sizeof(buf), "%s: %s", diag_level_word(d->level), d->text);
    if (with_hint && d->hint && d->level >= DIAG_WARN)
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " (%s)", d->hint);
    block_add(b, buf, x, x + 2, level_attr(d->level));
}

static void block_draw(const struct block *b, int from, int count, int y)
{
    for (int i = 0; i < count && from + i < b->n; i++) {
        const struct tline *l = &b->v[from + i];

        attron(l->attr);
        mvaddwstr(y + i, l->x, l->w);
        attroff(l->attr);
    }
}

/* ---- what the screen shows ----------------------------------------------------- */

static bool attached(const struct view *v, const char *field)
{
    const struct field *f = field ? view_find_field(v, field) : NULL;

    return f && (f->kind == FIELD_TEXT || f->kind == FIELD_CHECK);
}

static bool is_checks(const struct field *f)
{
    return f->kind == FIELD_LIST && f->id && strcmp(f->id, "checks") == 0;
}

static int width_of(const char *utf8)
{
    wchar_t *w = text_sanitize(utf8 ? utf8 : "");
    int n = w ? text_width(w, wcslen(w)) : 0;

    free(w);
    return n;
}

/* One diff row: "M label   value", the value wrapped under itself when long. */
static void block_add_row(struct block *b, char mark, const char *c0, int c0w, const char *c1,
                          attr_t attr)
{
    int x1 = 4 + c0w + 2, first = b->n;
    char head[512];

    block_add(b, c1 && *c1 ? c1 : " ", x1, x1, attr);
    if (b->n == first)
        return;
    snprintf(head, sizeof(head), "%c %s", mark ? mark : ' ', c0 ? c0 : "");
    shown_add(c0);
    {
        wchar_t *h = text_sanitize(head), *line;
        size_t hl = h ? wcslen(h) : 0, vl = wcslen(b->v[first].w);
        int pad = x1 - 2 - (h ? text_width(h, hl) : 0);

        line = h ? malloc((hl + (size_t)(pad > 0 ? pad : 1) + vl + 1) * sizeof(*line)) : NULL;
        if (line) {
            wmemcpy(line, h, hl);
            for (int i = 0; i < (pad > 0 ? pad : 1); i++)
                line[hl++] = L' ';
            wmemcpy(line + hl, b->v[first].w, vl + 1);
            free(b->v[first].w);
            b->v[first].w = line;
            b->v[first].x = 2;
        }
        free(h);
    }
}

static void diff_block(const struct field *fl, struct block *b)
{
    int c0w = 0;

    for (size_t i = 0; i <= fl->n_rows; i++) {
        int w = width_of(i < fl->n_rows ? fl->rows[i].col[0] : fl->heading[0]);

        c0w = w > c0w ? w : c0w;
    }
    if (c0w > (COLS - 6) / 3)
        c0w = (COLS - 6) / 3;
    block_add_row(b, ' ', fl->heading[0], c0w, fl->heading[1], A_BOLD);
    for (size_t i = 0; i < fl->n_rows; i++)
        block_add_row(b, fl->rows[i].mark, fl->rows[i].col[0], c0w, fl->rows[i].col[1], 0);
}

/* One row of the preflight's checks: the level word in its own column of the row's
 * first line, the text beside it, a warning's or error's detail under it. */
static void block_add_check_row(struct block *b, const struct view_row *row)
{
    enum diag_level lv = row->mark == 'x' ? DIAG_ERROR : row->mark == '!' ? DIAG_WARN
                       : row->mark == 'o' ? DIAG_OK : DIAG_INFO;
    int first = b->n;

    block_add(b, row->col[0] ? row->col[0] : "", 14, 14, 0);
    if (b->n > first) {
        wchar_t *lw = text_sanitize(diag_level_word(lv));
        size_t len = lw ? wcslen(lw) : 0;
        wchar_t *line = lw ? malloc((len + 13 + wcslen(b->v[first].w)) * sizeof(*line)) : NULL;

        if (line) {
            swprintf(line, len + 13 + wcslen(b->v[first].w), L"%-12ls%ls", lw, b->v[first].w);
            free(b->v[first].w);
            b->v[first].w = line;
            b->v[first].x = 2;
            b->v[first].attr = level_attr(lv) & ~A_BOLD;
        }
        free(lw);
    }
    if (lv >= DIAG_WARN && row->col[1] && *row->col[1])
        block_add(b, row->col[1], 14, 14, A_DIM);
}

/* A finding shown in the message area: not attached to a field drawn with it, nor to
 * the checks (their rows say it). */
static bool in_message_area(const struct view *v, const struct diag *d)
{
    const struct field *fl = d->field ? view_find_field(v, d->field) : NULL;

    return !attached(v, d->field) && d->level > DIAG_OK && !(fl && is_checks(fl));
}

/* The message area: paragraphs, the preflight's checks, findings not attached to a
 * field. */
static void message_block(const struct form *f, struct block *b)
{
    const struct view *v = f->view;
    const struct diags *d = form_diags(f);

    for (size_t i = 0; i < v->n_paragraphs; i++)
        block_add(b, v->paragraphs[i], 2, 2, 0);
    for (size_t i = 0; i < v->n_fields; i++) {
        const struct field *fl = &v->fields[i];

        if (fl->kind != FIELD_DIFF && !is_checks(fl))
            continue;
        if (b->n)
            block_add(b, "", 2, 2, 0);
        if (fl->kind == FIELD_DIFF) {
            diff_block(fl, b);
            continue;
        }
        block_add(b, fl->label, 2, 2, A_BOLD);
        for (size_t r = 0; r < fl->n_rows; r++)
            block_add_check_row(b, &fl->rows[r]);
    }
    for (size_t i = 0; i < d->n; i++)
        if (in_message_area(v, &d->v[i]))
            block_add_diag(b, &d->v[i], 2, true);
}

/* The findings attached to a widget's fields, drawn under it. */
static void widget_diags(const struct form *f, const struct widget *w, struct block *b)
{
    const struct view *v = f->view;
    const struct diags *d = form_diags(f);
    size_t n = w->kind == W_CHECKS ? w->tree.n : 1;

    if (w->kind == W_TEXT && w->live_set) {
        struct diag live = { .level = w->live_level, .text = (char *)w->live };

        if (w->live[0])
            block_add_diag(b, &live, 4, false);
        return;
    }
    if (w->kind == W_LIST || w->kind == W_BUTTONS)
        return;
    for (size_t i = 0; i < d->n; i++)
        for (size_t k = 0; k < n; k++)
            if (d->v[i].field && d->v[i].level > DIAG_OK &&
                strcmp(d->v[i].field, v->fields[w->field + k].id) == 0)
                block_add_diag(b, &d->v[i], 4, w->kind == W_CHECKS);
}

static bool item_has_diag(const struct form *f, const char *id)
{
    const struct diags *d = form_diags(f);

    for (size_t i = 0; id && i < d->n; i++)
        if (d->v[i].field && d->v[i].level > DIAG_OK && strcmp(d->v[i].field, id) == 0)
            return true;
    return false;
}

/* "↑ 3 more  ↓ 4 more  14/20": where a scrolled list stands. */
static void scroll_mark(char *buf, size_t n, size_t above, size_t below, size_t at, size_t of)
{
    size_t len = 0;

    buf[0] = '\0';
    if (above)
        /* TRANSLATORS: a scroll mark: %s is an arrow, %zu the rows above or below. */
        len += (size_t)snprintf(buf + len, n - len, _("%s %zu more"), utf8_term() ? "\u2191" : "^",
                                above);
    if (below && len < n)
        len += (size_t)snprintf(buf + len, n - len, "%s", len ? "  " : "");
    if (below && len < n)
        len += (size_t)snprintf(buf + len, n - len, _("%s %zu more"), utf8_term() ? "\u2193" : "v",
                                below);
    if (of && len < n)
        snprintf(buf + len, n - len, "%s%zu/%zu", len ? "  " : "", at, of);
}

static bool diags_shown(const struct diags *d, const char *text)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].level > DIAG_OK && d->v[i].text && strcmp(d->v[i].text, text) == 0)
            return true;
    return false;
}

/* ---- widgets --------------------------------------------------------------------- */

struct spot { int y, x; };

/* A text field's label goes on its own line when label and box do not fit side by
 * side. */
static int text_label_lines(const struct form *f, const struct widget *w)
{
    const struct field *fl = &f->view->fields[w->field];
    wchar_t *l = text_sanitize(fl->label);
    int width = l ? text_width(l, wcslen(l)) : 0, lines;

    lines = width + 4 + 3 + 24 <= COLS - 4 ? 0 : (l ? text_wrap(l, COLS - 4, NULL, NULL) : 1);
    free(l);
    return lines;
}

static struct spot draw_text_widget(const struct form *f, struct widget *w, int y, bool focus)
{
    const struct field *fl = &f->view->fields[w->field];
    int x = 2, box, cx, label_lines = text_label_lines(f, w);
    char label[512];

    snprintf(label, sizeof(label), "%s:", fl->label);
    if (label_lines) {
        struct block b = { 0 };

        block_add(&b, label, 2, 2, A_BOLD);
        block_draw(&b, 0, b.n, y);
        y += b.n;
        block_clear(&b);
    } else {
        shown_add(label);
        x += put(y, x, label, COLS - 4, A_BOLD) + 1;
    }
    box = COLS - x - 4 < 40 ? COLS - x - 4 : 40;
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
    return (struct spot){ y, x + cx };
}

static struct spot draw_checks(const struct form *f, struct widget *w, int y, int rows,
                               bool focus)
{
    struct checktree *t = &w->tree;
    struct spot s = { y, 3 };
    int shown = rows < (int)t->n ? rows - 1 : rows;
    char mark[96];

    if (shown < 1)
        shown = 1;
    checktree_fit(t, (size_t)shown);
    for (int r = 0; r < shown && t->top + (size_t)r < t->n; r++) {
        size_t i = t->top + (size_t)r;
        const struct checktree_item *it = &t->items[i];
        int x = 2 + 4 * checktree_depth(t, i);
        char box[8], label[512];
        attr_t a = (focus && i == t->cursor) ? A_REVERSE : 0;
        bool flagged = item_has_diag(f, it->id);

        snprintf(box, sizeof(box), it->radio ? "(%c)" : "[%c]",
                 it->checked ? (it->radio ? '*' : 'x') : ' ');
        put(y + r, x, box, 3, a);
        if (i == t->cursor)
            s = (struct spot){ y + r, x + 1 };
        x += 4;
        snprintf(label, sizeof(label), "%s%s", it->label,
                 f->view->fields[w->field + i].info ? " (F1)" : "");
        shown_add(it->label);
        x += put(y + r, x, label, COLS - x - 4, a);
        if (flagged)
            put(y + r, x + 1, "!", 1, A_BOLD);
    }
    if (shown < (int)t->n) {
        scroll_mark(mark, sizeof(mark), t->top, t->n - t->top - (size_t)shown, t->cursor + 1, t->n);
        put(y + shown, 6, mark, COLS - 8, A_DIM);
    }
    return s;
}

static struct spot draw_list(const struct form *f, struct widget *w, int y, int height,
                             bool focus)
{
    const struct field *fl = &f->view->fields[w->field];
    struct listbox *l = &w->list;
    int c0 = (COLS - 6) / 2 - 2;
    int x1 = 4 + c0 + 2, c1 = COLS - 2 - x1, rows = height - 1;
    bool status = l->n_shown > (size_t)rows || l->filter[0];
    struct spot s = { y + 1, 2 };
    char buf[192], mark[96];

    if (status)
        rows--;
    if (rows < 1)
        rows = 1;
    if (fl->heading[0])
        put(y, 4, fl->heading[0], c0, A_BOLD);
    if (fl->heading[1])
        put(y, x1, fl->heading[1], c1, A_BOLD);
    if (!fl->heading[0] && !fl->heading[1])
        put(y, 2, fl->label, COLS - 4, A_BOLD);
    listbox_fit(l, (size_t)rows);
    for (int r = 0; r < rows && l->top + (size_t)r < l->n_shown; r++) {
        const struct listbox_row *row = &l->rows[l->shown[l->top + (size_t)r]];
        bool sel = focus && l->top + (size_t)r == l->sel;
        attr_t a = sel ? A_REVERSE : 0;
        char m[2] = { row->mark ? row->mark : ' ', 0 };

        put(y + 1 + r, 2, m, 1, A_BOLD | a);
        put(y + 1 + r, 4, row->col[0] ? row->col[0] : "", c0, a);
        put(y + 1 + r, x1, row->col[1] ? row->col[1] : "", c1, a);
        shown_add(row->col[1]);
        if (sel)
            s.y = y + 1 + r;
    }
    if (status) {
        size_t below = l->n_shown > l->top + (size_t)rows ? l->n_shown - l->top - (size_t)rows : 0;

        scroll_mark(mark, sizeof(mark), l->top, below, l->n_shown ? l->sel + 1 : 0, l->n_shown);
        snprintf(buf, sizeof(buf), "%s   %s %s", mark, _("Filter:"), l->filter[0] ? l->filter
                 : _("(type to filter)"));
        put(y + 1 + rows, 4, buf, COLS - 6, A_DIM);
    }
    return s;
}

static struct spot draw_buttons(const struct form *f, struct widget *w, int y, bool focus)
{
    const char *next = f->view->can_save ? _("Save") : _("Next");
    char b0[64], b1[64];
    wchar_t *wb0, *wb1;
    int x1, x0, l0, l1;

    snprintf(b0, sizeof(b0), "< %s >", _("Back"));
    snprintf(b1, sizeof(b1), "< %s >", next);
    wb0 = text_sanitize(b0);
    wb1 = text_sanitize(b1);
    l0 = wb0 ? text_width(wb0, wcslen(wb0)) : 8;
    l1 = wb1 ? text_width(wb1, wcslen(wb1)) : 8;
    free(wb0);
    free(wb1);
    x1 = COLS - 2 - l1;
    x0 = x1 - 4 - l0;
    shown_add(b0);
    shown_add(b1);
    put(y, x0, b0, l0, focus && w->button == 0 ? A_REVERSE : 0);
    put(y, x1, b1, l1, focus && w->button == 1 ? A_REVERSE : A_BOLD);
    return (struct spot){ y, (w->button ? x1 : x0) + 2 };
}

/* ---- footer: only the keys that do something here -------------------------------- */

static int footer_item(int y, int x, const char *key, const char *label)
{
    char buf[96];
    wchar_t *w;
    int len;

    snprintf(buf, sizeof(buf), "%s %s", key, label);
    w = text_sanitize(buf);
    len = w ? text_width(w, wcslen(w)) : 0;
    free(w);
    if (x + len > COLS - 1)
        return x;
    shown_add(buf);
    return x + put(y, x, buf, COLS - x, A_REVERSE) + 1;
}

static size_t tab_stops(const struct form *f)
{
    return f->n + 1 + form_msg_scrollable(f);
}

static void draw_footer(const struct form *f, int y)
{
    const struct widget *w = &f->w[f->focus];
    bool on_back = !f->msg_focus && w->kind == W_BUTTONS && w->button == 0;
    int x = 0;

    move(y, 0);
    if (f->modal == MODAL_HELP)
        return;
    if (f->modal != MODAL_NONE) {
        /* TRANSLATORS: the key that answers yes to a (y/n) question ("j" in Norwegian). */
        x = footer_item(y, x, _("y"), _("yes"));
        footer_item(y, x, "n", _("no"));
        return;
    }
    if (tab_stops(f) > 1)
        x = footer_item(y, x, "Tab", _("next field"));
    if (f->msg_focus || w->kind == W_LIST)
        /* TRANSLATORS: the arrow keys in the footer. */
        x = footer_item(y, x, utf8_term() ? "\u2191\u2193" : "Up/Down", _("scroll"));
    if (!f->msg_focus && w->kind == W_CHECKS)
        x = footer_item(y, x, _("Space"), _("choose"));
    x = footer_item(y, x, "Enter", on_back ? _("back") : f->view->can_save ? _("save") : _("next"));
    x = footer_item(y, x, "Esc", f->first_step ? _("quit") : _("back"));
    x = footer_item(y, x, "F1", _("help"));
    if (f->view->can_save)
        footer_item(y, x, "F10", _("save"));
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

/* The question the box asks (leave, go back, acknowledge a warning). */
static void question_block(const struct form *f, struct block *b)
{
    char q[1024];

    if (f->modal == MODAL_ACK)
        /* TRANSLATORS: a yes/no question; answer with j or n in Norwegian. */
        snprintf(q, sizeof(q), _("%s (y/n)"), f->ack_question ? f->ack_question : "");
    else
        snprintf(q, sizeof(q), "%s", f->first_step
                 ? _("Leave the wizard? Nothing has been saved or sent. (y/n)")
                 : _("Go back to the previous step? (y/n)"));
    block_add(b, q, 2, 2, A_BOLD);
}

/* The focused item's help, and the whole of each of its findings with its fix hint. */
static void help_block(const struct form *f, struct block *b)
{
    const char *help = form_help(f), *id = form_focus_id(f);
    const struct diags *d = form_diags(f);
    char q[1024];

    if (help)
        block_add(b, help, 2, 2, 0);
    for (size_t i = 0; id && i < d->n; i++) {
        const struct diag *g = &d->v[i];

        if (!g->field || strcmp(g->field, id) || g->level == DIAG_OK)
            continue;
        snprintf(q, sizeof(q), "%s: %s%s%s", diag_level_word(g->level), g->text,
                 g->hint ? " - " : "", g->hint ? g->hint : "");
        block_add(b, q, 2, 4, level_attr(g->level));
    }
}

/* What a listed key does on this screen, as the footer says it; NULL when it does
 * nothing here (F10 where there is nothing to save). */
static const char *key_label(const struct form *f, const struct keybinding *k)
{
    if (k->action == ACT_SAVE && !f->view->can_save)
        return NULL;
    if (k->action == ACT_BACK && f->first_step)
        return _("quit");
    return _(k->label);
}

/* The keys and what they do, the names in a column as wide as the widest. */
static void keys_block(const struct form *f, struct block *b)
{
    int kw = 0;
    char q[1024];

    for (const struct keybinding *k = keybindings; k->action != ACT_NONE; k++)
        if (k->key_name && key_label(f, k)) {
            int cw = width_of(_(k->key_name));

            kw = cw > kw ? cw : kw;
        }
    for (const struct keybinding *k = keybindings; k->action != ACT_NONE; k++)
        if (k->key_name && key_label(f, k)) {
            snprintf(q, sizeof(q), "%-*s  %s", kw, _(k->key_name), key_label(f, k));
            block_add(b, q, 2, kw + 4, 0);
        }
}

/* Help and questions: a box over the whole body, so nothing of the screen below shows
 * beside its lines. Help without any is the list of keys. */
static struct spot draw_modal(const struct form *f)
{
    int y = 3, h = LINES - 5, w = COLS, room = h - 4;
    struct block b = { 0 };

    draw_box(y, 0, h, w, f->ascii);
    if (f->modal == MODAL_LEAVE || f->modal == MODAL_ACK) {
        question_block(f, &b);
        block_draw(&b, 0, room, y + 2);
        block_clear(&b);
        return (struct spot){ y + 2, 2 };
    }
    shown_add(_(" Help "));
    put(y, 2, _(" Help "), w - 4, A_BOLD);
    help_block(f, &b);
    if (!b.n)
        keys_block(f, &b);
    block_draw(&b, 0, room - 1, y + 2);
    block_clear(&b);
    shown_add(_("Press any key to close"));
    put(y + h - 2, 2, _("Press any key to close"), w - 4, A_DIM);
    return (struct spot){ y + h - 2, 2 };
}

/* ---- layout ------------------------------------------------------------------------ */

struct plan {
    struct block diag;      /* findings under the widget */
    int fixed;              /* rows that never shrink: label, field, heading, findings */
    int min, want;          /* rows that may shrink: list or tree rows */
    int rows;               /* given */
};

static void plan_widget(const struct form *f, struct widget *w, struct plan *p)
{
    memset(p, 0, sizeof(*p));
    widget_diags(f, w, &p->diag);
    switch (w->kind) {
    case W_TEXT:
        p->fixed = text_label_lines(f, w) + 1 + p->diag.n;
        break;
    case W_CHECKS:
        p->fixed = p->diag.n;
        p->want = (int)w->tree.n;
        p->min = p->want < 4 ? p->want : 4;
        break;
    case W_LIST:
        p->fixed = 1;
        p->want = (int)w->list.n_rows + (w->list.filter[0] ? 1 : 0);
        p->min = p->want < 4 ? p->want : 4;
        break;
    case W_BUTTONS:
        break;
    }
    p->rows = p->min;
}

bool draw_too_small(void)
{
    char buf[256];

    if (LINES >= TUI_MIN_LINES && COLS >= TUI_MIN_COLS)
        return false;
    snprintf(buf, sizeof(buf), _("The window is too small (needs %dx%d)"), TUI_MIN_COLS,
             TUI_MIN_LINES);
    put(LINES / 2, 0, buf, COLS, A_BOLD);
    snprintf(buf, sizeof(buf), "%dx%d", COLS, LINES);
    put(LINES / 2 + 1, 0, buf, COLS, 0);
    move(LINES / 2, 0);
    wnoutrefresh(stdscr);
    return true;
}

/* The title bar, the step bar and the rule under them (rows 0-2). */
static void draw_title(const struct form *f, const struct frame *fr)
{
    char buf[64];

    attron(A_REVERSE | pair(PAIR_TITLE));
    mvhline(0, 0, ' ', COLS);
    attroff(A_REVERSE | pair(PAIR_TITLE));
    put(0, 1, _("HelseID administration"), COLS / 2, A_REVERSE | A_BOLD | pair(PAIR_TITLE));
    snprintf(buf, sizeof(buf), fr->count > 1 ? _("Step %zu of %zu") : "", fr->index, fr->count - 1);
    put(0, COLS - 1 - (int)strlen(buf), buf, 20, A_REVERSE | pair(PAIR_TITLE));
    draw_stepbar(fr, 1);
    hline_at(2, f->ascii);
}

/* The refusal or notice above the buttons. A refusal already shown as a finding on the
 * screen is not repeated. */
static void notice_block(const struct form *f, const struct frame *fr, struct block *b)
{
    char buf[1024];

    if (fr->error && !diags_shown(form_diags(f), fr->error)) {
        snprintf(buf, sizeof(buf), "%s: %s", _("Error"), fr->error);
        block_add(b, buf, 2, 4, level_attr(DIAG_ERROR));
    } else if (f->notice && !fr->error) {
        block_add(b, _(f->notice), 2, 2, A_BOLD);
    }
}

/* Share `avail` rows: the messages and each widget's own rows and findings must be seen
 * whole; the message area scrolls when it does not fit; lists and trees take what is
 * left. Fills plans[] and the form's message area; returns whether widgets get a blank
 * row between them. */
static bool plan_layout(struct form *f, struct plan *plans, int n_msgs, int avail)
{
    int need = n_msgs, gaps = 0, room, extra;

    for (size_t i = 0; i < f->n; i++) {
        plan_widget(f, &f->w[i], &plans[i]);
        if (f->w[i].kind != W_BUTTONS) {
            need += plans[i].fixed + plans[i].min;
            gaps += i > 0 || n_msgs > 0;
        }
    }
    if (need + gaps > avail)
        gaps = 0;
    room = avail - (need - n_msgs) - gaps;
    f->msg_lines = n_msgs;
    f->msg_room = room < n_msgs ? (room < 2 ? 2 : room) : n_msgs;
    if (f->msg_top > n_msgs - (f->msg_room - 1))
        f->msg_top = 0;
    if (!form_msg_scrollable(f))
        f->msg_top = 0;
    extra = avail - (need - n_msgs) - gaps - f->msg_room;
    for (size_t i = 0; i < f->n && extra > 0; i++) {
        int more = plans[i].want - plans[i].rows;

        more = more > extra ? extra : more;
        if (more > 0) {
            plans[i].rows += more;
            extra -= more;
        }
    }
    return gaps > 0;
}

/* The message area from row y, with its scroll mark when it scrolls; the cursor goes
 * on the mark when it has the focus. Returns the next free row. */
static int draw_messages(const struct form *f, const struct block *msgs, int y,
                         struct spot *cursor)
{
    int show = f->msg_room - 1;
    size_t below;
    char buf[1024];

    if (!form_msg_scrollable(f)) {
        block_draw(msgs, 0, msgs->n, y);
        return y + msgs->n;
    }
    below = (size_t)(msgs->n - f->msg_top - show);
    block_draw(msgs, f->msg_top, show, y);
    scroll_mark(buf, sizeof(buf), (size_t)f->msg_top, below, 0, 0);
    snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "  %s",
             _("(Tab here, then the arrow keys)"));
    put(y + show, 4, buf, COLS - 6, A_DIM | (f->msg_focus ? A_REVERSE : 0));
    if (f->msg_focus)
        *cursor = (struct spot){ y + show, 4 };
    return y + f->msg_room;
}

/* One widget from row y in the rows its plan gives it, its findings under it. Returns
 * the next free row and where its cursor goes in *s. */
static int draw_widget(struct form *f, struct widget *w, struct plan *p, int y, bool focus,
                       struct spot *s)
{
    w->height = p->rows;
    switch (w->kind) {
    case W_TEXT:
        *s = draw_text_widget(f, w, y, focus);
        y += p->fixed - p->diag.n;
        break;
    case W_CHECKS:
        *s = draw_checks(f, w, y, p->rows, focus);
        y += p->rows;
        break;
    case W_LIST:
        *s = draw_list(f, w, y, p->rows + 1, focus);
        y += p->rows + 1;
        break;
    case W_BUTTONS:
        *s = draw_buttons(f, w, LINES - 2, focus);
        break;
    }
    block_draw(&p->diag, 0, p->diag.n, y);
    return y + p->diag.n;
}

/* The widgets from row y, a blank row between them when `gaps`; frees the plans'
 * findings. The cursor goes on the focused widget. */
static void draw_widgets(struct form *f, struct plan *plans, bool gaps, bool after_msgs, int y,
                         struct spot *cursor)
{
    for (size_t i = 0; i < f->n; i++) {
        struct widget *w = &f->w[i];
        bool focus = i == f->focus && !f->msg_focus;
        struct spot s = { 0, 0 };

        if (w->kind != W_BUTTONS && gaps && (i > 0 || after_msgs))
            y++;
        y = draw_widget(f, w, &plans[i], y, focus, &s);
        if (focus)
            *cursor = s;
        block_clear(&plans[i].diag);
    }
}

/* The body between the rule and the footer: messages, widgets, the notice at its foot. */
static void draw_body(struct form *f, const struct frame *fr, struct spot *cursor)
{
    int top = 3, bottom = LINES - 3;
    struct block msgs = { 0 }, foot = { 0 };
    struct plan *plans;
    bool gaps;

    notice_block(f, fr, &foot);
    message_block(f, &msgs);
    plans = calloc(f->n, sizeof(*plans));
    if (plans) {
        gaps = plan_layout(f, plans, msgs.n, bottom - top + 1 - foot.n);
        draw_widgets(f, plans, gaps, msgs.n > 0, draw_messages(f, &msgs, top, cursor), cursor);
        free(plans);
        block_draw(&foot, 0, foot.n, bottom - foot.n + 1);
    }
    block_clear(&msgs);
    block_clear(&foot);
}

bool draw_screen(struct form *f, const struct frame *fr)
{
    struct spot cursor = { 0, 0 };

    werase(stdscr);
    if (draw_too_small())
        return false;
    shown_begin();
    draw_title(f, fr);
    draw_body(f, fr, &cursor);
    draw_footer(f, LINES - 1);
    if (f->modal != MODAL_NONE) {
        shown_begin();      /* the box hides the screen: only its own messages count */
        cursor = draw_modal(f);
    }
    move(cursor.y, cursor.x);
    shown_end();
    wnoutrefresh(stdscr);
    return true;
}
