/* For screen tests: every message a screen is given is written, one per line, to the
 * file named by HELSEID_ADMIN_SCREEN_LOG (rewritten at each draw), so a test can check
 * that each one is on the captured screen whole. Off unless the variable is set. */
#ifndef HELSEID_TUI_SHOWN_H
#define HELSEID_TUI_SHOWN_H

/* Start a new record for this draw (truncates the file). */
void shown_begin(void);
/* One message, as given (UTF-8); control characters become '?'. */
void shown_add(const char *utf8);
void shown_end(void);

#endif
