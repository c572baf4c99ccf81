/* Fuzz the one sanitiser (core/sanitize.h). Whatever comes in, what goes out must be
 * valid UTF-8 without one unsafe character, within its cap (cut on a character
 * boundary); in place and copied agree; JSON output stays valid UTF-8 without raw
 * unsafe characters. A failed invariant traps (the fuzzer reports a crash). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

/* Every character valid UTF-8, none unsafe (breaks allowed as spaces only). */
static void require_safe(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;

    REQUIRE(strlen(s) == n);
    for (size_t i = 0; i < n; ) {
        uint32_t cp;
        size_t l = sanitize_utf8_char(p + i, n - i, &cp);

        REQUIRE(l > 0);
        REQUIRE(!sanitize_cp_unsafe(cp));
        i += l;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s, *copy, small[24], *json;
    size_t cap;

    if (size > 65536)
        return 0;
    if (!(s = malloc(size + 1)))
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    for (unsigned flags = 0; flags <= SANITIZE_SPACES; flags++) {
        copy = sanitize_dup(s, size, size + 3, flags);
        if (copy) {
            char *inplace = strdup(s);

            require_safe(copy, strlen(copy));
            if (inplace) {
                sanitize_inplace(inplace, flags);
                REQUIRE(strcmp(inplace, copy) == 0);    /* nothing was cut: the same */
                free(inplace);
            }
            free(copy);
        }
        /* A cap from the first byte: cut output ends in "..." and stays in the cap. */
        cap = 4 + (size ? data[0] % 20 : 0);
        sanitize_into(small, cap, s, size, flags);
        REQUIRE(strlen(small) < cap);
        require_safe(small, strlen(small));
    }
    json = sanitize_json(strdup(s));
    if (json) {
        const unsigned char *p = (const unsigned char *)json;
        size_t n = strlen(json);

        for (size_t i = 0; i < n; ) {
            uint32_t cp;
            size_t l = sanitize_utf8_char(p + i, n - i, &cp);

            REQUIRE(l > 0);
            REQUIRE(!(sanitize_cp_unsafe(cp) && cp >= 0x20));  /* C0 is cJSON's to escape */
            i += l;
        }
        free(json);
    }
    free(s);
    return 0;
}
