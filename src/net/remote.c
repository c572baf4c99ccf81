#include "config.h"
#include "net/remote.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/i18n.h"
#include "core/sanitize.h"

cJSON *remote_json_parse(const char *body, size_t len)
{
    if (!body || len == 0 || len > REMOTE_JSON_MAX)
        return NULL;
    if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) {
        body += 3;
        len -= 3;
    }
    return cJSON_ParseWithLength(body, len);
}

cJSON *remote_json_object(const char *body, size_t len, const char *what, struct error *e)
{
    cJSON *root;

    if (!body || len == 0)
        return error_set(e, ERR_PARSE, _("empty %s"), what), NULL;
    if (len > REMOTE_JSON_MAX)
        return error_set(e, ERR_PARSE, _("%s too large (%zu bytes)"), what, len), NULL;
    root = remote_json_parse(body, len);
    if (!root)
        return error_set(e, ERR_PARSE, _("%s is not valid JSON"), what), NULL;
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return error_set(e, ERR_PARSE, _("%s is not a JSON object"), what), NULL;
    }
    return root;
}

static void wipe_tree(cJSON *n)
{
    for (; n; n = n->next) {
        if (n->valuestring)
            OPENSSL_cleanse(n->valuestring, strlen(n->valuestring));
        if (n->string)
            OPENSSL_cleanse(n->string, strlen(n->string));
        wipe_tree(n->child);
    }
}

void remote_json_delete_wiped(cJSON *root)
{
    if (!root)
        return;
    /* Answers are objects of shallow depth; recursion is bounded by cJSON's nesting limit. */
    if (root->valuestring)
        OPENSSL_cleanse(root->valuestring, strlen(root->valuestring));
    wipe_tree(root->child);
    cJSON_Delete(root);
}

char *remote_text(const char *s, size_t len)
{
    /* REMOTE_TEXT_MAX bytes of text, then "..." if cut. */
    return sanitize_dup(s, len, REMOTE_TEXT_MAX + 3, SANITIZE_SPACES);
}

const char *remote_str(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int remote_int(const cJSON *obj, const char *name, long long lo, long long hi, long long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    double d;

    if (!v || cJSON_IsNull(v))
        return 1;
    if (!cJSON_IsNumber(v))
        return -1;
    d = v->valuedouble;
    if (!isfinite(d) || d < (double)lo || d > (double)hi || (double)(long long)d != d)
        return -1;
    *out = (long long)d;
    return 0;
}

int remote_str_copy(const cJSON *obj, const char *name, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

    *out = NULL;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsString(v))
        return -1;
    return (*out = strdup(v->valuestring)) ? 0 : -1;
}

int remote_strv(const cJSON *obj, const char *name, struct strv *out)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, name), *it;

    if (!a || cJSON_IsNull(a))
        return 0;
    if (!cJSON_IsArray(a))
        return -1;
    cJSON_ArrayForEach(it, a) {
        if (!cJSON_IsString(it) || strv_push(out, it->valuestring) < 0)
            return -1;
    }
    return 0;
}
