/* Widget state without curses: text editing with æøå and wide characters, a
 * 2,000-row list with filter and scrolling, the checkbox tree with radio rules. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/tap.h"
#include "tui/checktree.h"
#include "tui/cursor.h"
#include "tui/form.h"
#include "tui/link_share.h"
#include "tui/text.h"
#include "tui/listbox.h"
#include "tui/textfield.h"

static void test_textfield(void)
{
    struct textfield t;
    char *s;

    textfield_init(&t, 0);
    ok(textfield_set(&t, "Blåbærsyltetøy") == 0, "set UTF-8");
    is_int(t.len, 14, "14 characters, not bytes");
    is_int(t.cursor, 14, "cursor at end");
    ok(textfield_backspace(&t), "backspace");
    s = textfield_get(&t);
    is_str(s, "Blåbærsyltetø", "backspace removes one whole character (y)");
    free(s);
    ok(textfield_backspace(&t), "backspace ø");
    s = textfield_get(&t);
    is_str(s, "Blåbærsyltet", "ø deleted as one unit");
    free(s);
    textfield_home(&t);
    textfield_right(&t);
    textfield_right(&t);
    ok(textfield_delete(&t), "delete at å");
    ok(textfield_insert(&t, L'Æ'), "insert Æ");
    s = textfield_get(&t);
    is_str(s, "BlÆbærsyltet", "å replaced by Æ in the middle");
    free(s);
    is_int(t.cursor, 3, "cursor after inserted character");
    ok(!textfield_left(&t) || t.cursor == 2, "left moves by character");
    textfield_home(&t);
    ok(!textfield_left(&t), "left at start beeps");
    ok(!textfield_backspace(&t), "backspace at start beeps");
    textfield_end(&t);
    ok(!textfield_right(&t), "right at end beeps");
    ok(!textfield_delete(&t), "delete at end beeps");

    /* Wide characters: two columns each. */
    textfield_set(&t, "日本語");
    is_int(textfield_width(&t, 0, t.len), 6, "three CJK characters are six columns");
    is_int(textfield_fit(&t, 4), 2, "cursor column when only 4 columns fit");
    is_int(t.scroll, 2, "scrolled so the last wide character and cursor fit");
    textfield_home(&t);
    is_int(textfield_fit(&t, 4), 0, "home scrolls back");
    is_int(t.scroll, 0, "scroll reset");

    /* Invalid UTF-8 is dropped, never kept as garbage. */
    textfield_set(&t, "a\xff" "b");
    s = textfield_get(&t);
    is_str(s, "ab", "invalid byte dropped");
    free(s);
    ok(textfield_kill_line(&t) && t.len == 0, "Ctrl-U empties");

    /* A given value (an SFM-ID from the live client) never brings a control or a bidi
     * override to the screen: ESC, C1 CSI and RLO become '?'. */
    textfield_set(&t, "a\x1b" "b\xc2\x9b" "c\xe2\x80\xae" "d");
    s = textfield_get(&t);
    is_str(s, "a?b?c?d", "ESC, C1 and RLO in a given value shown as ?");
    free(s);

    /* A length limit. */
    textfield_clear(&t);
    textfield_init(&t, 3);
    textfield_set(&t, "12345");
    is_int(t.len, 3, "set obeys max length");
    ok(!textfield_insert(&t, L'9'), "insert refused at max length");
    textfield_clear(&t);
}

#define N_ROWS 2000

static void test_listbox(void)
{
    static struct listbox_row rows[N_ROWS];
    static char left[N_ROWS][48], right[N_ROWS][16];
    struct listbox l;

    for (int i = 0; i < N_ROWS; i++) {
        snprintf(left[i], sizeof(left[i]), "3%08d Enhet %d%s", i, i, i == 1234 ? " Ærfugl" : "");
        snprintf(right[i], sizeof(right[i]), "%s", i % 2 ? "3" : "");
        rows[i].col[0] = left[i];
        rows[i].col[1] = right[i];
        rows[i].mark = i % 2 ? ' ' : '+';
    }
    ok(listbox_init(&l, rows, N_ROWS) == 0, "init 2,000 rows");
    is_int(l.n_shown, N_ROWS, "all shown without filter");
    ok(!listbox_move(&l, -1), "up at top does not move");
    ok(listbox_move(&l, 20), "page down");
    listbox_fit(&l, 18);
    is_int(l.sel, 20, "selection 20");
    is_int(l.top, 3, "scrolled so row 20 is the last visible of 18");
    ok(listbox_end(&l), "end");
    listbox_fit(&l, 18);
    is_int(l.sel, N_ROWS - 1, "selection on the last row");
    is_int(l.top, N_ROWS - 18, "last page shown");
    ok(!listbox_move(&l, 5), "down at the end does not move");
    ok(listbox_home(&l), "home");
    listbox_fit(&l, 18);
    is_int(l.top, 0, "back at the top");

    listbox_move(&l, 1234);
    listbox_set_filter(&l, "ærfugl");
    is_int(l.n_shown, 1, "filter is case-insensitive for æ/Æ");
    is_str(listbox_selected(&l)->col[0], left[1234], "the selected row survives the filter");
    listbox_set_filter(&l, "Enhet 19");
    is_int(l.n_shown, 111, "substring filter: 19, 190-199, 1900-1999");
    is_int(l.sel, 0, "selection resets when the old row no longer matches");
    listbox_set_filter(&l, "ingen slik");
    is_int(l.n_shown, 0, "no match");
    ok(listbox_selected(&l) == NULL, "nothing selected");
    ok(!listbox_move(&l, 1), "moving in an empty list is a no-op");
    listbox_fit(&l, 18);
    is_int(l.top, 0, "fit on an empty list");
    listbox_set_filter(&l, "");
    is_int(l.n_shown, N_ROWS, "clearing the filter shows all");
    listbox_clear(&l);
}

/* The arithmetic both lists use: clamped moves, the smallest scroll that shows the cursor. */
static void test_cursor(void)
{
    size_t cur = 2, top = 0;

    ok(!cursor_move(&cur, 0, 1), "no rows: nothing moves");
    ok(cursor_move(&cur, 5, -10) && cur == 0, "up clamps at the first row");
    ok(!cursor_move(&cur, 5, -1), "up at the first row does not move");
    ok(cursor_move(&cur, 5, 99) && cur == 4, "down clamps at the last row");
    cursor_fit(&top, cur, 3);
    is_int((int)top, 2, "scrolled just far enough: rows 2-4 on a page of 3");
    cur = 1;
    cursor_fit(&top, cur, 3);
    is_int((int)top, 1, "back up: the cursor is the top row");
    cursor_fit(&top, 3, 0);
    is_int((int)top, 3, "a page of 0 rows counts as one");
}

static void test_checktree(void)
{
    struct checktree_item it[] = {
        { "kjernejournal", "Kjernejournal", -1, false, false },
        { "kjernejournal/tillit", "Inkluder Tillitsrammeverk", 0, false, false },
        { "persontjenesten", "Persontjenesten", -1, false, false },
        { "persontjenesten/begrenset", "Begrenset tilgang", 2, true, false },
        { "persontjenesten/full", "Full tilgang (krever hjemmel)", 2, true, false },
        { "sfm", "SFM", -1, false, false },
    };
    struct checktree t;

    checktree_init(&t, it, 6);
    ok(checktree_toggle(&t, 1), "check a sub-option");
    ok(it[0].checked, "checking a sub-option checks its service");
    ok(checktree_toggle(&t, 0), "uncheck the service");
    ok(!it[0].checked && !it[1].checked, "unchecking a service unchecks its options");
    ok(checktree_toggle(&t, 3), "choose Begrenset tilgang");
    ok(it[2].checked && it[3].checked && !it[4].checked, "service checked, one radio on");
    ok(checktree_toggle(&t, 4), "choose Full tilgang");
    ok(it[4].checked && !it[3].checked, "radio siblings are exclusive");
    ok(!checktree_toggle(&t, 4), "a chosen radio stays chosen");
    ok(it[4].checked, "still Full tilgang");
    ok(checktree_toggle(&t, 2) && !it[3].checked && !it[4].checked,
       "unchecking Persontjenesten clears its radio");
    ok(checktree_toggle(&t, 2) && it[2].checked && !it[3].checked && !it[4].checked,
       "checking Persontjenesten alone leaves the scope unchosen (the rules refuse it)");
    is_int(checktree_depth(&t, 4), 1, "option depth 1");
    is_int(checktree_depth(&t, 5), 0, "service depth 0");
    ok(checktree_move(&t, 10) && t.cursor == 5, "move clamps at the end");
    checktree_fit(&t, 3);
    is_int(t.top, 3, "fit scrolls to the cursor");
    ok(!checktree_toggle(&t, 99), "out of range toggle refused");
}

/* The form's side of the live check: it asks the view after each edit of a text
 * field (never on cursor moves) and keeps the verdict for draw.c. The owner step's
 * verdicts themselves are tested with the real rules in test-wizard-remote.c. */
struct live_log { int calls; char last[64]; };

static enum diag_level record_live(const void *ctx, const char *id, const char *value,
                                   char *out, size_t cap)
{
    struct live_log *log = (struct live_log *)ctx;

    log->calls++;
    snprintf(log->last, sizeof log->last, "%s=%s", id, value);
    snprintf(out, cap, "%zu digits", strlen(value));
    return strlen(value) < 9 ? DIAG_ERROR : DIAG_OK;
}

static void test_form_live(void)
{
    struct live_log log = { 0, "" };
    struct view v;
    struct form f;
    struct field *fl;

    view_init(&v);
    fl = view_add_field(&v, FIELD_TEXT, "owner", "Konfigurasjonseier");
    fl->value = strdup("3115908");
    v.live_check = record_live;
    v.live_ctx = &log;
    ok(form_init(&f, &v, false) == 0, "live: form");
    ok(!f.w[0].live_set, "live: the step's own finding until an edit");
    form_handle(&f, ACT_LEFT, 0);
    form_handle(&f, ACT_END, 0);
    is_int(log.calls, 0, "live: cursor moves ask nothing");
    form_handle(&f, ACT_NONE, L'3');
    is_int(log.calls, 1, "live: a typed digit asks");
    is_str(log.last, "owner=31159083", "live: ... with the field id and the value as typed");
    ok(f.w[0].live_set && f.w[0].live_level == DIAG_ERROR, "live: the verdict kept");
    is_str(f.w[0].live, "8 digits", "live: ... with its text");
    form_handle(&f, ACT_NONE, L'9');
    ok(f.w[0].live_level == DIAG_OK && strcmp(f.w[0].live, "9 digits") == 0,
       "live: the ninth digit changes the verdict");
    form_handle(&f, ACT_BACKSPACE, 0);
    is_int(log.calls, 3, "live: Backspace asks");
    form_handle(&f, ACT_HOME, 0);
    form_handle(&f, ACT_BACKSPACE, 0);
    is_int(log.calls, 3, "live: Backspace at the start changes nothing, asks nothing");
    form_handle(&f, ACT_KILL_LINE, 0);
    is_str(log.last, "owner=", "live: Ctrl-U asks about the empty field");
    form_clear(&f);
    view_clear(&v);
}

static void test_form(void)
{
    struct view v;
    struct form f;
    struct field *fl;
    struct answer a;

    view_init(&v);
    fl = view_add_field(&v, FIELD_TEXT, "owner", "Konfigurasjonseier");
    fl->value = strdup("31");
    fl = view_add_field(&v, FIELD_CHECK, "pt", "Persontjenesten");
    fl = view_add_field(&v, FIELD_CHECK, "pt/full", "Full tilgang");
    fl->radio = true;
    fl->parent = 1;
    fl->info = strdup("krever hjemmel");
    ok(form_init(&f, &v, false) == 0, "form from a view");
    is_int(f.n, 3, "text, checkbox tree, buttons");
    is_int(f.focus, 0, "focus starts on the first input");
    form_handle(&f, ACT_NONE, L'5');
    form_handle(&f, ACT_NEXT_WIDGET, 0);
    is_int(f.focus, 1, "Tab to the tree");
    form_handle(&f, ACT_DOWN, 0);
    form_handle(&f, ACT_TOGGLE, 0);
    ok(f.w[1].items[0].checked && f.w[1].items[1].checked, "Space on a radio option checks it and its service");
    is_str(form_help(&f), "krever hjemmel", "F1 text of the item under the cursor");
    form_handle(&f, ACT_NEXT_WIDGET, 0);
    ok(f.focus == 2 && f.w[2].button == 0, "Tab reaches < Back >");
    form_handle(&f, ACT_NEXT_WIDGET, 0);
    ok(f.focus == 2 && f.w[2].button == 1, "Tab then < Next >");
    form_handle(&f, ACT_NEXT_WIDGET, 0);
    is_int(f.focus, 0, "Tab wraps around");
    form_handle(&f, ACT_PREV_WIDGET, 0);
    ok(f.focus == 2 && f.w[2].button == 1, "Shift-Tab backwards to < Next >");
    form_handle(&f, ACT_PREV_WIDGET, 0);
    ok(f.focus == 2 && f.w[2].button == 0, "Shift-Tab to < Back >");
    form_handle(&f, ACT_PREV_WIDGET, 0);
    is_int(f.focus, 1, "Shift-Tab cycles on");
    form_handle(&f, ACT_NEXT_WIDGET, 0);
    form_handle(&f, ACT_NEXT_WIDGET, 0);
    is_int(form_handle(&f, ACT_SAVE, 0), FORM_NONE, "F10 refused outside the confirm step");
    ok(f.notice != NULL, "with a notice");
    is_int(form_handle(&f, ACT_BACK, 0), FORM_NONE, "Esc asks first");
    is_int(f.modal, MODAL_LEAVE, "the leave question");
    is_int(form_handle(&f, ACT_NONE, L'n'), FORM_NONE, "n stays");
    is_int(f.modal, MODAL_NONE, "question closed");
    form_handle(&f, ACT_BACK, 0);
    is_int(form_handle(&f, ACT_NONE, L'j'), FORM_BACK, "Esc then j goes back");
    form_handle(&f, ACT_LEFT, 0);
    is_int(form_handle(&f, ACT_ENTER, 0), FORM_BACK, "Enter on the Back button");
    form_handle(&f, ACT_RIGHT, 0);
    is_int(form_handle(&f, ACT_ENTER, 0), FORM_SUBMIT, "Enter on Next submits");
    answer_init(&a);
    ok(form_answer(&f, &a) == 0, "answer");
    is_str(answer_get(&a, "owner"), "315", "typed text in the answer");
    is_str(answer_get(&a, "pt/full"), "1", "checked option in the answer");
    answer_clear(&a);
    form_clear(&f);
    ok(form_init(&f, &v, true) == 0, "first step");
    form_handle(&f, ACT_BACK, 0);
    is_int(form_handle(&f, ACT_ENTER, 0), FORM_QUIT, "Esc on the first step leaves the wizard");
    is_int(form_handle(&f, ACT_REDRAW, 0), FORM_REDRAW, "Ctrl-L redraws");
    form_clear(&f);
    view_clear(&v);
}

static void test_text(void)
{
    wchar_t *w = text_sanitize("ok\033]52;c;evil\007 æ\x9b");

    ok(w && !wcschr(w, L'\033') && !wcschr(w, L'\007') && !wcschr(w, 0x9b),
       "escape, bell and C1 CSI replaced");
    ok(w && wcsstr(w, L"æ") != NULL, "æ kept");
    free(w);
    /* iswprint() calls the bidi controls printable: the TUI must not draw them. */
    w = text_sanitize("abc\xe2\x80\xae" "fdp.exe \xe2\x81\xa6x\xe2\x80\x8f");
    ok(w && !wcschr(w, 0x202e) && !wcschr(w, 0x2066) && !wcschr(w, 0x200f) && wcscmp(w, L"abc?fdp.exe ?x?") == 0,
       "RLO, LRI and RLM replaced by ?");
    free(w);
    w = text_sanitize("Åpne denne lenken i en nettleser, på hvilken som helst maskin");
    is_int(text_wrap(w, 20, NULL, NULL), 4, "wrapped by words into 4 lines of 20 columns");
    is_int(text_width(w, 4), 4, "Å is one column");
    free(w);
    w = text_sanitize("日本語日本語");
    is_int(text_fit(w, 5), 2, "two wide characters fit in 5 columns");
    free(w);
}

static void test_qr_osc52(void)
{
    char **lines, *seq;
    size_t n;
    int cols, size;

    seq = osc52_sequence("hi");
    is_str(seq, "\033]52;c;aGk=\a", "OSC 52 with base64 padding");
    free(seq);
    seq = osc52_sequence("abc");
    is_str(seq, "\033]52;c;YWJj\a", "OSC 52 without padding");
    free(seq);
    size = qr_lines("https://example.invalid/x", &lines, &n, &cols);
    ok(size >= 21, "QR code of a short link (%d modules)", size);
    is_int(cols, size + 4, "two modules of quiet zone on each side");
    is_int(n, (size_t)(size + 5) / 2, "two module rows per text line");
    {
        wchar_t *w = text_sanitize(lines[0]);

        is_int(text_width(w, wcslen(w)), cols, "each line is exactly the code's width");
        ok(wcsspn(w, L"\u2588") == wcslen(w), "the top quiet zone is solid light");
        free(w);
    }
    qr_lines_free(lines, n);
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "");
    test_textfield();
    test_listbox();
    test_cursor();
    test_checktree();
    test_form();
    test_form_live();
    test_text();
    test_qr_osc52();
    return done_testing();
}
