"""Helpers for the helseid-sim tests: start the simulator, speak HTTPS to it, and
build client assertions and DPoP proofs with python3-jwcrypto (independent of our C
client). Everything prints TAP."""
import atexit, ctypes, signal, base64, hashlib, http.client, json, os, ssl, subprocess, sys, tempfile, time, urllib.parse, uuid
from jwcrypto import jwk, jwt

_n = 0
_failed = 0

def ok(cond, name):
    global _n, _failed
    _n += 1
    if not cond:
        _failed += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (_n, name), flush=True)
    return cond

def is_(got, want, name):
    r = ok(got == want, name)
    if not r:
        print("#   got: %r\n#  want: %r" % (got, want))
    return r

def done():
    print("1..%d" % _n)
    sys.exit(1 if _failed else 0)

def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

def _die_with_parent():
    # PR_SET_PDEATHSIG: a crashed test must not leave a simulator holding the TAP pipe.
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)

class Sim:
    def __init__(self, *args, state=None, stdin=None):
        """state: the --state file (default: a fresh one in a new directory);
        stdin: what the simulator reads as standard input (default: ours)."""
        top = os.environ.get("top_builddir", ".")
        self.dir = tempfile.mkdtemp(prefix="simtest-")
        self.state_file = state or os.path.join(self.dir, "state.json")
        ca = os.path.join(self.dir, "ca.pem")
        env = dict(os.environ)
        env.setdefault("HELSEID_ADMIN_DATADIR", os.path.join(os.environ.get("top_srcdir", "."), "data"))
        self.proc = subprocess.Popen([os.path.join(top, "helseid-sim"), "--port", "0", "--ca-out", ca,
                                      "--state", self.state_file] + list(args),
                                     stdin=stdin, stdout=subprocess.PIPE, env=env, text=True,
                                     preexec_fn=_die_with_parent)
        atexit.register(self._kill)
        self.urls = json.loads(self.proc.stdout.readline())
        self.port = self.urls["port"]
        self.base = "https://127.0.0.1:%d" % self.port
        self.ctx = ssl.create_default_context(cafile=self.urls["ca_file"])
        deadline = time.monotonic() + 20
        while True:
            try:
                if self.request("GET", "/admin/health")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("simulator not ready")
        self.issuer = self.urls["authority"]

    def _kill(self):
        if self.proc.poll() is None:
            self.proc.kill()

    def stop(self):
        self.proc.terminate()
        return self.proc.wait(timeout=20)

    def request(self, method, path, body=None, headers=None, host="127.0.0.1"):
        conn = http.client.HTTPSConnection(host, self.port, context=self.ctx, timeout=30)
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            headers = dict(headers or {})
            headers.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, dict((k.lower(), v) for k, v in resp.getheaders()), data

    def json(self, method, path, body=None, headers=None):
        st, h, data = self.request(method, path, body, headers)
        try:
            doc = json.loads(data) if data else None
        except ValueError:
            doc = None
        return st, h, doc

    def state(self):
        return self.json("GET", "/admin/state")[2]

def new_key(kind="EC"):
    if kind == "EC":
        return jwk.JWK.generate(kty="EC", crv="P-256")
    return jwk.JWK.generate(kty="RSA", size=2048)

def public_jwk_string(key):
    return key.export_public()

def assertion(sim, client_id, key, alg="ES256", typ="client-authentication+jwt", **claims):
    now = int(time.time())
    c = {"iss": client_id, "sub": client_id, "aud": sim.issuer, "iat": now, "nbf": now,
         "exp": now + 50, "jti": str(uuid.uuid4())}
    for k, v in claims.items():
        if v is None:
            c.pop(k, None)
        else:
            c[k] = v
    header = {"alg": alg, "kid": key.thumbprint()}
    if typ:
        header["typ"] = typ
    t = jwt.JWT(header=header, claims=c)
    t.make_signed_token(key)
    return t.serialize()

def dpop(key, htm, htu, nonce=None, ath=None, alg="ES256", typ="dpop+jwt", jwk_obj=None, **claims):
    c = {"jti": str(uuid.uuid4()), "htm": htm, "htu": htu, "iat": int(time.time())}
    if nonce:
        c["nonce"] = nonce
    if ath:
        c["ath"] = b64u(hashlib.sha256(ath.encode()).digest())
    c.update(claims)
    header = {"typ": typ, "alg": alg, "jwk": jwk_obj if jwk_obj is not None else json.loads(key.export_public())}
    t = jwt.JWT(header=header, claims=c)
    t.make_signed_token(key)
    return t.serialize()

def form(d):
    return urllib.parse.urlencode(d)

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ATYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

def token_request(sim, client_id, key, dkey, params, nonce=None, assertion_kw=None, dpop_kw=None):
    body = {"client_id": client_id, "client_assertion_type": ATYPE,
            "client_assertion": assertion(sim, client_id, key, **(assertion_kw or {}))}
    body.update(params)
    headers = dict(FORM)
    headers["DPoP"] = dpop(dkey, "POST", sim.issuer + "/connect/token", nonce=nonce, **(dpop_kw or {}))
    return sim.json("POST", "/sts/connect/token", form(body), headers)

def get_token(sim, client_id, key, dkey, params):
    """The nonce dance: first call gets use_dpop_nonce, the retry succeeds."""
    st, h, doc = token_request(sim, client_id, key, dkey, params)
    if st == 400 and doc and doc.get("error") == "use_dpop_nonce":
        st, h, doc = token_request(sim, client_id, key, dkey, params, nonce=h.get("dpop-nonce"))
    return st, h, doc

def nonce_of(sim, client_id, key, dkey):
    st, h, doc = token_request(sim, client_id, key, dkey, {"grant_type": "client_credentials",
                                                          "scope": "nhn:selvbetjening/client"})
    return h.get("dpop-nonce")

API_KEY = {"api-key": "demo-api-key"}

def draft_body(key, org="315260183", redirect="http://127.0.0.1:8089/callback", **extra):
    b = {"organizationNumber": org, "publicJwk": public_jwk_string(key),
         "apiScopes": ["nhn:selvbetjening/client"], "postClientConfirmationRedirectUri": redirect,
         "redirectUris": ["http://127.0.0.1:8089/login"], "childOrganizationNumbers": []}
    b.update(extra)
    return b

def create_confirmed_client(sim, key, **extra):
    st, h, doc = sim.json("POST", "/selvbetjening/api/v1/client-drafts", draft_body(key, **extra), API_KEY)
    cid = doc["clientId"]
    sim.json("POST", "/admin/confirm", {"clientId": cid})
    return cid

def api_call(sim, method, path, token, dkey, body=None, **dpop_kw):
    url = sim.urls["selvbetjening_api"] + path
    headers = {"Authorization": "DPoP " + token, "DPoP": dpop(dkey, method, url, ath=token, **dpop_kw)}
    return sim.json(method, "/selvbetjening/api" + path, body, headers)
