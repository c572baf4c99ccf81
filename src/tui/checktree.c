#include "config.h"
#include "tui/checktree.h"
#include "tui/cursor.h"

void checktree_init(struct checktree *t, struct checktree_item *items, size_t n)
{
    t->items = items;
    t->n = n;
    t->cursor = 0;
    t->top = 0;
}

static void set_checked(struct checktree *t, size_t i, bool on)
{
    struct checktree_item *it = &t->items[i];

    it->checked = on;
    if (on) {
        if (it->radio)
            for (size_t j = 0; j < t->n; j++)
                if (j != i && t->items[j].radio && t->items[j].parent == it->parent)
                    t->items[j].checked = false;
        if (it->parent >= 0 && !t->items[it->parent].checked)
            set_checked(t, (size_t)it->parent, true);
    } else {
        for (size_t j = 0; j < t->n; j++)
            if (t->items[j].parent == (int)i && t->items[j].checked)
                set_checked(t, j, false);
    }
}

bool checktree_toggle(struct checktree *t, size_t i)
{
    if (i >= t->n)
        return false;
    if (t->items[i].radio && t->items[i].checked)
        return false;
    set_checked(t, i, !t->items[i].checked);
    return true;
}

bool checktree_move(struct checktree *t, long delta)
{
    return cursor_move(&t->cursor, t->n, delta);
}

void checktree_fit(struct checktree *t, size_t page)
{
    cursor_fit(&t->top, t->cursor, page);
}

int checktree_depth(const struct checktree *t, size_t i)
{
    int d = 0;

    for (int p = t->items[i].parent; p >= 0 && d < 8; p = t->items[p].parent)
        d++;
    return d;
}
