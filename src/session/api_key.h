/* The vendor's Selvbetjening api key (only a new draft needs it), read in one place
 * for `apply` and the wizard. Sources, first that applies: --api-key-file (main puts
 * $HELSEID_API_KEY_FILE there), the simulator's built-in key in the demo environment,
 * else one line of standard input, unless --no-input. Never from argv; never echoed. */
#ifndef HELSEID_API_KEY_H
#define HELSEID_API_KEY_H

#include <stdbool.h>

#include "core/error.h"
#include "net/endpoints.h"
#include "session/options.h"

/* `prompt`: say what is wanted on stderr and, on a terminal, read without echo (the
 * wizard); otherwise stdin is read as it is (a script's pipe). Free *key with
 * secret_free_str. */
int session_api_key(const struct options *o, const struct endpoints *ep, bool prompt, char **key,
                    struct error *e);

/* The key from a file: trailing white space cut, refused when empty, over 4 KiB, or
 * holding spaces or control characters (never quoting it). */
int session_api_key_file(const char *path, char **key, struct error *e);

#endif
