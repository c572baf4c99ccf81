"""helseid-sim conformance: every rejection provoked with a hand-made bad request."""
import json, os, sys, time, faulthandler
faulthandler.dump_traceback_later(int(os.environ.get("SIM_TEST_WATCHDOG", "120")), exit=True)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from simlib import *
from jwcrypto import jwk, jwt

sim = Sim()
key, dkey = new_key(), new_key()
cid = create_confirmed_client(sim, key, apiScopes=["nhn:selvbetjening/client", "nhn:kjernejournal/api",
                                                   "nhn:hgd-persontjenesten-api/full-access"])
CC = {"grant_type": "client_credentials", "scope": "nhn:selvbetjening/client"}

def oauth_error(resp):
    return resp[0], (resp[2] or {}).get("error")

# --- DPoP at the token endpoint ---
body = form({"client_id": cid, "client_assertion_type": ATYPE,
             "client_assertion": assertion(sim, cid, key), **CC})
st, h, doc = sim.json("POST", "/sts/connect/token", body, FORM)
is_((st, doc.get("error")), (400, "invalid_dpop_proof"), "token without DPoP proof refused")
st, h, doc = token_request(sim, cid, key, dkey, CC)
is_((st, doc.get("error")), (400, "use_dpop_nonce"), "first DPoP call without nonce: use_dpop_nonce")
ok(len(h.get("dpop-nonce", "")) >= 16, "DPoP-Nonce header given")
nonce = h["dpop-nonce"]
st, h, doc = token_request(sim, cid, key, dkey, CC, nonce=nonce)
is_(st, 200, "retry with the nonce issues a token")
is_(doc.get("token_type"), "DPoP", "token_type DPoP")
at = doc["access_token"]
keys = jwk.JWKSet.from_json(json.dumps(sim.json("GET", "/sts/.well-known/openid-configuration/jwks")[2]))
tok = jwt.JWT(jwt=at, key=keys)
claims = json.loads(tok.claims)
is_(claims["cnf"]["jkt"], dkey.thumbprint(), "access token bound to the proof key (cnf.jkt)")
is_(claims["aud"], "nhn:selvbetjening", "one audience per token")
is_(claims["iss"], sim.issuer, "issuer is the authority")
is_(tok.token.jose_header["alg"], "ES256", "token signed ES256, verified with JWKS by jwcrypto")

def dp(**kw):
    return token_request(sim, cid, key, dkey, CC, nonce=nonce, dpop_kw=kw)
is_(oauth_error(dp(typ="JWT")), (400, "invalid_dpop_proof"), "DPoP typ other than dpop+jwt refused")
priv = json.loads(dkey.export_private())
is_(oauth_error(dp(jwk_obj=priv)), (400, "invalid_dpop_proof"), "DPoP jwk with private members refused")
other = new_key()
is_(oauth_error(dp(jwk_obj=json.loads(other.export_public()))), (400, "invalid_dpop_proof"),
    "DPoP signature not matching the embedded jwk refused")
def signed_proof(signing_key, header, claims):
    t = jwt.JWT(header=header, claims=claims)
    t.make_signed_token(signing_key)
    return t.serialize()
def tok_with(p):
    hdr = dict(FORM); hdr["DPoP"] = p
    b = form({"client_id": cid, "client_assertion_type": ATYPE, "client_assertion": assertion(sim, cid, key), **CC})
    return sim.json("POST", "/sts/connect/token", b, hdr)
pclaims = lambda: {"jti": str(time.time_ns()), "htm": "POST", "htu": sim.issuer + "/connect/token",
                   "iat": int(time.time()), "nonce": nonce}
oct_key = jwk.JWK.generate(kty="oct", size=256)
is_(oauth_error(tok_with(signed_proof(oct_key, {"typ": "dpop+jwt", "alg": "HS256", "jwk": json.loads(oct_key.export())}, pclaims()))),
    (400, "invalid_dpop_proof"), "DPoP with a symmetric alg (HS256) refused")
is_(oauth_error(tok_with(signed_proof(dkey, {"typ": "dpop+jwt", "alg": "ES256"}, pclaims()))),
    (400, "invalid_dpop_proof"), "DPoP without jwk header refused")
rkey = new_key("RSA")
is_(tok_with(signed_proof(rkey, {"typ": "dpop+jwt", "alg": "PS256", "jwk": json.loads(rkey.export_public())}, pclaims()))[0],
    200, "DPoP proof with an RSA key (PS256) accepted")
st, h, doc = token_request(sim, cid, key, dkey, CC, dpop_kw={}, nonce=nonce)
ok(st == 200, "fresh proof accepted")
def dpop_raw(**kw):
    hdr = dict(FORM)
    hdr["DPoP"] = dpop(dkey, kw.pop("htm", "POST"), kw.pop("htu", sim.issuer + "/connect/token"), nonce=nonce, **kw)
    b = form({"client_id": cid, "client_assertion_type": ATYPE, "client_assertion": assertion(sim, cid, key), **CC})
    return sim.json("POST", "/sts/connect/token", b, hdr)
is_(oauth_error(dpop_raw(htm="GET")), (400, "invalid_dpop_proof"), "DPoP htm mismatch refused")
is_(oauth_error(dpop_raw(htu=sim.issuer + "/connect/authorize")), (400, "invalid_dpop_proof"), "DPoP htu mismatch refused")
is_(dpop_raw(htu=sim.issuer.replace("https://127.0.0.1", "HTTPS://127.0.0.1") + "/connect/token?x=1")[0], 200,
    "DPoP htu compared normalised, query ignored (RFC 9449 4.3)")
is_(oauth_error(dpop_raw(iat=int(time.time()) - 600)), (400, "invalid_dpop_proof"), "DPoP iat too old refused")
is_(oauth_error(dpop_raw(iat=int(time.time()) + 600)), (400, "invalid_dpop_proof"), "DPoP iat in the future refused")
proof = dpop(dkey, "POST", sim.issuer + "/connect/token", nonce=nonce)
def with_proof(p):
    hdr = dict(FORM); hdr["DPoP"] = p
    b = form({"client_id": cid, "client_assertion_type": ATYPE, "client_assertion": assertion(sim, cid, key), **CC})
    return sim.json("POST", "/sts/connect/token", b, hdr)
is_(with_proof(proof)[0], 200, "proof used once")
is_(oauth_error(with_proof(proof)), (400, "invalid_dpop_proof"), "DPoP jti replay refused")
is_(oauth_error(token_request(sim, cid, key, dkey, CC, nonce="not-a-nonce-we-gave")), (400, "use_dpop_nonce"), "unknown nonce answered with use_dpop_nonce")

# --- private_key_jwt ---
def ca(**kw):
    return oauth_error(token_request(sim, cid, key, dkey, CC, nonce=nonce, assertion_kw=kw))
rsa = new_key("RSA")
cid_rsa = create_confirmed_client(sim, rsa)
is_(oauth_error(token_request(sim, cid_rsa, rsa, dkey, CC, nonce=nonce, assertion_kw={"alg": "RS256"})),
    (401, "invalid_client"), "RS256 client assertion refused")
is_(oauth_error(token_request(sim, cid_rsa, rsa, dkey, CC, nonce=nonce, assertion_kw={"alg": "RS512"})),
    (401, "invalid_client"), "RS512 client assertion refused")
is_(token_request(sim, cid_rsa, rsa, dkey, CC, nonce=nonce, assertion_kw={"alg": "PS256"})[0], 200,
    "PS256 client assertion accepted")
is_(ca(aud=sim.issuer + "/connect/token")[0], 200, "aud = token endpoint accepted (spec: issuer or token endpoint)")
is_(ca(aud=sim.issuer + "/connect/par"), (401, "invalid_client"), "aud = another endpoint refused")
is_(ca(aud="https://helseid-sts.nhn.no"), (401, "invalid_client"), "wrong aud refused")
now = int(time.time())
is_(ca(iat=now - 120, nbf=now - 120, exp=now - 60), (401, "invalid_client"), "expired assertion refused")
is_(ca(nbf=now + 120, iat=now, exp=now + 50), (401, "invalid_client"), "not-yet-valid assertion (nbf) refused")
is_(ca(exp=now + 3600), (401, "invalid_client"), "assertion lifetime over 60 s refused")
is_(ca(jti=None), (401, "invalid_client"), "assertion without jti refused")
fixed = "fixed-jti-" + str(now)
is_(ca(jti=fixed)[0], 200, "assertion jti first use accepted")
is_(ca(jti=fixed), (401, "invalid_client"), "reused assertion jti refused")
is_(ca(typ="JWT"), (401, "invalid_client"), "wrong assertion typ refused")
is_(ca(typ=None), (401, "invalid_client"), "assertion without typ refused")
is_(ca(sub="someone-else"), (401, "invalid_client"), "sub different from iss refused")
is_(oauth_error(token_request(sim, "00000000-0000-4000-8000-000000000000", key, dkey, CC, nonce=nonce)),
    (401, "invalid_client"), "unknown client refused")
is_(oauth_error(token_request(sim, cid, new_key(), dkey, CC, nonce=nonce)), (401, "invalid_client"),
    "assertion signed with another key refused")
b = form({"client_id": cid, "client_secret": "x", **CC})
hdr = dict(FORM); hdr["DPoP"] = dpop(dkey, "POST", sim.issuer + "/connect/token", nonce=nonce)
is_(oauth_error(sim.json("POST", "/sts/connect/token", b, hdr)), (401, "invalid_client"), "client_secret refused")

# --- scopes and audiences ---
def cc(scope, **extra):
    return oauth_error(token_request(sim, cid, key, dkey, {"grant_type": "client_credentials", "scope": scope, **extra}, nonce=nonce))
is_(cc("nhn:selvbetjening/client nhn:kjernejournal/api"), (400, "invalid_scope"), "two audiences in one request refused")
is_(cc("nhn:hgd-persontjenesten-api/full-access"), (400, "invalid_scope"), "pending scope (hjemmel) not issued")
is_(cc("nhn:msh/api"), (400, "invalid_scope"), "scope not granted refused")
is_(cc("nhn:kjernejournal/api", resource="nhn:kjernejournal")[0], 200, "resource indicator accepted")
is_(cc("nhn:kjernejournal/api", resource="nhn:selvbetjening"), (400, "invalid_target"), "scope outside resource refused")

# --- API calls ---
st, h, doc = get_token(sim, cid, key, dkey, CC)
at = doc["access_token"]
url = sim.urls["selvbetjening_api"] + "/v1/client"
is_(api_call(sim, "GET", "/v1/client", at, dkey)[0], 200, "GET /v1/client with DPoP token and ath")
is_(sim.json("GET", "/selvbetjening/api/v1/client", None, {"Authorization": "Bearer " + at})[0], 401, "Bearer scheme refused")
is_(sim.json("GET", "/selvbetjening/api/v1/client", None,
             {"Authorization": "DPoP " + at, "DPoP": dpop(dkey, "GET", url)})[0], 401, "proof without ath refused")
is_(sim.json("GET", "/selvbetjening/api/v1/client", None,
             {"Authorization": "DPoP " + at, "DPoP": dpop(dkey, "GET", url, ath="other")})[0], 401, "wrong ath refused")
is_(sim.json("GET", "/selvbetjening/api/v1/client", None,
             {"Authorization": "DPoP " + at, "DPoP": dpop(other, "GET", url, ath=at)})[0], 401,
    "proof key not matching cnf.jkt refused")
is_(sim.json("GET", "/selvbetjening/api/v1/client", None,
             {"Authorization": "DPoP " + at, "DPoP": dpop(dkey, "GET", url + "-secret", ath=at)})[0], 401,
    "proof htu for another URL refused")
st, h, doc = sim.json("GET", "/selvbetjening/api/v1/client", None, {"Authorization": "DPoP " + at[:-4] + "AAAA",
                      "DPoP": dpop(dkey, "GET", url, ath=at[:-4] + "AAAA")})
is_(st, 401, "tampered token refused")
ok(h.get("content-type", "").startswith("application/problem+json"), "API errors are problem+json")
st, h, kj = get_token(sim, cid, key, dkey, {"grant_type": "client_credentials", "scope": "nhn:kjernejournal/api"})
is_(api_call(sim, "GET", "/v1/client", kj["access_token"], dkey)[0], 401, "token for another audience refused by the API")

# --- drafts ---
def draft(body, headers=API_KEY):
    return sim.json("POST", "/selvbetjening/api/v1/client-drafts", body, headers)
k2 = new_key()
is_(draft(draft_body(k2), {})[0], 401, "draft without api-key refused")
is_(draft(draft_body(k2), {"api-key": "wrong"})[0], 401, "draft with wrong api-key refused")
for name, body, prop in [
    ("organisation number failing mod 11", draft_body(k2, org="315260184"), "organizationNumber"),
    ("private JWK", draft_body(k2, publicJwk=k2.export_private()), "publicJwk"),
    ("publicJwk as object, not string", draft_body(k2, publicJwk=json.loads(k2.export_public())), "publicJwk"),
    ("apiScopes without nhn:selvbetjening/client", draft_body(k2, apiScopes=["nhn:kjernejournal/api"]), "apiScopes"),
    ("non-loopback confirmation redirect", draft_body(k2, redirect="https://evil.example/cb"), "postClientConfirmationRedirectUri"),
    ("invalid child org number", draft_body(k2, childOrganizationNumbers=["123"]), "childOrganizationNumbers"),
]:
    st, h, doc = draft(body)
    is_((st, (doc or {}).get("property")), (400, prop), "draft refused: " + name)
b = draft_body(k2); del b["postClientConfirmationRedirectUri"]
is_((draft(b)[0], draft(b)[2].get("property")), (400, "postClientConfirmationRedirectUri"), "draft without confirmation redirect refused")
st, h, doc = draft(draft_body(k2, redirect="http://localhost:8089/cb"))
ok(st == 200 and len(doc.get("clientId", "")) == 36, "valid draft answers a GUID clientId")
is_(oauth_error(token_request(sim, doc["clientId"], k2, dkey, CC, nonce=nonce)), (401, "invalid_client"),
    "unconfirmed draft cannot get tokens")

is_(sim.stop(), 0, "SIGTERM stops the simulator cleanly")
done()
