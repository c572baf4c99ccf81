"""helseid-sim --api-nonce, written from RFC 9449 §9 (resource server nonces): the
Selvbetjening API answers a proof without its current nonce with 401,
WWW-Authenticate: DPoP error="use_dpop_nonce" and a DPoP-Nonce header; the fault kind
"nonce" rejects even a current nonce once, as a server that rotated it would."""
import os, sys, faulthandler
faulthandler.dump_traceback_later(int(os.environ.get("SIM_TEST_WATCHDOG", "120")), exit=True)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from simlib import *

SB = {"grant_type": "client_credentials", "scope": "nhn:selvbetjening/client"}
sim = Sim("--api-nonce")
key, dkey = new_key(), new_key()
cid = create_confirmed_client(sim, key)   # api-key calls need no DPoP: unaffected
ok(cid, "draft created with the api key while --api-nonce is on")
st, h, tok = get_token(sim, cid, key, dkey, SB)
is_(st, 200, "token from the STS")
at = tok["access_token"]

def asks_nonce(st, h, name):
    is_(st, 401, name + ": 401")
    ok(h.get("www-authenticate", "").startswith("DPoP ") and 'error="use_dpop_nonce"' in h.get("www-authenticate", ""),
       name + ": WWW-Authenticate: DPoP error=\"use_dpop_nonce\"")
    ok(h.get("dpop-nonce"), name + ": a DPoP-Nonce header")
    return h.get("dpop-nonce")

st, h, d = api_call(sim, "GET", "/v1/client", at, dkey)
nonce = asks_nonce(st, h, "proof without nonce")
st, h, d = api_call(sim, "GET", "/v1/client", at, dkey, nonce=nonce)
is_(st, 200, "a new proof with the nonce is accepted")
is_(d and d.get("clientId"), cid, "and the API answers")
is_(api_call(sim, "GET", "/v1/client", at, dkey, nonce=nonce)[0], 200,
    "the nonce stays valid for further proofs (new jti each)")
asks_nonce(*api_call(sim, "GET", "/v1/client", at, dkey, nonce="made-up-nonce")[:2], "unknown nonce")

sts_nonce = nonce_of(sim, cid, key, dkey)
ok(sts_nonce, "the STS hands out its own nonce")
asks_nonce(*api_call(sim, "GET", "/v1/client", at, dkey, nonce=sts_nonce)[:2], "the STS's nonce at the API")
st, h, d = token_request(sim, cid, key, dkey, SB, nonce=nonce)
is_((st, d.get("error")), (400, "use_dpop_nonce"), "the API's nonce at the STS: use_dpop_nonce (§8 and §9 nonces are separate)")

st, h, d = api_call(sim, "GET", "/v1/client", at, dkey, nonce=nonce, iat=1000000000)
ok(st == 401 and 'error="invalid_dpop_proof"' in h.get("www-authenticate", ""),
   "a proof wrong for another reason is invalid_dpop_proof, not a nonce request")

# The fault kind "nonce": the current nonce is refused once, and a new one issued.
is_(sim.json("POST", "/admin/fault", {"path": "/selvbetjening/api/v1/client", "kind": "nonce", "count": 1})[0],
    201, "nonce fault armed")
new = asks_nonce(*api_call(sim, "GET", "/v1/client", at, dkey, nonce=nonce)[:2], "nonce fault on the API")
ok(new and new != nonce, "nonce fault: a different nonce")
is_(api_call(sim, "GET", "/v1/client", at, dkey, nonce=new)[0], 200, "after the fault the new nonce works")
is_(sim.json("POST", "/admin/fault", {"path": "/sts/connect/token", "kind": "nonce"})[0], 201, "nonce fault on the STS armed")
st, h, d = token_request(sim, cid, key, dkey, SB, nonce=sts_nonce)
ok(st == 400 and d.get("error") == "use_dpop_nonce" and h.get("dpop-nonce"),
   "nonce fault on the STS: 400 use_dpop_nonce with a DPoP-Nonce")
is_(sim.stop(), 0, "clean stop")

# Without --api-nonce the API takes proofs without a nonce (as before).
sim = Sim()
key, dkey = new_key(), new_key()
cid = create_confirmed_client(sim, key)
at = get_token(sim, cid, key, dkey, SB)[2]["access_token"]
is_(api_call(sim, "GET", "/v1/client", at, dkey)[0], 200, "without --api-nonce no nonce is needed")
is_(sim.stop(), 0, "clean stop")
done()
