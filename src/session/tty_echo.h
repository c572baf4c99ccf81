/* The terminal's echo switched off while a secret (a password, an api key) is typed on
 * standard input. */
#ifndef HELSEID_SESSION_TTY_ECHO_H
#define HELSEID_SESSION_TTY_ECHO_H

#include <stdbool.h>
#include <termios.h>

struct tty_echo {
    struct termios saved;   /* the terminal as it was */
    bool off;               /* tty_echo_off changed it */
};

/* Echo off when standard input is a terminal; false (nothing changed) otherwise. */
bool tty_echo_off(struct tty_echo *t);
/* The terminal as it was before tty_echo_off, if that changed it. */
void tty_echo_restore(struct tty_echo *t);

#endif
