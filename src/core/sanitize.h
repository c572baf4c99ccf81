/* The one sanitiser for text from outside (servers, files, arguments, the
 * environment) on its way to a terminal, an error message, a log line or --json.
 *
 * Unsafe: C0 controls, DEL, C1 controls (U+0080-009F, e.g. U+009B, the 8-bit CSI),
 * the bidi embedding/override/isolate controls (U+202A-202E, U+2066-2069) and the
 * marks LRM, RLM, ALM (U+200E, U+200F, U+061C) that can reorder what is shown, and
 * bytes that are not UTF-8 (overlongs, surrogates, stray continuation bytes, cut
 * sequences). Each unsafe character or bad byte becomes one '?'; with SANITIZE_SPACES
 * tab, LF and CR become a space instead (multi-line server text stays readable on one
 * line). Everything else, Norwegian letters included, is kept. Pure functions. */
#ifndef HELSEID_CORE_SANITIZE_H
#define HELSEID_CORE_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SANITIZE_SPACES 1u      /* tab, LF, CR -> ' ' (else '?') */
#define SANITIZE_DEFAULT_MAX 1024

/* Whether a code point is unsafe to show (see above). */
bool sanitize_cp_unsafe(uint32_t cp);
/* Length (1-4) of the valid UTF-8 sequence at p, at most n bytes, and its code
 * point; 0 if the bytes there are not UTF-8. */
size_t sanitize_utf8_char(const unsigned char *p, size_t n, uint32_t *cp);

/* The safe form of s[0..len) (len (size_t)-1: up to the NUL) in out, cap >= 4 bytes
 * with the NUL. When it does not fit it is cut at a character boundary and ends in
 * "...". Returns out. */
char *sanitize_into(char *out, size_t cap, const char *s, size_t len, unsigned flags);
/* The same, newly allocated, at most max bytes before the NUL (max >= 3); NULL s is
 * "". NULL only when out of memory. */
char *sanitize_dup(const char *s, size_t len, size_t max, unsigned flags);
/* In place (the safe form is never longer). */
void sanitize_inplace(char *s, unsigned flags);

/* A serialised JSON text (cJSON's output, which escapes only C0, '"' and '\') made
 * safe and valid UTF-8: unsafe characters become \uXXXX escapes and bytes that are
 * not UTF-8 become \ufffd. Takes ownership of `json` (freed); NULL in, NULL out. */
char *sanitize_json(char *json);

#endif
