/* Untrusted remote answers (HelseID, Selvbetjening): capped JSON parsing, text
 * sanitised for display, and wiping of parsed trees that held secrets. */
#ifndef HELSEID_REMOTE_H
#define HELSEID_REMOTE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "core/error.h"
#include "core/strv.h"

/* The largest JSON answer we parse (a token answer is a few KB, a JWKS some 10 KB). */
#define REMOTE_JSON_MAX (256u * 1024u)
/* The most bytes of remote text we show in one message. */
#define REMOTE_TEXT_MAX 200u

/* Parse a JSON document of at most REMOTE_JSON_MAX bytes, a leading UTF-8 BOM
 * skipped; NULL when empty, too large or not JSON. */
cJSON *remote_json_parse(const char *body, size_t len);
/* Parse a JSON document of at most REMOTE_JSON_MAX bytes whose root is an object.
 * `what` names the answer in the error ("token answer"). A leading UTF-8 BOM is
 * skipped. Returns NULL and fills e (ERR_PARSE) on failure. */
cJSON *remote_json_object(const char *body, size_t len, const char *what, struct error *e);

/* cJSON_Delete after overwriting every string in the tree (answers with tokens). */
void remote_json_delete_wiped(cJSON *root);

/* A copy of `s` (up to `len` bytes, or up to NUL when len is (size_t)-1) fit for one
 * line of display: control characters, C1, bidi overrides and invalid UTF-8 become '?',
 * and the result is cut at REMOTE_TEXT_MAX bytes on a character boundary with "...".
 * Never returns NULL unless out of memory. */
char *remote_text(const char *s, size_t len);

/* The string member `name` of `obj`, or NULL when absent, null or not a string. */
const char *remote_str(const cJSON *obj, const char *name);
/* Integer member: 0 and *out set when present and a whole number in [lo, hi];
 * 1 when absent or null; -1 when present but of the wrong type or range. */
int remote_int(const cJSON *obj, const char *name, long long lo, long long hi, long long *out);
/* Copy of an optional string member: 0 with *out a copy, or NULL when absent or null;
 * -1 (and *out NULL) when present but not a string, or out of memory. */
int remote_str_copy(const cJSON *obj, const char *name, char **out);
/* Optional array of strings: 0 with each pushed onto out (nothing when absent or null);
 * -1 when present but not an array of strings, or out of memory (out may then hold
 * some of them: the caller clears it). */
int remote_strv(const cJSON *obj, const char *name, struct strv *out);


#endif
