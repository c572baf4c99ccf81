/* Fuzz the loopback redirect parsers: the raw request, the request target and the
 * pasted-back URL. First byte picks the parser and the expectation (with or without
 * the hand-off's secret path segment), the rest is the input. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/loopback.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct loopback_expect confirm = { LOOPBACK_CONFIRM, 47190, LOOPBACK_PATH_CONFIRM, NULL, "" };
    static const struct loopback_expect login = { LOOPBACK_LOGIN, 47190, LOOPBACK_PATH_LOGIN, "state-xyz", "" };
    static const struct loopback_expect secret = { LOOPBACK_CONFIRM, 47190, LOOPBACK_PATH_CONFIRM, NULL,
                                                   "00112233445566778899aabbccddeeff" };
    struct loopback_result r;
    struct error e;
    const struct loopback_expect *x;
    char *s;

    if (size < 1 || size > 65536)
        return 0;
    x = (data[0] & 1) ? &login : (data[0] & 8) ? &secret : &confirm;
    s = malloc(size);
    if (!s)
        return 0;
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    switch ((data[0] >> 1) % 3) {
    case 0:
        loopback_parse_request(x, s, size - 1, &r);
        break;
    case 1:
        loopback_parse_pasted(x, s, &r, &e);
        break;
    default:
        loopback_parse_target(x, s, size - 1, &r, &e);
        break;
    }
    if (r.outcome == LOOPBACK_SUCCESS && x == &login && !r.code)
        abort();            /* a login success always carries a code */
    if (r.outcome != LOOPBACK_WAITING && x == &secret && !strstr(s, secret.secret))
        abort();            /* no answer counts without the secret */
    loopback_result_clear(&r);
    free(s);
    return 0;
}
