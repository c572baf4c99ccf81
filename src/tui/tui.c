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

int tui_resize_fd(void)
{
    return winch_pipe[0];
}

void tui_apply_resize(void)
{
    struct winsize ws;
    char buf[64];

    while (read(winch_pipe[0], buf, sizeof(buf)) > 0)
        ;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
        resizeterm(ws.ws_row, ws.ws_col);
}

/* Wait for input; returns after at most one second when a timer is registered,
 * dispatching sources. True when the window size changed; *facts when a source says
 * remote facts arrived. */
static bool wait_input(struct tui *t, bool *facts)
{
    struct pollfd p[MAX_SOURCES + 3];
    int n = 0, timer = 0;

    p[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
    p[n++] = (struct pollfd){ .fd = winch_pipe[0], .events = POLLIN };
    p[n++] = (struct pollfd){ .fd = interrupt_fd(), .events = POLLIN };
    for (int i = 0; i < t->n_src; i++) {
        if (t->src[i].fd < 0) {
            timer = 1;
            continue;
        }
        p[n++] = (struct pollfd){ .fd = t->src[i].fd, .events = POLLIN };
    }
    if (poll(p, (nfds_t)n, timer ? 1000 : -1) < 0)
        return false;
    if (p[1].revents & POLLIN)
        tui_apply_resize();
    for (int i = 0, k = 3; i < t->n_src; i++) {
        if (t->src[i].fd < 0) {
            *facts |= t->src[i].fn(t->src[i].ctx);
            continue;
        }
        if (p[k++].revents & (POLLIN | POLLHUP | POLLERR))
            *facts |= t->src[i].fn(t->src[i].ctx);
    }
    return (p[1].revents & POLLIN) || timer;
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

static int tui_ask(void *ctx, const struct view *v, size_t index, size_t count,
                   const char *last_error, struct answer *a, struct error *e)
{
    struct tui *t = ctx;
    struct form f;
    struct frame fr = { v->title, index, count, last_error, t->color };
    int ret = FRONTEND_CANCEL;
    bool stale = false;         /* remote facts arrived since the view was described */

    if (form_init(&f, v, index == 0) < 0)
        return error_nomem(e);
    f.ascii = t->ascii;
    if ((last_error || t->refreshing) && t->last_index == index && t->last_n == f.n)
        restore_place(t, &f);
    t->refreshing = false;
    draw_screen(&f, &fr);
    doupdate();
    for (;;) {
        wint_t wc;
        int rc;
        bool facts = false;
        bool dirty = wait_input(t, &facts);

        /* Answers arrived: re-check what is typed now. */
        if (facts) {
            form_recheck(&f);
            dirty = stale = true;
        }

        if (interrupt_signal()) {       /* INT/TERM/HUP: unwind, the caller restores the tty */
            ret = interrupt_error(e);
            goto out;
        }
        while ((rc = wget_wch(stdscr, &wc)) != ERR) {
            enum action act = keymap_lookup(rc, wc);
            enum form_result r;

            /* Keys do nothing while the size message is up, except redraw and resize. */
            if ((LINES < TUI_MIN_LINES || COLS < TUI_MIN_COLS) &&
                act != ACT_REDRAW && act != ACT_RESIZE)
                continue;
            r = form_handle(&f, act, act == ACT_NONE && rc == OK ? (wchar_t)wc : 0);
            dirty = true;
            fr.error = (act == ACT_NONE || act == ACT_TOGGLE || act == ACT_BACKSPACE) ? NULL
                                                                                  : fr.error;
            if (r == FORM_REDRAW && act == ACT_REDRAW)
                clearok(curscr, TRUE);
            if (r == FORM_SUBMIT) {
                ret = form_answer(&f, a) < 0 ? -1 : FRONTEND_OK;
                if (ret < 0)
                    error_nomem(e);
                goto out;
            }
            if (r == FORM_BACK) {
                ret = FRONTEND_BACK;
                goto out;
            }
            if (r == FORM_QUIT) {
                ret = FRONTEND_CANCEL;
                goto out;
            }
        }
        /* A screen nobody changed is described again with the new facts (keys
         * typed meanwhile were read first: they belong to this screen; an open
         * question or help waits for its answer). */
        if (stale && f.modal == MODAL_NONE && unchanged(&f, a)) {
            ret = FRONTEND_REFRESH;
            t->refreshing = true;
            goto out;
        }
        t->ascii = f.ascii;
        if (dirty) {
            draw_screen(&f, &fr);
            doupdate();
        }
    }
out:
    t->ascii = f.ascii;
    save_place(t, &f, index);
    form_clear(&f);
    return ret;
}

void tui_frontend(struct tui *t, struct frontend *fe)
{
    fe->ctx = t;
    fe->ask = tui_ask;
}
