/* Fault injection: --fault PATH:KIND[:N] and POST /admin/fault. KIND is a status code
 * (e.g. 503), "delay" or "delay=MS", "reset", "malformed", "oversized", "nonce" (the
 * server rejects the proof's DPoP nonce as stale and hands out a new one), "no-child"
 * (the next token leaves out orgnr_child although the assertion names a sub-unit) or
 * "hostile" (a 500 whose text carries terminal escapes, C1, RLO and bytes that are not
 * UTF-8). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

static int parse_kind(const char *kind, struct sim_fault *f)
{
    char *end;
    if (isdigit((unsigned char)kind[0])) {
        long st = strtol(kind, &end, 10);
        if (*end || st < 100 || st > 599)
            return -1;
        f->kind = FAULT_STATUS;
        f->status = (int)st;
    } else if (strcmp(kind, "delay") == 0 || strcmp(kind, "slow") == 0) {
        f->kind = FAULT_DELAY;
        f->delay_ms = 2000;
    } else if (strncmp(kind, "delay=", 6) == 0) {
        long ms = strtol(kind + 6, &end, 10);
        if (*end || ms < 0 || ms > 600000)
            return -1;
        f->kind = FAULT_DELAY;
        f->delay_ms = (int)ms;
    } else if (strcmp(kind, "reset") == 0) {
        f->kind = FAULT_RESET;
    } else if (strcmp(kind, "malformed") == 0) {
        f->kind = FAULT_MALFORMED;
    } else if (strcmp(kind, "oversized") == 0) {
        f->kind = FAULT_OVERSIZED;
    } else if (strcmp(kind, "nonce") == 0) {
        f->kind = FAULT_NONCE;
    } else if (strcmp(kind, "no-child") == 0) {
        f->kind = FAULT_NO_CHILD;   /* a token naming the parent only (test-token SUB-UNIT) */
    } else if (strcmp(kind, "hostile") == 0) {
        f->kind = FAULT_HOSTILE;
    } else {
        return -1;
    }
    return 0;
}

static int add_fault(struct sim *sim, const struct sim_fault *f)
{
    struct sim_fault *n = realloc(sim->faults, (sim->n_faults + 1) * sizeof *n);
    if (!n)
        return -1;
    sim->faults = n;
    sim->faults[sim->n_faults] = *f;
    sim->faults[sim->n_faults].path = strdup(f->path);
    if (!sim->faults[sim->n_faults].path)
        return -1;
    sim->n_faults++;
    return 0;
}

int fault_parse_spec(struct sim *sim, const char *spec)
{
    char *copy = strdup(spec), *kind, *count;
    struct sim_fault f = { .count = 1 };
    int rc = -1;
    if (!copy || copy[0] != '/')
        goto out;
    kind = strchr(copy, ':');
    if (!kind)
        goto out;
    *kind++ = '\0';
    count = strchr(kind, ':');
    if (count) {
        char *end;
        *count++ = '\0';
        f.count = (int)strtol(count, &end, 10);
        if (*end || *count == '\0' || f.count == 0)
            goto out;
    }
    f.path = copy;
    if (parse_kind(kind, &f) == 0)
        rc = add_fault(sim, &f);
out:
    free(copy);
    return rc;
}

int fault_add_json(struct sim *sim, const cJSON *doc, char *why, size_t why_len)
{
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(doc, "path");
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(doc, "kind");
    const cJSON *count = cJSON_GetObjectItemCaseSensitive(doc, "count");
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(doc, "status");
    const cJSON *delay = cJSON_GetObjectItemCaseSensitive(doc, "delay_ms");
    struct sim_fault f = { .count = 1 };

    if (!cJSON_IsString(path) || path->valuestring[0] != '/' || !cJSON_IsString(kind)) {
        snprintf(why, why_len, "path (starting with /) and kind are required");
        return -1;
    }
    f.path = path->valuestring;
    if (strcmp(kind->valuestring, "status") == 0) {
        f.kind = FAULT_STATUS;
        f.status = cJSON_IsNumber(status) ? status->valueint : 500;
        if (f.status < 100 || f.status > 599) {
            snprintf(why, why_len, "status must be 100..599");
            return -1;
        }
    } else if (parse_kind(kind->valuestring, &f) != 0) {
        snprintf(why, why_len, "unknown kind");
        return -1;
    }
    if (f.kind == FAULT_DELAY && cJSON_IsNumber(delay))
        f.delay_ms = delay->valueint < 0 ? 0 : delay->valueint;
    if (cJSON_IsNumber(count))
        f.count = count->valueint;
    if (f.count == 0) {
        snprintf(why, why_len, "count must not be 0");
        return -1;
    }
    return add_fault(sim, &f);
}

const char *fault_kind_name(const struct sim_fault *f)
{
    static const char *const kinds[] = { "status", "delay", "reset", "malformed", "oversized",
                                         "nonce", "no-child", "hostile" };
    return kinds[f->kind];
}

static bool path_matches(const char *pattern, const char *path)
{
    size_t n = strlen(pattern);
    if (n > 0 && pattern[n - 1] == '*')
        return strncmp(pattern, path, n - 1) == 0;
    return strcmp(pattern, path) == 0;
}

struct sim_fault *fault_take(struct sim *sim, const char *path, struct sim_fault *copy)
{
    for (size_t i = 0; i < sim->n_faults; i++) {
        struct sim_fault *f = &sim->faults[i];
        if (f->count == 0 || !path_matches(f->path, path))
            continue;
        if (f->count > 0)
            f->count--;
        *copy = *f;
        return copy;
    }
    return NULL;
}

void faults_free(struct sim *sim)
{
    for (size_t i = 0; i < sim->n_faults; i++)
        free(sim->faults[i].path);
    free(sim->faults);
    sim->faults = NULL;
    sim->n_faults = 0;
}
