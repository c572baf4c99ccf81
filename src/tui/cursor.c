/* The shared cursor arithmetic of the list widgets (cursor.h). */
#include "config.h"
#include "tui/cursor.h"

bool cursor_move(size_t *cursor, size_t n, long delta)
{
    long to = (long)*cursor + delta;

    if (n == 0)
        return false;
    if (to < 0)
        to = 0;
    if (to >= (long)n)
        to = (long)n - 1;
    if ((size_t)to == *cursor)
        return false;
    *cursor = (size_t)to;
    return true;
}

void cursor_fit(size_t *top, size_t cursor, size_t page)
{
    if (page == 0)
        page = 1;
    if (cursor < *top)
        *top = cursor;
    else if (cursor >= *top + page)
        *top = cursor - page + 1;
}
