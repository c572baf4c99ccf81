/* The event loop and the wizard frontend on top of form + draw. */
#include "config.h"
#include "tui/tui.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/interrupt.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/keymap.h"

#define MAX_SOURCES 8

struct source {
    int fd;
    tui_source_fn *fn;
    void *ctx;
};

struct tui {
    SCREEN *screen;
    bool color;
    bool ascii;
    struct source src[MAX_SOURCES];
    int n_src;
    struct sigaction old_winch;
    /* Where the user was on the last screen, kept when the same step is asked again
     * after a refusal, so the focus does not jump back to the top. */
    size_t last_index, last_n, last_focus;
    size_t last_pos[16];
    bool refreshing;            /* the same step asked again with new facts */
};

static int winch_pipe[2] = { -1, -1 };

static void on_winch(int sig)
{
    int saved = errno;
    ssize_t r = write(winch_pipe[1], "w", 1);

    (void)r;
    (void)sig;
    errno = saved;
}

struct tui *tui_open(struct error *e)
{
    struct tui *t = calloc(1, sizeof(*t));
    struct sigaction sa;

    if (!t) {
        error_nomem(e);
        return NULL;
    }
    if (winch_pipe[0] < 0 && pipe2(winch_pipe, O_NONBLOCK | O_CLOEXEC) < 0) {
        error_set(e, ERR_IO, _("cannot create a pipe: %s"), strerror(errno));
        free(t);
        return NULL;
    }
    /* ESCDELAY must be set before the terminal is initialised to take effect everywhere. */
    if (!getenv("ESCDELAY"))
        set_escdelay(150);
    t->screen = newterm(NULL, stdout, stdin);
    if (!t->screen) {
        error_set(e, ERR_IO, _("cannot start the full-screen mode on terminal '%s' (try --plain)"),
                  getenv("TERM") ? getenv("TERM") : "");
        free(t);
        return NULL;
    }
    set_term(t->screen);
    set_escdelay(150);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    leaveok(stdscr, FALSE);
    curs_set(1);
    /* no-color.org: NO_COLOR set to anything non-empty turns colour off. */
    t->color = !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
    draw_init_colors(t->color);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_winch;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGWINCH, &sa, &t->old_winch);
    return t;
}

void tui_close(struct tui *t)
{
    if (!t)
        return;
    endwin();
    sigaction(SIGWINCH, &t->old_winch, NULL);
    delscreen(t->screen);
    free(t);
}

int tui_add_source(struct tui *t, int fd, tui_source_fn *fn, void *ctx)
{
    if (t->n_src >= MAX_SOURCES)
        return -1;
    t->src[t->n_src++] = (struct source){ fd, fn, ctx };
    return 0;
}

void tui_remove_source(struct tui *t, tui_source_fn *fn, void *ctx)
{
    int k = 0;

    for (int i = 0; i < t->n_src; i++)
        if (t->src[i].fn != fn || t->src[i].ctx != ctx)
            t->src[k++] = t->src[i];
    t->n_src = k;
}

/* Drain the SIGWINCH self-pipe and resize curses to the terminal. */
static void apply_resize(void)
{
    struct winsize ws;
    char buf[64];

    while (read(winch_pipe[0], buf, sizeof(buf)) > 0)
        ;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
        resizeterm(ws.ws_row, ws.ws_col);
}

/* The one poll(): the terminal, the SIGWINCH and interrupt self-pipes and every
 * source; at most one second when a timer is registered. Dispatches the sources and
 * says in *w what woke it. */
static void wait_input(struct tui *t, struct tui_wake *w)
{
    struct pollfd p[MAX_SOURCES + 3];
    int n = 0;

    p[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
    p[n++] = (struct pollfd){ .fd = winch_pipe[0], .events = POLLIN };
    p[n++] = (struct pollfd){ .fd = interrupt_fd(), .events = POLLIN };
    for (int i = 0; i < t->n_src; i++) {
        if (t->src[i].fd < 0) {
            w->timer = true;
            continue;
        }
        p[n++] = (struct pollfd){ .fd = t->src[i].fd, .events = POLLIN };
    }
    if (poll(p, (nfds_t)n, w->timer ? 1000 : -1) < 0) {
        w->timer = false;
        return;
    }
    w->keys = p[0].revents != 0;
    w->resized = p[1].revents & POLLIN;
    if (w->resized)
        apply_resize();
    for (int i = 0, k = 3; i < t->n_src; i++) {
        if (t->src[i].fd < 0 || (p[k++].revents & (POLLIN | POLLHUP | POLLERR)))
            w->facts |= t->src[i].fn(t->src[i].ctx);
    }
}

int tui_run(struct tui *t, tui_turn_fn *turn, void *ctx, struct error *e)
{
    for (;;) {
        struct tui_wake w = { 0 };

        wait_input(t, &w);
        if (interrupt_signal())     /* INT/TERM/HUP: unwind, the caller restores the tty */
            return interrupt_error(e);
        if (turn(ctx, &w))
            return 0;
    }
}

static void save_place(struct tui *t, const struct form *f, size_t index)
{
    t->last_index = index;
    t->last_n = f->n;
    t->last_focus = f->focus;
    for (size_t i = 0; i < f->n && i < 16; i++)
        t->last_pos[i] = f->w[i].kind == W_CHECKS ? f->w[i].tree.cursor
                       : f->w[i].kind == W_LIST ? f->w[i].list.sel : 0;
}

static void restore_place(const struct tui *t, struct form *f)
{
    f->focus = t->last_focus < f->n ? t->last_focus : f->focus;
    for (size_t i = 0; i < f->n && i < 16; i++) {
        if (f->w[i].kind == W_CHECKS && t->last_pos[i] < f->w[i].tree.n)
            f->w[i].tree.cursor = t->last_pos[i];
        if (f->w[i].kind == W_LIST && t->last_pos[i] < f->w[i].list.n_shown)
            f->w[i].list.sel = t->last_pos[i];
    }
}

/* The form still shows what the step offered (`a` is seeded from the view). */
static bool unchanged(const struct form *f, const struct answer *a)
{
    struct answer now;
    bool same;

    answer_init(&now);
    same = form_answer(f, &now) == 0 && now.n == a->n;
    for (size_t i = 0; same && i < now.n; i++) {
        const char *v = answer_get(a, now.v[i].id);

        same = v && now.v[i].value && strcmp(v, now.v[i].value) == 0;
    }
    answer_clear(&now);
    return same;
}

/* One question on screen (tui_ask), as the loop's turn sees it. */
struct ask {
    struct tui *t;
    struct form f;
    struct frame fr;
    struct answer *a;
    struct error *e;
    int ret;
    bool stale;                 /* remote facts arrived since the view was described */
};

/* Keys typed, facts arrived, the window resized: true once the question is answered
 * (or left); the result is in s->ret. */
static bool ask_turn(void *ctx, const struct tui_wake *w)
{
    struct ask *s = ctx;
    struct form *f = &s->f;
    bool dirty = w->resized || w->timer;
    wint_t wc;
    int rc;

    /* Answers arrived: re-check what is typed now. */
    if (w->facts) {
        form_recheck(f);
        dirty = s->stale = true;
    }
    while ((rc = wget_wch(stdscr, &wc)) != ERR) {
        enum action act = keymap_lookup(rc, wc);
        enum form_result r;

        /* Keys do nothing while the size message is up, except redraw and resize. */
        if ((LINES < TUI_MIN_LINES || COLS < TUI_MIN_COLS) &&
            act != ACT_REDRAW && act != ACT_RESIZE)
            continue;
        r = form_handle(f, act, act == ACT_NONE && rc == OK ? (wchar_t)wc : 0);
        dirty = true;
        s->fr.error = (act == ACT_NONE || act == ACT_TOGGLE || act == ACT_BACKSPACE) ? NULL
                                                                                  : s->fr.error;
        if (r == FORM_REDRAW && act == ACT_REDRAW)
            clearok(curscr, TRUE);
        if (r == FORM_SUBMIT) {
            s->ret = form_answer(f, s->a) < 0 ? error_nomem(s->e) : FRONTEND_OK;
            return true;
        }
        if (r == FORM_BACK || r == FORM_QUIT) {
            s->ret = r == FORM_BACK ? FRONTEND_BACK : FRONTEND_CANCEL;
            return true;
        }
    }
    /* A screen nobody changed is described again with the new facts (keys typed
     * meanwhile were read first: they belong to this screen; an open question or
     * help waits for its answer). */
    if (s->stale && f->modal == MODAL_NONE && unchanged(f, s->a)) {
        s->ret = FRONTEND_REFRESH;
        s->t->refreshing = true;
        return true;
    }
    s->t->ascii = f->ascii;
    if (dirty) {
        draw_screen(f, &s->fr);
        doupdate();
    }
    return false;
}

static int tui_ask(void *ctx, const struct view *v, size_t index, size_t count,
                   const char *last_error, struct answer *a, struct error *e)
{
    struct tui *t = ctx;
    struct ask s = { .t = t, .fr = { v->title, index, count, last_error, t->color }, .a = a,
                     .e = e, .ret = FRONTEND_CANCEL };

    if (form_init(&s.f, v, index == 0) < 0)
        return error_nomem(e);
    s.f.ascii = t->ascii;
    if ((last_error || t->refreshing) && t->last_index == index && t->last_n == s.f.n)
        restore_place(t, &s.f);
    t->refreshing = false;
    draw_screen(&s.f, &s.fr);
    doupdate();
    if (tui_run(t, ask_turn, &s, e) < 0)
        s.ret = -1;
    t->ascii = s.f.ascii;
    save_place(t, &s.f, index);
    form_clear(&s.f);
    return s.ret;
}

void tui_frontend(struct tui *t, struct frontend *fe)
{
    fe->ctx = t;
    fe->ask = tui_ask;
}
