/* The hand-off's network side through its public API (cli/wizard_handoff.h), as
 * `apply` uses it: no frontend. Against helseid-sim --auto-confirm (started by
 * tests/e2e/wizard-handoff-api.sh, URLs in the environment): a new draft waited for
 * until the STS issues a token, the site saved pending then active; the update of
 * the same client (PUT, sub-units); the paste-back hook; a portal rejection through
 * a real request to the loopback. Usage: wizard-handoff-api SITE */
#include "config.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "session/wizard_handoff.h"
#include "core/catalog.h"
#include "core/site.h"
#include "core/strv.h"
#include "net/endpoints.h"
#include "net/http.h"
#include "store/catalog_file.h"
#include "store/site_file.h"
#include "tests/tap.h"

#define FAILMSG e.code ? ": " : "", e.code ? e.msg : ""

static struct site_file *reload(struct site_file *sf, const char *path)
{
    struct error e;

    site_file_free(sf);
    if (site_file_load(&sf, path, &e) < 0) {
        printf("Bail out! %s\n", e.msg);
        exit(1);
    }
    return sf;
}

/* A new configuration for the GP office, as the wizard's steps would leave it. */
static void new_config(struct site *s)
{
    struct helseid_config *c = calloc(1, sizeof(*c));

    if (!c)
        exit(1);
    c->state = CONFIG_DRAFT;
    c->env = strdup("demo");
    c->owner_orgnr = strdup("315260183");
    site_distinct_orgnrs(s, &c->child_orgnrs);
    if (s->config) {
        helseid_config_clear(s->config);
        free(s->config);
    }
    s->config = c;
}

static int send_request(int port, const char *target)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    char req[512];
    int fd = socket(AF_INET, SOCK_STREAM, 0), n;

    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
        return -1;
    n = snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", target, port);
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    return fd;      /* kept open until the listener has answered */
}

/* The path (with its secret segment) of the draft's postClientConfirmationRedirectUri,
 * from the simulator's state ($SIM_ADMIN_STATE): only the portal learns it. */
static int real_redirect_path(struct http_client *http, const char *id, char *out, size_t cap)
{
    struct http_request rq = { .method = HTTP_GET, .url = getenv("SIM_ADMIN_STATE") };
    struct http_response res;
    struct error e;
    const cJSON *cl, *c;
    cJSON *doc = NULL;
    const char *uri, *p;
    int rc = -1;

    if (!rq.url || http_request(http, &rq, &res, &e) < 0 || res.status != 200 ||
        !(doc = cJSON_Parse(res.body)))
        goto out;
    cl = cJSON_GetObjectItemCaseSensitive(doc, "clients");
    if (cJSON_IsObject(cl)) {
        c = cJSON_GetObjectItemCaseSensitive(cl, id);
    } else {
        cJSON_ArrayForEach(c, cl) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, "clientId");
            if (cJSON_IsString(v) && strcmp(v->valuestring, id) == 0)
                break;
        }
    }
    uri = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "postClientConfirmationRedirectUri"));
    if (uri && strncmp(uri, "http://", 7) == 0 && (p = strchr(uri + 7, '/')) && strlen(p) < cap) {
        strcpy(out, p);
        rc = 0;
    }
out:
    cJSON_Delete(doc);
    http_response_clear(&res);
    return rc;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : NULL;
    struct endpoints ep;
    struct endpoints_layer env;
    const struct endpoints_layer *layers[1] = { &env };
    struct http_client *http = NULL;
    struct http_config hc = { .max_attempts = 1 };
    struct catalog cat;
    struct site_file *sf = NULL;
    struct wizard_handoff_opts o = { 0 };
    struct wizard_handoff *hs = NULL;
    struct handoff h;
    struct handoff_io io;
    struct client_status live;
    struct error e;
    char id[80] = "", status[64], url[256], real[160], target[256];
    int fd;

    if (!path) {
        printf("Bail out! usage: wizard-handoff-api SITE\n");
        return 1;
    }
    error_clear(&e);
    endpoints_init(&ep);
    catalog_init(&cat);
    endpoints_layer_from_environ(&env);
    if (endpoints_resolve(&ep, layers, 1, &e) < 0 || catalog_load_dir(&cat, NULL, &e) < 0) {
        printf("Bail out! %s\n", e.msg);
        return 1;
    }
    hc.ca_file = ep.ca_file;
    if (http_client_new(&http, &hc, &e) < 0) {
        printf("Bail out! %s\n", e.msg);
        return 1;
    }
    o.cat = &cat;
    o.ep = &ep;
    o.http = http;
    o.api_key = "demo-api-key";
    o.browser = BROWSER_MODE_PRINT;
    o.timeout_s = 60;
    /* A free port from the script: parallel runs may hold 47190-47192 (the defaults
     * have their own tests in the loopback module). */
    o.port = getenv("HANDOFF_PORT") ? atoi(getenv("HANDOFF_PORT")) : 0;

    /* 1. A new client, waited for without a frontend (the simulator auto-confirms). */
    sf = reload(sf, path);
    new_config(site_file_site(sf));
    o.sf = sf;
    is_int(wizard_handoff_begin(&hs, &o, &h, &e), 0, "new: begin%s%s", FAILMSG);
    if (!hs)
        return done_testing();
    is_int(wizard_handoff_kind(hs), WIZARD_HANDOFF_NEW, "new: a draft was created");
    snprintf(id, sizeof(id), "%s", wizard_handoff_client_id(hs));
    {
        struct site_file *disk = NULL;

        disk = reload(disk, path);
        ok(site_file_site(disk)->config->state == CONFIG_PENDING &&
               strcmp(site_file_site(disk)->config->client_id, id) == 0,
           "new: saved pending with the client id before any wait");
        site_file_free(disk);
    }
    ok(strstr(h.url, "/confirm-client/") && strstr(h.url, id), "new: the confirmation URL names the client");
    ok(o.port ? h.port == o.port : h.port >= 47190 && h.port <= 47192, "new: the loopback on the port asked for (%d)", h.port);
    is_str(wizard_handoff_open_browser(hs), "no browser started (--browser=print)", "new: print mode launches nothing");
    is_int(wizard_handoff_wait(hs, &h, NULL, &e), 0, "new: wait%s%s", FAILMSG);
    is_int(h.state, HANDOFF_CONFIRMED, "new: the STS issued a token: confirmed");
    ok(wizard_handoff_ready_seconds(hs) >= 0 && wizard_handoff_attempts(hs) >= 1,
       "new: ready after %.1f s, %d tries", wizard_handoff_ready_seconds(hs), wizard_handoff_attempts(hs));
    client_status_init(&live);
    is_int(wizard_handoff_finish(hs, &h, &live, &e), 0, "new: finish%s%s", FAILMSG);
    ok(client_status_scope(&live, "nhn:selvbetjening/client") &&
           client_status_scope(&live, "nhn:selvbetjening/client")->status == ITEM_OK,
       "new: GET /v1/client shows the self scope ok");
    is_int((int)live.child_orgnrs.n, 2, "new: HelseID has both org numbers");
    client_status_clear(&live);
    is_int(wizard_handoff_exit_status(&h), 0, "new: exit status 0");
    wizard_handoff_free(hs);
    hs = NULL;
    sf = reload(sf, path);
    ok(site_file_site(sf)->config->state == CONFIG_ACTIVE, "new: the site file says active");

    /* 2. The same client after a unit-tree change: PUT, no wait. */
    strv_clear(&site_file_site(sf)->config->child_orgnrs);
    strv_push(&site_file_site(sf)->config->child_orgnrs, "315260183");
    o.sf = sf;
    is_int(wizard_handoff_begin(&hs, &o, &h, &e), 0, "update: begin%s%s", FAILMSG);
    if (hs) {
        is_int(wizard_handoff_kind(hs), WIZARD_HANDOFF_UPDATED, "update: PUT, nothing to confirm");
        client_status_init(&live);
        is_int(wizard_handoff_finish(hs, &h, &live, &e), 0, "update: finish%s%s", FAILMSG);
        ok(live.child_orgnrs.n == 1 && strcmp(live.child_orgnrs.v[0], "315260183") == 0,
           "update: HelseID's sub-units replaced");
        client_status_clear(&live);
        is_str(wizard_handoff_client_id(hs), id, "update: the same client");
        wizard_handoff_free(hs);
        hs = NULL;
    }

    /* 3. A new draft rejected in the portal, through a real request to the loopback;
     * the paste-back hook's strict checks first. */
    sf = reload(sf, path);
    new_config(site_file_site(sf));
    o.sf = sf;
    is_int(wizard_handoff_begin(&hs, &o, &h, &e), 0, "reject: begin%s%s", FAILMSG);
    if (hs) {
        wizard_handoff_io(hs, &io);
        ok(io.fd >= 0 && io.on_readable && io.check_now && io.paste, "reject: the frontend hook is complete");
        ok(io.paste(io.ctx, "http://evil.example/helseid-admin/confirmed?status=Success", status,
                    sizeof(status), &e) < 0, "paste: another host refused");
        if (real_redirect_path(http, wizard_handoff_client_id(hs), real, sizeof(real)) < 0)
            real[0] = '\0';
        ok(strncmp(real, "/helseid-admin/confirmed/", 25) == 0 && strlen(real) == 25 + 32,
           "the draft's redirect carries a 128-bit secret segment (%s)", real[0] ? "found" : "not found");
        /* Without the secret, or with another, the address is not this hand-off's. */
        snprintf(url, sizeof(url), "http://localhost:%d/helseid-admin/confirmed?status=Cancelled", h.port);
        ok(io.paste(io.ctx, url, status, sizeof(status), &e) < 0, "paste: the bare path (no secret) refused");
        snprintf(url, sizeof(url), "http://localhost:%d/helseid-admin/confirmed/%032d?status=Cancelled", h.port, 7);
        ok(io.paste(io.ctx, url, status, sizeof(status), &e) < 0, "paste: a wrong secret refused");
        snprintf(url, sizeof(url), "http://localhost:%d%s?status=Cancelled", h.port, real);
        ok(io.paste(io.ctx, url, status, sizeof(status), &e) == 0 && strcmp(status, "Cancelled") == 0,
           "paste: the real address gives its status");
        snprintf(target, sizeof(target), "%s?status=Cancelled", real);
        fd = send_request(h.port, target);
        ok(fd >= 0, "reject: the loopback accepts a connection");
        error_clear(&e);
        is_int(wizard_handoff_wait(hs, &h, NULL, &e), 0, "reject: wait%s%s", FAILMSG);
        if (fd >= 0)
            close(fd);
        is_int(h.state, HANDOFF_REJECTED, "reject: the portal's status ends the wait");
        is_str(h.status, "Cancelled", "reject: the status kept");
        is_int(wizard_handoff_exit_status(&h), 5, "reject: exit status 5");
        is_int(wizard_handoff_finish(hs, &h, NULL, &e), 0, "reject: finish");
        wizard_handoff_free(hs);
        sf = reload(sf, path);
        ok(site_file_site(sf)->config->state == CONFIG_PENDING, "reject: the site stays pending");
        ok(wizard_handoff_resumable(site_file_site(sf)), "reject: the next start resumes it");
    }
    site_file_free(sf);
    http_client_free(http);
    catalog_clear(&cat);
    endpoints_clear(&ep);
    return done_testing();
}
