/* The one JSON document a command prints with --json (DESIGN.md §3, helseid-admin-json(7)).
 * Commands hand over their body; main prints it once, after the command returns, with
 * the envelope every document carries: "format": 1, "command", "ok", "exit" and, on
 * failure, "error": {"code", "message"}. Usage errors and interrupts get one too. The
 * state is per process, like stdout itself: there is exactly one document per run. */
#ifndef HELSEID_JSON_DOC_H
#define HELSEID_JSON_DOC_H

#include <stdbool.h>
#include <cjson/cJSON.h>

#include "core/error.h"

#define JSON_DOC_FORMAT 1

/* command: the command's name, or NULL when the command line named none we know. */
void json_doc_start(const char *command, bool on);
bool json_doc_on(void);
/* Take over body (an object; its keys join the envelope's). A second call replaces it. */
void json_doc_set_body(cJSON *body);
/* Remember why the run failed (the last error wins). */
void json_doc_set_error(const struct error *e);
/* Print the document for exit status `status` (when --json is on) and free it.
 * fallback: the message when the command failed without recording an error. */
int json_doc_finish(int status, const char *fallback);
/* The same document as a string (for tests); caller frees. */
char *json_doc_render(int status, const char *fallback);

#endif
