/* Keys map to actions through one table, so the footer and the help screen list
 * them and tests inject actions instead of key codes. */
#ifndef HELSEID_TUI_KEYMAP_H
#define HELSEID_TUI_KEYMAP_H

#include <stdbool.h>
#include <wchar.h>

enum action {
    ACT_NONE,
    ACT_NEXT_WIDGET, ACT_PREV_WIDGET,
    ACT_UP, ACT_DOWN, ACT_LEFT, ACT_RIGHT, ACT_HOME, ACT_END, ACT_PAGE_UP, ACT_PAGE_DOWN,
    ACT_TOGGLE, ACT_ENTER, ACT_BACK, ACT_HELP, ACT_SAVE, ACT_REDRAW, ACT_ASCII,
    ACT_BACKSPACE, ACT_DELETE, ACT_KILL_LINE, ACT_RESIZE,
};

struct keybinding {
    int key;                /* a curses KEY_* code or a character */
    bool is_keycode;        /* from wget_wch's KEY_CODE_YES */
    enum action action;
    const char *key_name;   /* shown in the footer/help, untranslated: "Tab", "F1", or NULL */
    const char *label;      /* N_() text: "next field" */
    bool footer;            /* listed in the footer line */
};

extern const struct keybinding keybindings[];

/* The action for a key from wget_wch (rc is OK or KEY_CODE_YES). */
enum action keymap_lookup(int rc, wint_t key);

#endif
