#include "config.h"
#include "tui/handoff_screen.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "core/i18n.h"
#include "tui/draw.h"
#include "tui/link_share.h"
#include "tui/shown.h"
#include "tui/text.h"
#include "tui/textfield.h"

enum hs_mode {
    HS_MAIN,
    HS_QR,
    HS_LINK,        /* outside curses: the whole link printed, Enter returns */
};

struct hs {
    struct handoff *h;
    const struct handoff_io *io;
    enum handoff_action act;    /* what the last event asked for (check now) */
    struct textfield paste;
    bool paste_focus;
    enum hs_mode mode;
    const char *notice;     /* msgid */
    bool asking;            /* Esc: "cancel? (y/n)" is up */
    char error[512];
};

static void put_text(int y, int x, const char *s, int cols, attr_t a)
{
    wchar_t *w = text_sanitize(s);

    if (!w)
        return;
    shown_add(s);
    attron(a);
    mvaddnwstr(y, x, w, (int)text_fit(w, cols));
    attroff(a);
    free(w);
}

struct wrap_at { int y, x, max_y; attr_t a; };

static void wrap_line(void *ctx, const wchar_t *p, size_t n)
{
    struct wrap_at *c = ctx;

    if (c->y <= c->max_y) {
        attron(c->a);
        mvaddnwstr(c->y, c->x, p, (int)n);
        attroff(c->a);
    }
    c->y++;
}

/* Word-wrapped text from row y, never below max_y; returns the next free row. */
static int wrap_text(int y, int max_y, const char *s, attr_t a)
{
    struct wrap_at c = { y, 2, max_y, a };
    wchar_t *w = text_sanitize(s);

    shown_add(s);
    if (w)
        text_wrap(w, COLS - 4, wrap_line, &c);
    free(w);
    return c.y;
}

static int wrap_lines(const char *s)
{
    wchar_t *w = text_sanitize(s);
    int n = w ? text_wrap(w, COLS - 4, NULL, NULL) : 0;

    free(w);
    return n;
}

static void draw_qr(struct hs *s)
{
    char **lines;
    size_t n;
    int cols;

    werase(stdscr);
    if (qr_lines(s->h->url, &lines, &n, &cols) < 0) {
        put_text(1, 2, _("cannot make a QR code of the link"), COLS - 4, A_BOLD);
        return;
    }
    if (MB_CUR_MAX < 2 || COLS < cols || LINES < (int)n + 2) {
        char msg[128];

        snprintf(msg, sizeof(msg), _("The window is too small for the QR code (needs %dx%zu)"),
                 cols, n + 2);
        put_text(1, 2, msg, COLS - 4, A_BOLD);
    } else {
        for (size_t i = 0; i < n; i++)
            mvaddstr((int)i, (COLS - cols) / 2, lines[i]);
        put_text(LINES - 1, 0, _("Scan with the phone's camera; any key returns"), COLS, A_REVERSE);
    }
    qr_lines_free(lines, n);
    move(LINES - 1, 0);
    wnoutrefresh(stdscr);
}

/* The last message (a refusal, a question, what is being done); *attr its look. */
static const char *last_message(const struct hs *s, attr_t *attr)
{
    *attr = A_BOLD;
    if (s->asking)
        return _("Cancel? The draft stays pending and the next start resumes it. (y/n)");
    if (s->error[0])
        return s->error;
    if (s->notice)
        return _(s->notice);
    *attr = 0;
    return s->h->note;
}

/* The link on row y: never wrapped inside the screen, shortened here, whole with L. */
static void draw_link(int y, const char *url)
{
    wchar_t *w = text_sanitize(url);
    size_t fit;

    if (!w)
        return;
    fit = text_fit(w, COLS - 4 - 1);
    mvaddnwstr(y, 2, w, (int)fit);
    if (w[fit])
        addwstr(MB_CUR_MAX > 1 ? L"\u2026" : L"~");
    free(w);
}

/* Over SSH, the ssh -L line that forwards the browser's redirect. */
static int draw_ssh_line(const struct handoff *h, int y, int bottom)
{
    char ssh[400];

    handoff_ssh_line(h, ssh, sizeof(ssh));
    if (!ssh[0])
        snprintf(ssh, sizeof(ssh), "ssh -L %d:127.0.0.1:%d %s", h->port, h->port,
                 _("this-host"));
    y = wrap_text(y, bottom, _("Over SSH, this on your own PC forwards the browser's "
                               "redirect:"), 0);
    put_text(y, 4, ssh, COLS - 6, A_BOLD);
    return y + 1;
}

/* The link and what to do with it, the countdown, the ssh line: from row 2, never
 * below `bottom`. Returns the next free row. */
static int draw_instructions(const struct handoff *h, int bottom)
{
    int y, left = handoff_seconds_left(h);
    char buf[512];

    y = wrap_text(2, bottom, _("Open this link in a browser, on any machine"), A_BOLD);
    draw_link(y, h->url);
    y += 2;
    y = wrap_text(y, bottom, _("Log in with BankID (or another method the portal offers) and "
                               "press «Bekreft» in the portal."), 0);
    y = wrap_text(y, bottom, _("L shows the whole link, C copies it (if the terminal allows), "
                               "Q shows a QR code"), 0);
    y++;
    snprintf(buf, sizeof(buf), P_("Waiting for the confirmation: %d second left",
                                  "Waiting for the confirmation: %d seconds left", left), left);
    y = wrap_text(y, bottom, buf, 0);
    if (h->over_ssh)
        y = draw_ssh_line(h, y, bottom);
    return y;
}

/* The paste-back field on row y; returns the cursor's column in it. */
static int draw_paste_field(struct hs *s, int y)
{
    int cx;

    put_text(y, 2, _("Address from the browser:"), 30, A_BOLD);
    mvaddch(y, 29, '[');
    cx = textfield_fit(&s->paste, COLS - 33);
    attron(A_UNDERLINE);
    mvhline(y, 30, ' ', COLS - 33);
    if (s->paste.len) {
        char *p = textfield_get(&s->paste);

        if (p) {
            wchar_t *pw = text_sanitize(p);

            if (pw && s->paste.scroll <= wcslen(pw))
                mvaddnwstr(y, 30, pw + s->paste.scroll,
                           (int)text_fit(pw + s->paste.scroll, COLS - 33));
            free(pw);
            free(p);
        }
    }
    attroff(A_UNDERLINE);
    mvaddch(y, COLS - 3, ']');
    return cx;
}

/* The footer offers only what the keys do in this focus: in the paste field letters
 * are typed, so L, C and Q are not offered there. */
static void draw_handoff_footer(const struct hs *s)
{
    if (s->asking)
        put_text(LINES - 1, 0, _("y yes  n no"), COLS, A_REVERSE);
    else if (s->paste_focus)
        put_text(LINES - 1, 0, _("Enter check the address  Tab back to the link  Esc cancel"),
                 COLS, A_REVERSE);
    else
        put_text(LINES - 1, 0, _("Enter I have confirmed  Tab paste field  L link  C copy  Q QR  Esc cancel"),
                 COLS, A_REVERSE);
}

static void draw_main(struct hs *s)
{
    int y, cx, field_y, bottom;
    attr_t last_attr;
    const char *last = last_message(s, &last_attr);

    werase(stdscr);
    if (draw_too_small())
        return;
    shown_begin();
    attron(A_REVERSE);
    mvhline(0, 0, ' ', COLS);
    attroff(A_REVERSE);
    put_text(0, 1, _("Confirm in the self-service portal"), COLS - 2, A_REVERSE | A_BOLD);
    /* The last message sits above the footer, wrapped; the rest of the screen keeps
     * out of its rows. */
    bottom = LINES - 2 - (last[0] ? wrap_lines(last) : 0);
    y = draw_instructions(s->h, bottom) + 1;
    field_y = y < bottom ? y : bottom;
    cx = draw_paste_field(s, field_y);
    if (last[0])
        wrap_text(bottom + 1, LINES - 2, last, last_attr);
    draw_handoff_footer(s);
    if (s->paste_focus)
        move(field_y, 30 + cx);
    else
        move(3, 2);
    shown_end();
    wnoutrefresh(stdscr);
}

static void draw(struct hs *s)
{
    if (s->mode == HS_QR)
        draw_qr(s);
    else
        draw_main(s);
    doupdate();
}

static void back_to_curses(struct hs *s)
{
    reset_prog_mode();
    clearok(curscr, TRUE);
    s->mode = HS_MAIN;
}

/* L: leave curses and print the whole URL alone on one line, so the terminal's own
 * wrapping keeps it copyable; Enter returns (link_keys). */
static void show_whole_link(struct hs *s)
{
    def_prog_mode();
    endwin();
    printf("\n%s\n\n%s", s->h->url, _("Press Enter to return to the wizard"));
    fflush(stdout);
    s->mode = HS_LINK;
}

/* Outside curses the terminal is read as it comes: curses would draw again. */
static void link_keys(struct hs *s)
{
    char buf[64];
    ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

    if (n > 0 && (memchr(buf, '\r', (size_t)n) || memchr(buf, '\n', (size_t)n)))
        back_to_curses(s);
}

static void copy_link(struct hs *s)
{
    char *seq = osc52_sequence(s->h->url);

    if (seq) {
        fputs(seq, stdout);
        fflush(stdout);
        free(seq);
    }
    s->notice = N_("Tried to copy the link (OSC 52); it works only if the terminal allows it");
}

/* Keeps the strongest action of one wake until the turn acts on it: the countdown's
 * REDRAW, fed after the loopback's CHECK_NOW when a second has just passed, must not
 * cancel the check (the enum is ordered by strength). */
static void note_action(struct hs *s, enum handoff_action act)
{
    if (act > s->act)
        s->act = act;
}

static void feed(struct hs *s, enum handoff_event_kind k, time_t now, const char *status)
{
    struct handoff_event ev = { k, now, status };

    note_action(s, handoff_event(s->h, &ev));
}

/* Enter: check the pasted address, or (nothing pasted) "I have confirmed". */
static void enter(struct hs *s)
{
    const struct handoff_io *io = s->io;
    char *url = s->paste.len ? textfield_get(&s->paste) : NULL;
    char status[64];

    s->error[0] = '\0';
    if (url && io && io->paste) {
        struct error pe;

        if (io->paste(io->ctx, url, status, sizeof(status), &pe) < 0) {
            snprintf(s->error, sizeof(s->error), "%s", pe.msg);
        } else {
            feed(s, HANDOFF_LOOPBACK, 0, status);
            s->notice = N_("Checking with HelseID...");
        }
    } else {
        feed(s, HANDOFF_ENTER, 0, NULL);
        s->notice = N_("Checking with HelseID...");
    }
    free(url);
    /* Say it before the check runs. */
    draw(s);
}

static void paste_key(struct textfield *f, bool code, wint_t wc)
{
    if ((code && wc == KEY_BACKSPACE) || (!code && (wc == 0x7f || wc == 0x08)))
        textfield_backspace(f);
    else if (code && wc == KEY_LEFT)
        textfield_left(f);
    else if (code && wc == KEY_RIGHT)
        textfield_right(f);
    else if (!code && wc == 0x15)
        textfield_kill_line(f);
    else if (!code && wc >= ' ')
        textfield_insert(f, (wchar_t)wc);
}

/* One key on the main screen (or any key on the QR screen, which returns). */
static void key(struct hs *s, bool code, wint_t wc)
{
    s->notice = NULL;
    if (s->mode == HS_QR) {
        s->mode = HS_MAIN;
    } else if (s->asking) {
        /* Cancel with confirmation, the same j/n question as every screen; the draft
         * stays pending either way. */
        if (!code && wc && (wc == '\r' || wc == '\n' || wcschr(L"jJyY", (wchar_t)wc)))
            feed(s, HANDOFF_CANCEL, 0, NULL);
        if (!code && wc && (wc == 27 || wcschr(L"nN", (wchar_t)wc)))
            s->asking = false;
    } else if (!code && wc == 27) {
        s->asking = true;
    } else if ((!code && wc == '\t') || (code && wc == KEY_BTAB)) {
        s->paste_focus = !s->paste_focus;
    } else if (!code && (wc == '\r' || wc == '\n')) {
        enter(s);
    } else if (s->paste_focus) {
        paste_key(&s->paste, code, wc);
    } else if (!code && (wc == 'l' || wc == 'L')) {
        show_whole_link(s);
    } else if (!code && (wc == 'c' || wc == 'C')) {
        copy_link(s);
    } else if (!code && (wc == 'q' || wc == 'Q')) {
        s->mode = HS_QR;
    } else if (!code && wc == 0x0c) {
        clearok(curscr, TRUE);
    }
}

/* The hand-off's descriptor (loopback and readiness) is one source of the loop. */
static bool on_readable(void *ctx)
{
    struct hs *s = ctx;

    note_action(s, s->io->on_readable(s->io->ctx, s->h));
    return false;
}

/* The countdown: the loop's timer, about once a second. */
static bool on_tick(void *ctx)
{
    struct hs *s = ctx;

    feed(s, HANDOFF_TICK, time(NULL), NULL);
    return false;
}

static bool turn(void *ctx, const struct tui_wake *w)
{
    struct hs *s = ctx;
    wint_t wc;
    int rc;

    if (s->mode == HS_LINK && w->keys)
        link_keys(s);
    while (s->mode != HS_LINK && s->h->state == HANDOFF_WAITING &&
           (rc = wget_wch(stdscr, &wc)) != ERR)
        if (!(rc == KEY_CODE_YES && wc == KEY_RESIZE))
            key(s, rc == KEY_CODE_YES, wc);
    if (s->act == HANDOFF_CHECK_NOW && s->io && s->io->check_now)
        s->io->check_now(s->io->ctx);
    s->act = HANDOFF_NONE;
    if (s->h->state != HANDOFF_WAITING)
        return true;
    if (s->mode != HS_LINK)
        draw(s);
    return false;
}

int tui_handoff(struct tui *t, struct handoff *h, const struct handoff_io *io, struct error *e)
{
    struct hs s = { .h = h, .io = io };
    int ret = 0;

    textfield_init(&s.paste, 2048);
    if ((io && io->fd >= 0 && io->on_readable && tui_add_source(t, io->fd, on_readable, &s) < 0) ||
        tui_add_source(t, -1, on_tick, &s) < 0) {
        /* The loop's table of sources is full (it holds 8; the hand-off needs 2). */
        ret = error_set(e, ERR_IO, _("cannot wait for the confirmation: %s"), strerror(EMFILE));
    } else {
        draw(&s);
        ret = tui_run(t, turn, &s, e);
    }
    if (s.mode == HS_LINK)
        back_to_curses(&s);
    tui_remove_source(t, on_readable, &s);
    tui_remove_source(t, on_tick, &s);
    textfield_clear(&s.paste);
    return ret;
}
