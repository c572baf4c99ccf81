/* The one sanitiser (core/sanitize.h): what is kept, what becomes '?', the cap, in
 * place, and JSON text made valid UTF-8 with unsafe characters escaped. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "tests/tap.h"

static char buf[256];

static const char *safe(const char *s, unsigned flags)
{
    return sanitize_into(buf, sizeof buf, s, (size_t)-1, flags);
}

static void characters(void)
{
    is_str(safe("Nordre legekontor AS", 0), "Nordre legekontor AS", "plain ASCII kept");
    is_str(safe("Ærlig Østre Åsen", 0), "Ærlig Østre Åsen", "Norwegian letters kept");
    is_str(safe("🙂 Sámi Čáhppes", 0), "🙂 Sámi Čáhppes", "other scripts and emoji kept");
    is_str(safe("a\x1b[2Jb", 0), "a?[2Jb", "ESC (C0) becomes ?");
    is_str(safe("a\x7f" "b", 0), "a?b", "DEL becomes ?");
    is_str(safe("a\xc2\x9b" "31mb", 0), "a?31mb", "U+009B (C1 CSI) becomes one ?");
    is_str(safe("a\xc2\x85" "b", 0), "a?b", "U+0085 (C1 NEL) becomes ?");
    is_str(safe("abc\xe2\x80\xae" "fdp.exe", 0), "abc?fdp.exe", "U+202E RLO becomes ?");
    is_str(safe("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 0), "????", "U+202A-202D become ?");
    is_str(safe("\xe2\x81\xa6x\xe2\x81\xa9", 0), "?x?", "isolates U+2066, U+2069 become ?");
    is_str(safe("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", 0), "???", "LRM, RLM, ALM become ?");
    is_str(safe("a\xff" "b", 0), "a?b", "a byte that is never UTF-8");
    is_str(safe("a\xc3", 0), "a?", "a sequence cut at the end");
    is_str(safe("a\xc0\xaf" "b", 0), "a??b", "an overlong '/' is two bad bytes");
    is_str(safe("\xed\xa0\x80", 0), "???", "a UTF-16 surrogate is not UTF-8");
    is_str(safe("\xf4\x90\x80\x80", 0), "????", "above U+10FFFF is not UTF-8");
    is_str(safe("\x80" "x", 0), "?x", "a stray continuation byte");
    is_str(safe("a\tb\nc\rd", 0), "a?b?c?d", "tab and breaks become ? by default");
    is_str(safe("a\tb\nc\rd", SANITIZE_SPACES), "a b c d", "and spaces with SANITIZE_SPACES");
    is_str(safe(NULL, 0), "", "NULL is empty");
}

static void caps(void)
{
    char small[8];
    char *d;

    is_str(sanitize_into(small, sizeof small, "abcdefg", (size_t)-1, 0), "abcdefg", "fits exactly: not cut");
    is_str(sanitize_into(small, sizeof small, "abcdefgh", (size_t)-1, 0), "abcd...", "cut with ...");
    is_str(sanitize_into(small, sizeof small, "abcdæøå", (size_t)-1, 0), "abcd...", "cut before a two-byte letter");
    is_str(sanitize_into(small, sizeof small, "aæøåbcd", (size_t)-1, 0), "aæ...", "never half a character");
    is_str(sanitize_into(small, sizeof small, "abcdefgh", 3, 0), "abc", "len limits the input");
    d = sanitize_dup("x\xe2\x80\xaey", (size_t)-1, 100, 0);
    is_str(d, "x?y", "dup: sanitised");
    free(d);
    d = sanitize_dup("0123456789", (size_t)-1, 6, 0);
    is_str(d, "012...", "dup: max bytes, ... included");
    free(d);
}

static void in_place(void)
{
    char s[] = "a\xc2\x9b" "b\xe2\x80\xae" "c\xff" "d\x1b" "e";

    sanitize_inplace(s, 0);
    is_str(s, "a?b?c?d?e", "in place: C1, RLO, bad byte, ESC");
}

static void json(void)
{
    char *j = sanitize_json(strdup("{\"n\":\"a\xc2\x9b" "b\xe2\x80\xae" "c\xff" "d\x7f" "e æ\"}"));

    is_str(j, "{\"n\":\"a\\u009bb\\u202ec\\ufffdd\\u007fe æ\"}", "json: escapes, U+FFFD for bad bytes, letters kept");
    free(j);
    ok(sanitize_json(NULL) == NULL, "json: NULL in, NULL out");
}

int main(void)
{
    characters();
    caps();
    in_place();
    json();
    return done_testing();
}
