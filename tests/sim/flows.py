"""helseid-sim happy paths and the SFM-ID safeguard, driven like a browser and a
client would, with requests built by python3-jwcrypto (not by our C client)."""
import base64, hashlib, json, os, re, secrets, sys, time, urllib.parse, faulthandler
faulthandler.dump_traceback_later(int(os.environ.get("SIM_TEST_WATCHDOG", "120")), exit=True)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from simlib import *
from jwcrypto import jwk, jwt

OLD_SFM = "0e9c5a39-5a4e-4e59-9d6e-3c2f1b1d9a77"
sim = Sim("--propagation", "2", "--sfm", "311590839=" + OLD_SFM)
key, dkey = new_key(), new_key()
SB = {"grant_type": "client_credentials", "scope": "nhn:selvbetjening/client"}
CB = "http://127.0.0.1:8089/callback"

def claims_of(token):
    return json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))

# --- portal confirmation ---
body = draft_body(key, apiScopes=["nhn:selvbetjening/client", "nhn:kjernejournal/api",
                                  "nhn:hgd-persontjenesten-api/full-access"],
                  childOrganizationNumbers=["219378653"], redirect=CB)
st, h, doc = sim.json("POST", "/selvbetjening/api/v1/client-drafts", body, API_KEY)
is_(st, 200, "draft created")
cid = doc["clientId"]
page = "/selvbetjening/web/confirm-client/" + cid
st, h, html = sim.request("GET", page)
html = html.decode()
ok(st == 200 and 'name="person"' in html and "Kari Testlege" in html, "confirmation page asks for a login first")
st, h, _ = sim.request("POST", "/selvbetjening/web/login",
                       form({"person": "17856642097", "return": page}), FORM)
is_(st, 303, "login redirects back")
cookie = h.get("set-cookie", "").split(";")[0]
ok(cookie.startswith("simsession="), "login sets a session cookie")
is_(h.get("location"), sim.base + page, "back to the confirmation page")
st, h, html = sim.request("GET", page, headers={"Cookie": cookie})
html = html.decode()
ok(st == 200 and all(s in html for s in ("Konfigurasjonseier", "E-post", ">Bekreft<", ">Avbryt<", '<select name="owner"',
                                       'value="315260183" selected')), "confirmation form: Konfigurasjonseier, E-post, Bekreft, Avbryt")
ok("310166138" not in html, "an organisasjonsledd is not offered as owner")
post = lambda d: sim.request("POST", page, form(d), dict(FORM, Cookie=cookie))
is_(post({"owner": "311590839", "email": "a@b.no", "action": "confirm"})[0], 400, "owner other than the draft's org refused")
is_(post({"owner": "315260183", "email": "not-an-email", "action": "confirm"})[0], 400, "bad e-mail refused")
is_(sim.request("POST", page, form({"owner": "315260183", "email": "a@b.no", "action": "confirm"}), FORM)[0], 401,
    "confirm without login refused")
st, h, _ = post({"owner": "315260183", "email": "leder@fjordlegene.example", "action": "confirm"})
is_((st, h.get("location")), (303, CB + "?status=Success"), "Bekreft redirects to the loopback URI with status=Success")
is_(post({"owner": "315260183", "email": "a@b.no", "action": "confirm"})[0], 409, "second confirmation refused")

# --- propagation: poll the STS until the client works ---
attempts, deadline = 0, time.monotonic() + 30
while True:
    attempts += 1
    st, h, tok = get_token(sim, cid, key, dkey, SB)
    if st == 200 or time.monotonic() > deadline:
        break
    ok_error = tok.get("error") == "invalid_client"
    time.sleep(0.1)  # poll interval, not synchronisation
    if not ok_error:
        break
is_(st, 200, "token issued once the client has propagated")
ok(attempts > 1, "token refused (invalid_client) while propagating (%d attempts)" % attempts)
at = tok["access_token"]

# --- GET /v1/client ---
st, h, client = api_call(sim, "GET", "/v1/client", at, dkey)
is_(st, 200, "GET /v1/client")
status = {s["scope"]: s for s in client["apiScopes"]}
is_(status["nhn:kjernejournal/api"]["status"], "ok", "ordinary scope ok")
is_(status["nhn:hgd-persontjenesten-api/full-access"]["status"], "pending", "full-access (hjemmel) starts pending")
ok(bool(status["nhn:hgd-persontjenesten-api/full-access"]["statusReason"]), "pending scope has a statusReason")
is_(client["childOrganizationNumbers"], ["219378653"], "child org numbers kept")
st, h, d = get_token(sim, cid, key, dkey, {"grant_type": "client_credentials", "scope": "nhn:hgd-persontjenesten-api/full-access"})
is_(d.get("error"), "invalid_scope", "pending scope gives no token")
sim.json("POST", "/admin/approve", {"clientId": cid})
st, h, d = get_token(sim, cid, key, dkey, {"grant_type": "client_credentials", "scope": "nhn:hgd-persontjenesten-api/full-access"})
is_(st, 200, "approved scope gives a token")
is_(claims_of(d["access_token"])["helseid://claims/client/claims/orgnr_parent"], "315260183", "orgnr_parent in token")

# --- naming a sub-unit (assertion_details) ---
details = {"type": "helseid_authorization", "practitioner_role": {"organization": {"identifier": {
    "system": "urn:oid:2.16.578.1.12.4.1.4.101", "type": "ENH", "value": "219378653"}}}}
st, h, d = get_token(sim, cid, key, dkey, {"grant_type": "client_credentials", "scope": "nhn:kjernejournal/api"})
n = h.get("dpop-nonce") or nonce_of(sim, cid, key, dkey)
st, h, d = token_request(sim, cid, key, dkey, {"grant_type": "client_credentials", "scope": "nhn:kjernejournal/api"},
                         nonce=n, assertion_kw={"assertion_details": details})
is_(claims_of(d["access_token"]).get("helseid://claims/client/claims/orgnr_child"), "219378653", "orgnr_child from assertion_details")
details["practitioner_role"]["organization"]["identifier"]["value"] = "311860917"
st, h, d = token_request(sim, cid, key, dkey, {"grant_type": "client_credentials", "scope": "nhn:kjernejournal/api"},
                         nonce=n, assertion_kw={"assertion_details": details})
is_((st, d.get("error")), (400, "invalid_request"), "child not in childOrganizationNumbers refused")

# --- PUT /v1/client: full replacement ---
put = {"apiScopes": ["nhn:selvbetjening/client", "nhn:kjernejournal/api"],
       "childOrganizationNumbers": ["219378653", "315260183"]}
st, h, d = api_call(sim, "PUT", "/v1/client", at, dkey, put)
is_(st, 200, "PUT /v1/client")
st, h, client = api_call(sim, "GET", "/v1/client", at, dkey)
is_(client["redirectUris"], [], "missing field in PUT empties it")
is_(sorted(client["childOrganizationNumbers"]), ["219378653", "315260183"], "children replaced")
is_([s["scope"] for s in client["apiScopes"]], put["apiScopes"], "scopes replaced")
is_(api_call(sim, "PUT", "/v1/client", at, dkey, {"apiScopes": ["nhn:kjernejournal/api"]})[2].get("property"),
    "apiScopes", "PUT without nhn:selvbetjening/client refused")

# --- claims: a changed value waits (updatePending), tokens keep the active one ---
MSH = "nhn:msh/herid"
put2 = dict(put, apiScopes=put["apiScopes"] + ["nhn:msh/api"], audienceSpecificClientClaims=[{"key": MSH, "value": "8094412"}])
is_(api_call(sim, "PUT", "/v1/client", at, dkey, put2)[0], 200, "PUT with a claim")
put2["audienceSpecificClientClaims"] = [{"key": MSH, "value": "8094413"}]
api_call(sim, "PUT", "/v1/client", at, dkey, put2)
claim = api_call(sim, "GET", "/v1/client", at, dkey)[2]["audienceSpecificClientClaims"][0]
is_((claim["status"], claim["activeClaimValue"], claim["pendingClaimValue"]), ("updatePending", "8094412", "8094413"),
    "changed claim is updatePending with active and pending values")
st, h, d = get_token(sim, cid, key, dkey, {"grant_type": "client_credentials", "scope": "nhn:msh/api"})
is_(claims_of(d["access_token"]).get(MSH), "8094412", "token keeps the active claim value while pending")
sim.json("POST", "/admin/approve", {"clientId": cid})
claim = api_call(sim, "GET", "/v1/client", at, dkey)[2]["audienceSpecificClientClaims"][0]
is_((claim["status"], claim["activeClaimValue"], claim["pendingClaimValue"]), ("ok", "8094413", None), "approved claim becomes active")

# --- key rotation ---
new = new_key()
st, h, d = api_call(sim, "POST", "/v1/client-secret", at, dkey, json.loads(new.export_public()))
ok(st == 200 and re.match(r"^\d{4}-\d\d-\d\dT", d.get("expiration", "")), "POST /v1/client-secret answers an expiration")
st, h, d = api_call(sim, "POST", "/v1/client-secret", at, dkey, json.loads(new.export_private()))
is_(st, 400, "private JWK refused by client-secret")
st, h, keys = api_call(sim, "GET", "/v1/client-secret", at, dkey)
is_(len(keys), 2, "GET /v1/client-secret lists both keys")
is_(keys[1]["jwkThumbprint"], new.thumbprint(), "new key listed with its RFC 7638 thumbprint")
is_(get_token(sim, cid, new, dkey, SB)[0], 200, "token with the new key")

# --- Avbryt ---
k3 = new_key()
cid3 = sim.json("POST", "/selvbetjening/api/v1/client-drafts", draft_body(k3, redirect=CB), API_KEY)[2]["clientId"]
st, h, _ = sim.request("POST", "/selvbetjening/web/confirm-client/" + cid3, form({"action": "cancel"}), dict(FORM, Cookie=cookie))
is_((st, h.get("location")), (303, CB + "?status=Cancelled"), "Avbryt redirects with status=Cancelled")
is_(sim.state()["clients"][cid3]["state"], "draft", "cancelled draft stays unconfirmed")

# --- SFM-ID safeguard ---
ksfm = new_key()
sfm_scopes = ["nhn:selvbetjening/client", "e-helse:sfm.api/sfm.api2"]
b = draft_body(ksfm, org="311590839", apiScopes=sfm_scopes,
               audienceSpecificClientClaims=[{"key": "e-helse:sfm.api/client/claims/sfm-id", "value": OLD_SFM}])
sfm_cid = sim.json("POST", "/selvbetjening/api/v1/client-drafts", b, API_KEY)[2]["clientId"]
state = sim.state()
is_(state["sfmIds"]["311590839"], OLD_SFM, "draft with the SFM-ID claim keeps the SFM-ID")
ok(not [e for e in state["events"] if e["type"] == "sfm-id-lost"], "no SFM access lost yet")
sim.json("POST", "/admin/confirm", {"clientId": sfm_cid})
deadline = time.monotonic() + 30
while True:
    st, h, t = get_token(sim, sfm_cid, ksfm, dkey, {"grant_type": "client_credentials", "scope": "e-helse:sfm.api/sfm.api2"})
    if st == 200 or time.monotonic() > deadline:
        break
is_(claims_of(t["access_token"]).get("e-helse:sfm.api/client/claims/sfm-id"), OLD_SFM, "SFM token carries the SFM-ID")
st, h, t = get_token(sim, sfm_cid, ksfm, dkey, SB)
st, h, d = api_call(sim, "PUT", "/v1/client", t["access_token"], dkey, {"apiScopes": sfm_scopes})
is_(st, 200, "PUT without the SFM-ID claim accepted (as HelseID does)")
state = sim.state()
lost = [e for e in state["events"] if e["type"] == "sfm-id-lost"]
is_(len(lost), 1, "saving without the SFM-ID claim recorded an SFM access loss")
ok(lost and lost[0]["previousSfmId"] == OLD_SFM and lost[0]["sfmId"] != OLD_SFM, "a NEW SFM-ID replaced the old one")
is_(state["clients"][sfm_cid]["sfmAccess"], False, "client lost SFM access")
st, h, d = get_token(sim, sfm_cid, ksfm, dkey, {"grant_type": "client_credentials", "scope": "e-helse:sfm.api/sfm.api2"})
is_(d.get("error"), "invalid_scope", "SFM scope no longer usable")
b = draft_body(new_key(), org="311590839", apiScopes=sfm_scopes)
sim.json("POST", "/selvbetjening/api/v1/client-drafts", b, API_KEY)
is_(len([e for e in sim.state()["events"] if e["type"] == "sfm-id-lost"]), 2, "a new draft without the claim loses it again")

# --- authorization code + PKCE through the login form, refresh ---
ukey = new_key()
ucid = create_confirmed_client(sim, ukey, apiScopes=["nhn:selvbetjening/client", "nhn:kjernejournal/api"])
deadline = time.monotonic() + 30
while get_token(sim, ucid, ukey, dkey, SB)[0] != 200 and time.monotonic() < deadline:
    pass
REDIR = "http://127.0.0.1:8089/login"
verifier = b64u(secrets.token_bytes(32))
challenge = b64u(hashlib.sha256(verifier.encode()).digest())
def authorize(**kw):
    q = {"client_id": ucid, "response_type": "code", "redirect_uri": REDIR, "state": "st-123",
         "scope": "openid profile nhn:selvbetjening/client nhn:kjernejournal/api", "code_challenge": challenge,
         "code_challenge_method": "S256"}
    for k, v in kw.items():
        if v is None:
            q.pop(k, None)
        else:
            q[k] = v
    return sim.request("GET", "/sts/connect/authorize?" + form(q))
def redirect_params(h):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(h["location"]).query))
for name, kw, err in [("state missing", {"state": None}, "invalid_request"),
                      ("PKCE missing", {"code_challenge": None}, "invalid_request"),
                      ("plain PKCE", {"code_challenge_method": "plain"}, "invalid_request"),
                      ("response_type token", {"response_type": "token"}, "unsupported_response_type")]:
    st, h, _ = authorize(**kw)
    is_((st, redirect_params(h).get("error") if st == 303 else None), (303, err), "authorize refuses: " + name)
is_(authorize(redirect_uri="http://127.0.0.1:9999/other")[0], 400, "unregistered redirect_uri: error page, no redirect")
def login_code(person="17856642097", **kw):
    st, h, html = authorize(**kw)
    m = re.search(r'name="login" value="([^"]+)"', html.decode())
    st, h, _ = sim.request("POST", "/sts/connect/authorize/login", form({"login": m.group(1), "person": person, "action": "login"}), FORM)
    return st, h, html.decode()
st, h, html = login_code()
ok("Kari Testlege" in html and "Ola Testsykepleier" in html and "Siri Sekret" in html, "login page lists the test persons")
p = redirect_params(h)
is_((st, p.get("state"), p.get("iss")), (303, "st-123", sim.issuer), "login redirects with code, state and iss")
def exchange(code, v, **extra):
    return get_token(sim, ucid, ukey, dkey, dict({"grant_type": "authorization_code", "code": code,
                                                  "redirect_uri": REDIR, "code_verifier": v}, **extra))
is_(exchange(p["code"], b64u(secrets.token_bytes(32)))[2].get("error"), "invalid_grant", "wrong code_verifier refused")
is_(exchange(p["code"], verifier)[2].get("error"), "invalid_grant", "code is single-use (consumed by the failed try)")
st, h, html = login_code()
code = redirect_params(h)["code"]
st, h, t = exchange(code, verifier, resource="nhn:selvbetjening")
is_(st, 200, "authorization_code with PKCE issues tokens")
ok(t.get("refresh_token") and t.get("id_token"), "refresh_token and id_token issued")
is_(claims_of(t["access_token"])["helseid://claims/identity/pid"], "17856642097", "access token names the person")
is_(claims_of(t["access_token"])["aud"], "nhn:selvbetjening", "resource chose the audience")
is_(exchange(code, verifier)[2].get("error"), "invalid_grant", "code reuse refused")
rt = t["refresh_token"]
st, h, t2 = get_token(sim, ucid, ukey, dkey, {"grant_type": "refresh_token", "refresh_token": rt, "resource": "nhn:kjernejournal"})
is_((st, claims_of(t2["access_token"])["aud"]), (200, "nhn:kjernejournal"), "refresh token gives a token for a further API")
is_(get_token(sim, ucid, ukey, dkey, {"grant_type": "refresh_token", "refresh_token": rt})[2].get("error"),
    "invalid_grant", "used refresh token refused (rotation)")

# --- PAR ---
n = nonce_of(sim, ucid, ukey, dkey)
par = {"client_id": ucid, "client_assertion_type": ATYPE, "client_assertion": assertion(sim, ucid, ukey),
       "response_type": "code", "redirect_uri": REDIR, "state": "par-state", "scope": "openid nhn:selvbetjening/client",
       "code_challenge": challenge, "code_challenge_method": "S256"}
st, h, d = sim.json("POST", "/sts/connect/par", form(par), FORM)
ok(st == 201 and d["request_uri"].startswith("urn:ietf:params:oauth:request_uri:"), "PAR answers a request_uri")
st, h, html = sim.request("GET", "/sts/connect/authorize?" + form({"client_id": ucid, "request_uri": d["request_uri"]}))
ok(st == 200 and b'name="person"' in html, "authorize with request_uri shows the login page")
is_(sim.request("GET", "/sts/connect/authorize?" + form({"client_id": ucid, "request_uri": d["request_uri"]}))[0], 400,
    "request_uri is single-use")
par["client_assertion"] = assertion(sim, ucid, new_key())
is_(sim.json("POST", "/sts/connect/par", form(par), FORM)[0], 401, "PAR without valid client authentication refused")

st_file = json.load(open(os.path.join(sim.dir, "state.json")))
ok(cid in st_file["clients"] and "sfmIds" in st_file, "--state file holds the state")
is_(sim.stop(), 0, "clean stop")
done()
