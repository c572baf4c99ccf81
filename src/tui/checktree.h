/* A checkbox tree with radio groups: the state behind "Tjenester og Scope".
 * Services are roots; their sub-options are children, either independent checkboxes
 * (Inkluder Tillitsrammeverk) or radio siblings (Begrenset / Full tilgang). Pure. */
#ifndef HELSEID_TUI_CHECKTREE_H
#define HELSEID_TUI_CHECKTREE_H

#include <stdbool.h>
#include <stddef.h>

struct checktree_item {
    const char *id;         /* borrowed */
    const char *label;      /* borrowed */
    int parent;             /* index, -1 for a root */
    bool radio;             /* exclusive among siblings that are also radio */
    bool checked;
};

struct checktree {
    struct checktree_item *items;   /* borrowed array, states edited in place */
    size_t n;
    size_t cursor;
    size_t top;
};

void checktree_init(struct checktree *t, struct checktree_item *items, size_t n);

/* Space on the cursor item. Checking a child checks its parent; unchecking a parent
 * unchecks its children; checking a radio item unchecks its radio siblings; a checked
 * radio item stays checked (choose the other one to switch). Returns true if changed. */
bool checktree_toggle(struct checktree *t, size_t i);

bool checktree_move(struct checktree *t, long delta);
void checktree_fit(struct checktree *t, size_t page);
int checktree_depth(const struct checktree *t, size_t i);

#endif
