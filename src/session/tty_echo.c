/* Echo off for typing a secret (see tty_echo.h). */
#include "config.h"
#include "session/tty_echo.h"

#include <unistd.h>

bool tty_echo_off(struct tty_echo *t)
{
    struct termios quiet;

    t->off = tcgetattr(STDIN_FILENO, &t->saved) == 0;
    if (t->off) {
        quiet = t->saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    return t->off;
}

void tty_echo_restore(struct tty_echo *t)
{
    if (t->off)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &t->saved);
    t->off = false;
}
