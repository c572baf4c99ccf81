/* The Selvbetjening portal's confirmation page: a login standing in for
 * HelseID/BankID, then Konfigurasjonseier + E-post + Bekreft/Avbryt, then a 303
 * to the draft's postClientConfirmationRedirectUri with ?status=. Plain HTML forms. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

#define WEB_PREFIX "/selvbetjening/web"
#define SESSION_COOKIE "simsession"
#define SESSION_LIFETIME 3600

struct buf {
    char *data;
    size_t len, cap;
};

static void bprintf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bprintf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = (b->len + (size_t)n + 1) * 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return;
        b->data = d;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void page_head(struct buf *b, const char *title)
{
    bprintf(b, "<!DOCTYPE html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\">"
               "<title>%s - Selvbetjening</title></head><body>\n"
               "<h1>Selvbetjening for HelseID (simulator)</h1>\n<h2>%s</h2>\n", title, title);
}

static void page_message(struct sim_reply *r, int status, const char *title, const char *msg)
{
    struct buf b = { 0 };
    char *m = html_escape(msg);
    page_head(&b, title);
    bprintf(&b, "<p role=\"alert\">%s</p>\n</body></html>\n", m);
    free(m);
    reply_html(r, status, b.data);
}

static const char *session_person(struct sim *sim, const struct sim_request *req)
{
    const char *sid = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
    const cJSON *s = sid ? cJSON_GetObjectItemCaseSensitive(sim->sessions, sid) : NULL;
    return s ? json_str(s, "fnr") : NULL;
}

static void login_page(struct sim_reply *r, const char *return_path)
{
    struct buf b = { 0 };
    char *ret = html_escape(return_path);
    page_head(&b, "Logg inn");
    bprintf(&b, "<p>Logg inn med HelseID (BankID, testpersoner) for å bekrefte klienten.</p>\n"
                "<form method=\"post\" action=\"%s/login\">\n"
                "<input type=\"hidden\" name=\"return\" value=\"%s\">\n"
                "<fieldset><legend>Velg testperson</legend>\n", WEB_PREFIX, ret);
    for (int i = 0; i < persons_count(); i++) {
        char *name = html_escape(person_field(i, "name"));
        bprintf(&b, "<p><input type=\"radio\" name=\"person\" id=\"p%d\" value=\"%s\"%s>"
                    "<label for=\"p%d\">%s (fødselsnummer %s)</label></p>\n",
                i, person_field(i, "fnr"), i == 0 ? " checked" : "", i, name,
                person_field(i, "fnr"));
        free(name);
    }
    bprintf(&b, "</fieldset>\n<p><button type=\"submit\">Logg inn</button></p>\n</form>\n"
                "</body></html>\n");
    free(ret);
    reply_html(r, 200, b.data);
}

static void login(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    cJSON *form = form_parse(req->body), *session;
    const char *fnr = json_str(form, "person"), *ret = json_str(form, "return");
    char *sid = NULL;
    if (!fnr || !person_name_by_fnr(fnr)) {
        page_message(r, 400, "Logg inn", "Velg en testperson.");
        goto out;
    }
    if (!ret || strncmp(ret, WEB_PREFIX "/", strlen(WEB_PREFIX) + 1) != 0 || strstr(ret, "//"))
        ret = WEB_PREFIX "/";
    sid = sim_random_id(24);
    session = cJSON_CreateObject();
    cJSON_AddStringToObject(session, "fnr", fnr);
    cJSON_AddNumberToObject(session, "exp", (double)(sim_now() + SESSION_LIFETIME));
    cJSON_AddItemToObject(sim->sessions, sid, session);
    /* Over the plain-HTTP loopback listener a Secure cookie would not come back. */
    r->set_cookie = sim_strdupf(SESSION_COOKIE "=%s; Path=" WEB_PREFIX "%s; HttpOnly; SameSite=Lax",
                                sid, req->plain ? "" : "; Secure");
    {
        /* Back on the listener the person came in on. */
        char *loc = sim_strdupf("%s%s", req->plain ? sim->web_base : sim->base, ret);
        reply_redirect(r, loc);
        free(loc);
    }
out:
    free(sid);
    cJSON_Delete(form);
}

static bool owner_candidate(const cJSON *enhet)
{
    const char *form = json_str(cJSON_GetObjectItemCaseSensitive(enhet, "organisasjonsform"), "kode");
    return form && strcmp(form, "ORGL") != 0 && !cJSON_GetObjectItemCaseSensitive(enhet, "slettedato") &&
           !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(enhet, "konkurs"));
}

static void confirm_page(struct sim *sim, struct sim_reply *r, const cJSON *client,
                         const char *person, const char *error, int status)
{
    struct buf b = { 0 };
    const char *id = json_str(client, "clientId"), *org = json_str(client, "organizationNumber");
    const cJSON *it;
    char *who = html_escape(person_name_by_fnr(person) ? person_name_by_fnr(person) : person);
    page_head(&b, "HelseID: autentisering");
    bprintf(&b, "<p>Innlogget som %s.</p>\n", who);
    if (error) {
        char *e = html_escape(error);
        bprintf(&b, "<p role=\"alert\"><strong>Feil:</strong> %s</p>\n", e);
        free(e);
    }
    bprintf(&b, "<h3>Selvbetjening API</h3>\n<h3>Tilganger</h3>\n<p>HelseID-klient %s "
                "(organisasjonsnummer %s)</p>\n<ul>\n", id, org);
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(client, "apiScopes")) {
        char *s = html_escape(json_str(it, "scope"));
        bprintf(&b, "<li>%s</li>\n", s);
        free(s);
    }
    bprintf(&b, "</ul>\n<form method=\"post\" action=\"%s/confirm-client/%s\">\n"
                "<p><label for=\"owner\">Konfigurasjonseier</label><br>\n"
                "Vennligst velg hvilken konfigurasjonseier du ønsker at klientkonfigurasjonen "
                "skal registreres hos.<br>\n<select name=\"owner\" id=\"owner\">\n",
            WEB_PREFIX, id);
    cJSON_ArrayForEach(it, sim->brreg_enheter) {
        char *name;
        const char *n = it->string;
        if (!owner_candidate(it))
            continue;
        name = html_escape(json_str(it, "navn") ? json_str(it, "navn") : "");
        /* "NAVN - 123 456 789", as the portal shows it. */
        bprintf(&b, "<option value=\"%s\"%s>%s - %.3s %.3s %.3s</option>\n", n,
                strcmp(n, org) == 0 ? " selected" : "", name, n, n + 3, n + 6);
        free(name);
    }
    bprintf(&b, "</select></p>\n<p><label for=\"email\">E-post</label><br>\n"
                "Oppgi virksomhetens e-postadresse som Norsk helsenett kan bruke for nødvendige "
                "henvendelser. Det kan for eksempel innebære driftskritisk informasjon eller "
                "spørsmål.<br>\n"
                "<input type=\"email\" name=\"email\" id=\"email\" required></p>\n"
                "<p><button type=\"submit\" name=\"action\" value=\"confirm\">Bekreft</button>\n"
                "<button type=\"submit\" name=\"action\" value=\"cancel\" formnovalidate>Avbryt</button></p>\n"
                "</form>\n</body></html>\n");
    free(who);
    reply_html(r, status, b.data);
}

static void redirect_status(struct sim_reply *r, const cJSON *client, const char *status)
{
    const char *uri = json_str(client, "postClientConfirmationRedirectUri");
    char *loc = sim_strdupf("%s%sstatus=%s", uri, strchr(uri, '?') ? "&" : "?", status);
    reply_redirect(r, loc);
    free(loc);
}

static bool email_plausible(const char *e)
{
    const char *at = e ? strchr(e, '@') : NULL;
    return at && at > e && strchr(at, '.') && !strchr(e, ' ') && strlen(e) < 255;
}

static void confirm(struct sim *sim, const struct sim_request *req, struct sim_reply *r,
                    const char *id)
{
    cJSON *client = store_client(sim, id);
    const char *person = session_person(sim, req);
    if (!client) {
        page_message(r, 404, "Bekreft klientkonfigurasjon", "Fant ikke klientutkastet.");
        return;
    }
    if (strcmp(json_str(client, "state"), "draft") != 0) {
        page_message(r, 409, "Bekreft klientkonfigurasjon", "Klienten er allerede behandlet.");
        return;
    }
    if (!person) {
        if (strcmp(req->method, "GET") == 0) {
            char *ret = sim_strdupf(WEB_PREFIX "/confirm-client/%s", id);
            login_page(r, ret);
            free(ret);
        } else {
            page_message(r, 401, "Logg inn", "Du må logge inn først.");
        }
        return;
    }
    if (strcmp(req->method, "GET") == 0) {
        confirm_page(sim, r, client, person, NULL, 200);
        return;
    }
    {
        cJSON *form = form_parse(req->body);
        const char *action = json_str(form, "action"), *owner = json_str(form, "owner");
        const char *email = json_str(form, "email");
        if (action && strcmp(action, "cancel") == 0) {
            redirect_status(r, client, "Cancelled");
        } else if (!action || strcmp(action, "confirm") != 0) {
            confirm_page(sim, r, client, person, "Ukjent handling.", 400);
        } else if (!owner || strcmp(owner, json_str(client, "organizationNumber")) != 0) {
            confirm_page(sim, r, client, person,
                         "Konfigurasjonseier må være organisasjonen klienten er laget for.", 400);
        } else if (!email_plausible(email)) {
            confirm_page(sim, r, client, person, "Skriv inn en gyldig e-postadresse.", 400);
        } else {
            store_confirm(sim, client, owner, email, person);
            redirect_status(r, client, "Success");
        }
        cJSON_Delete(form);
    }
}

void sb_web_handle(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    static const char confirm_prefix[] = "/confirm-client/";
    bool get = strcmp(req->method, "GET") == 0, post = strcmp(req->method, "POST") == 0;
    if (strcmp(req->sub, "/login") == 0 && post) {
        login(sim, req, r);
    } else if (strncmp(req->sub, confirm_prefix, sizeof confirm_prefix - 1) == 0 && (get || post) &&
               !strchr(req->sub + sizeof confirm_prefix - 1, '/')) {
        confirm(sim, req, r, req->sub + sizeof confirm_prefix - 1);
    } else {
        page_message(r, 404, "Ikke funnet", "Siden finnes ikke.");
    }
}
