#include "config.h"
#include "tui/keymap.h"

#include <curses.h>

#include "core/i18n.h"

#define CTRL(c) ((c) & 0x1f)

const struct keybinding keybindings[] = {
    { '\t', false, ACT_NEXT_WIDGET, "Tab", N_("next field"), true },
    { KEY_BTAB, true, ACT_PREV_WIDGET, "S-Tab", N_("previous field"), false },
    { ' ', false, ACT_TOGGLE, N_("Space"), N_("choose"), true },
    { '\n', false, ACT_ENTER, "Enter", N_("next"), true },
    { '\r', false, ACT_ENTER, NULL, NULL, false },
    { KEY_ENTER, true, ACT_ENTER, NULL, NULL, false },
    { 27, false, ACT_BACK, "Esc", N_("back"), true },
    { KEY_F(1), true, ACT_HELP, "F1", N_("help"), true },
    { KEY_F(10), true, ACT_SAVE, "F10", N_("save"), true },
    { CTRL('L'), false, ACT_REDRAW, "^L", N_("redraw"), false },
    { KEY_F(2), true, ACT_ASCII, "F2", N_("ASCII lines"), false },
    { KEY_UP, true, ACT_UP, NULL, NULL, false },
    { KEY_DOWN, true, ACT_DOWN, NULL, NULL, false },
    { KEY_LEFT, true, ACT_LEFT, NULL, NULL, false },
    { KEY_RIGHT, true, ACT_RIGHT, NULL, NULL, false },
    { KEY_HOME, true, ACT_HOME, NULL, NULL, false },
    { KEY_END, true, ACT_END, NULL, NULL, false },
    { KEY_PPAGE, true, ACT_PAGE_UP, NULL, NULL, false },
    { KEY_NPAGE, true, ACT_PAGE_DOWN, NULL, NULL, false },
    { KEY_BACKSPACE, true, ACT_BACKSPACE, NULL, NULL, false },
    { 127, false, ACT_BACKSPACE, NULL, NULL, false },
    { CTRL('H'), false, ACT_BACKSPACE, NULL, NULL, false },
    { KEY_DC, true, ACT_DELETE, NULL, NULL, false },
    { CTRL('U'), false, ACT_KILL_LINE, NULL, NULL, false },
    { CTRL('A'), false, ACT_HOME, NULL, NULL, false },
    { CTRL('E'), false, ACT_END, NULL, NULL, false },
    { KEY_RESIZE, true, ACT_RESIZE, NULL, NULL, false },
    { 0, false, ACT_NONE, NULL, NULL, false },
};

enum action keymap_lookup(int rc, wint_t key)
{
    bool code = rc == KEY_CODE_YES;

    for (const struct keybinding *k = keybindings; k->action != ACT_NONE; k++)
        if (k->is_keycode == code && (wint_t)k->key == key)
            return k->action;
    return ACT_NONE;
}
