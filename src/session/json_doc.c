#include "config.h"
#include "session/json_doc.h"
#include "core/sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
    bool on;
    const char *command;
    cJSON *body;
    bool have_error;
    struct error error;
} doc;

void json_doc_start(const char *command, bool on)
{
    doc.command = command;
    doc.on = on;
}

bool json_doc_on(void)
{
    return doc.on;
}

void json_doc_set_body(cJSON *body)
{
    cJSON_Delete(doc.body);
    doc.body = body;
}

void json_doc_set_error(const struct error *e)
{
    if (!e)
        return;
    doc.error = *e;
    doc.have_error = true;
}

/* The stable code name for an exit status nobody explained: the first in the table. */
static const char *code_for_status(int status)
{
    static const struct { enum err_code code; int status; } table[] = {
#define ERROR_ROW(code, status) { code, status },
        ERROR_CODES(ERROR_ROW)
#undef ERROR_ROW
    };

    if (status > 128)
        return error_code_name(ERR_INTERRUPTED);
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (table[i].status == status)
            return error_code_name(table[i].code);
    return error_code_name(ERR_INVALID);
}

/* Exit 6 (plan has changes) is an answer, not a failure. */
static bool status_ok(int status)
{
    return status == 0 || status == error_exit_status(ERR_CHANGES);
}

static bool envelope_key(const char *k)
{
    return strcmp(k, "format") == 0 || strcmp(k, "command") == 0 || strcmp(k, "ok") == 0 ||
           strcmp(k, "exit") == 0 || strcmp(k, "error") == 0;
}

/* The run recorded a failure of its own (else its exit status speaks for it). */
static bool own_error(void)
{
    return doc.have_error && error_exit_status(doc.error.code) != 0;
}

static cJSON *error_object(int status, const char *fallback)
{
    cJSON *err = cJSON_CreateObject();
    bool own = own_error();

    if (!err)
        return NULL;
    cJSON_AddStringToObject(err, "code", own ? error_code_name(doc.error.code) : code_for_status(status));
    cJSON_AddStringToObject(err, "message", own && doc.error.msg[0] ? doc.error.msg
                                            : fallback ? fallback : "");
    return err;
}

char *json_doc_render(int status, const char *fallback)
{
    cJSON *out = cJSON_CreateObject(), *body = doc.body, *it;
    char *text = NULL;
    bool ok = status_ok(status);

    doc.body = NULL;
    /* The envelope first, in the order of helseid-admin-json(7), then the command's keys
     * (a body's own "ok" or "error" gives way to the envelope's). */
    if (out && cJSON_AddNumberToObject(out, "format", JSON_DOC_FORMAT) &&
        cJSON_AddItemToObject(out, "command", doc.command ? cJSON_CreateString(doc.command)
                                                          : cJSON_CreateNull()) &&
        cJSON_AddBoolToObject(out, "ok", ok) && cJSON_AddNumberToObject(out, "exit", status) &&
        (ok || cJSON_AddItemToObject(out, "error", error_object(status, fallback)))) {
        while (cJSON_IsObject(body) && (it = body->child)) {
            cJSON_DetachItemViaPointer(body, it);
            if (envelope_key(it->string))
                cJSON_Delete(it);
            else
                cJSON_AddItemToObject(out, it->string, it);
        }
        text = sanitize_json(cJSON_Print(out));   /* valid UTF-8, no raw control bytes */
    }
    cJSON_Delete(body);
    cJSON_Delete(out);
    return text;
}

int json_doc_finish(int status, const char *fallback)
{
    char *text;

    if (!doc.on) {
        json_doc_set_body(NULL);
        return status;
    }
    doc.on = false;             /* once */
    /* A failure with no message of its own (failed checks: the document lists them)
     * is said on stderr too, as every failure is: error.message is that line. */
    if (!status_ok(status) && !(own_error() && doc.error.msg[0]) && fallback)
        fprintf(stderr, "%s: %s\n", PACKAGE, fallback);
    if ((text = json_doc_render(status, fallback))) {
        puts(text);
        fflush(stdout);
        free(text);
    }
    return status;
}
