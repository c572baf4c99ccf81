#!/usr/bin/python3
"""Independent cross-checks of our JOSE code against python3-jwcrypto, both ways.

Our keys, JWS, client assertions and DPoP proofs (made by tests/unit/jose-tool) must
verify in jwcrypto; jwcrypto-made keys and JWS (ES256, PS256, RS256) and DPoP proofs
must verify in ours; tampered ones must fail in both. TAP output."""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

try:
    from jwcrypto import jwk, jws
    from jwcrypto.common import base64url_decode, base64url_encode, json_encode
except ImportError:
    print("1..0 # SKIP python3-jwcrypto not installed")
    sys.exit(0)

TOOL = os.path.join(os.environ.get("top_builddir", "."), "tests", "unit", "jose-tool")
count = 0
failed = 0


def ok(cond, name):
    global count, failed
    count += 1
    if not cond:
        failed += 1
    print(("ok" if cond else "not ok") + " %d - %s" % (count, name))
    sys.stdout.flush()


def tool(*args, stdin=""):
    p = subprocess.run([TOOL] + list(args), input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


def tamper(token):
    """Flip one character in the middle of the signature."""
    head, sig = token.rsplit(".", 1)
    i = len(sig) // 2
    c = "A" if sig[i] != "A" else "B"
    return head + "." + sig[:i] + c + sig[i + 1:]


def jc_verifies(token, key, alg):
    s = jws.JWS()
    try:
        s.deserialize(token)
        s.verify(key, alg=alg)
        return True
    except Exception:
        return False


def write(d, name, text):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def ours_to_jwcrypto(d):
    for alg, extra in (("ES256", []), ("PS256", ["3072"]), ("PS256", ["4096"])):
        rc, out, err = tool("genkey", alg, *extra)
        ok(rc == 0, "%s: our key generation%s" % (alg, " (RSA %s)" % extra[0] if extra else ""))
        keyfile = write(d, "our-%s-%s.json" % (alg, "".join(extra)), out)
        priv = json.loads(out)
        ok(priv.get("alg") == alg and "kid" in priv and "d" in priv, "%s: private JWK has alg, kid, d" % alg)
        jk = jwk.JWK(**priv)   # jwcrypto validates the private key as it loads it
        ok(jk.has_private, "%s: jwcrypto loads our private JWK" % alg)
        ok(jk.thumbprint() == priv["kid"], "%s: our kid equals the jwcrypto RFC 7638 thumbprint" % alg)
        rc, tp, _ = tool("thumbprint", keyfile)
        ok(tp == jk.thumbprint(), "%s: thumbprint command agrees" % alg)
        rc, pub, _ = tool("pubkey", keyfile)
        pubj = json.loads(pub)
        ok(not any(m in pubj for m in ("d", "p", "q", "dp", "dq", "qi")), "%s: public JWK has no private members" % alg)
        pubk = jwk.JWK(**pubj)

        rc, token, err = tool("sign", keyfile, stdin=json.dumps({"sub": "x", "n": 1}))
        ok(rc == 0 and jc_verifies(token, pubk, alg), "%s: our JWS verifies in jwcrypto" % alg)
        ok(not jc_verifies(tamper(token), pubk, alg), "%s: tampered JWS rejected by jwcrypto" % alg)
        rc, _, _ = tool("verify", keyfile, stdin=tamper(token))
        ok(rc == 1, "%s: tampered JWS rejected by us" % alg)

        rc, a, err = tool("assertion", keyfile, "a1b2c3d4-0000-4000-8000-000000000001",
                          "https://helseid-sts.test.nhn.no")
        s = jws.JWS()
        s.deserialize(a)
        good = True
        try:
            s.verify(pubk, alg=alg)
        except Exception:
            good = False
        ok(good, "%s: client assertion verifies in jwcrypto" % alg)
        hdr = s.jose_header
        claims = json.loads(s.payload)
        now = int(time.time())
        ok(hdr.get("typ") == "client-authentication+jwt" and hdr.get("kid") == priv["kid"] and hdr.get("alg") == alg,
           "%s: assertion header typ, kid, alg" % alg)
        ok(claims["iss"] == claims["sub"] == "a1b2c3d4-0000-4000-8000-000000000001"
           and claims["aud"] == "https://helseid-sts.test.nhn.no", "%s: assertion iss = sub, aud" % alg)
        ok(claims["iat"] == claims["nbf"] and 0 < claims["exp"] - claims["iat"] <= 60
           and abs(claims["iat"] - now) < 120 and len(claims["jti"]) >= 22, "%s: assertion times and jti" % alg)

        tokfile = write(d, "at.txt", "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU")
        rc, proof, err = tool("dpop", keyfile, "POST", "https://API.example.com:443/v1/client?x=1", "nonce-1", tokfile)
        s = jws.JWS()
        s.deserialize(proof)
        hdr = s.jose_header
        embedded = hdr.get("jwk", {})
        ok(not any(m in embedded for m in ("d", "p", "q", "dp", "dq", "qi")), "%s: DPoP jwk has public members only" % alg)
        ek = jwk.JWK(**embedded)
        good = True
        try:
            s.verify(ek, alg=alg)
        except Exception:
            good = False
        ok(good and hdr.get("typ") == "dpop+jwt", "%s: our DPoP proof verifies in jwcrypto with its embedded jwk" % alg)
        ok(ek.thumbprint() == priv["kid"], "%s: DPoP jwk thumbprint equals our kid" % alg)
        c = json.loads(s.payload)
        ok(c["htm"] == "POST" and c["htu"] == "https://api.example.com/v1/client" and c["nonce"] == "nonce-1"
           and c["ath"] == "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", "%s: DPoP claims htm, htu, nonce, ath" % alg)
        rc, jkt, err = tool("dpop-verify", "POST", "https://api.example.com/v1/client", stdin=proof)
        ok(rc == 0 and jkt == priv["kid"], "%s: our verifier accepts our proof, jkt = thumbprint" % alg)
        rc, _, _ = tool("dpop-verify", "POST", "https://api.example.com/v1/client", stdin=tamper(proof))
        ok(rc == 1, "%s: our verifier rejects a tampered proof" % alg)


def jwcrypto_to_ours(d):
    eck = jwk.JWK.generate(kty="EC", crv="P-256")
    rsak = jwk.JWK.generate(kty="RSA", size=3072)
    payload = json.dumps({"iss": "https://helseid-sts.test.nhn.no", "sub": "y"})
    for alg, key in (("ES256", eck), ("PS256", rsak), ("RS256", rsak)):
        pub = json.loads(key.export_public())
        keyfile = write(d, "jc-%s.json" % alg, json.dumps(pub))
        s = jws.JWS(payload.encode())
        s.add_signature(key, alg=alg, protected=json_encode({"alg": alg, "kid": "k1"}))
        token = s.serialize(compact=True)
        rc, out, err = tool("verify", keyfile, stdin=token)
        ok(rc == 0 and json.loads(out)["sub"] == "y", "%s: jwcrypto JWS verifies in ours %s" % (alg, err))
        rc, _, _ = tool("verify", keyfile, stdin=tamper(token))
        ok(rc == 1, "%s: tampered jwcrypto JWS rejected by ours" % alg)
        ok(not jc_verifies(tamper(token), key, alg), "%s: tampered JWS rejected by jwcrypto too" % alg)
        rc, tp, _ = tool("thumbprint", keyfile)
        ok(tp == key.thumbprint(), "%s: thumbprint of a jwcrypto key agrees" % alg)
    # jwcrypto private keys import into ours, plainly and as the portal's URL-encoded string.
    for name, key in (("EC", eck), ("RSA", rsak)):
        privfile = write(d, "jc-priv-%s.json" % name, key.export_private())
        rc, tp, err = tool("thumbprint", privfile)
        ok(rc == 0 and tp == key.thumbprint(), "%s: jwcrypto private JWK imports into ours" % name)
        portal = write(d, "portal-%s.txt" % name, urllib.parse.quote(key.export_private()))
        rc, out, err = tool("portal-import", portal)
        want_alg = "ES256" if name == "EC" else "PS256"
        ok(rc == 0 and out == "%s %s" % (key.thumbprint(), want_alg),
           "%s: URL-encoded portal privateJwk imports, kid and alg derived %s" % (name, err))
    # Algorithm confusion: HS256 signed with the RSA public key's bytes as the secret.
    pub = json.loads(rsak.export_public())
    keyfile = write(d, "jc-rsa-pub.json", json.dumps(pub))
    secret = jwk.JWK(kty="oct", k=base64url_encode(rsak.export_to_pem()))
    s = jws.JWS(payload.encode())
    s.add_signature(secret, alg="HS256", protected=json_encode({"alg": "HS256"}))
    rc, _, _ = tool("verify", keyfile, stdin=s.serialize(compact=True))
    ok(rc == 1, "HS256 with the RSA public key as secret rejected by ours")
    # ES256 header over an RSA key.
    s = jws.JWS(payload.encode())
    s.add_signature(eck, alg="ES256", protected=json_encode({"alg": "ES256"}))
    rc, _, _ = tool("verify", keyfile, stdin=s.serialize(compact=True))
    ok(rc == 1, "ES256 JWS checked against an RSA key rejected")
    # alg none.
    none = base64url_encode(b'{"alg":"none"}') + "." + base64url_encode(payload.encode()) + "."
    rc, _, _ = tool("verify", keyfile, stdin=none)
    ok(rc == 1, "alg none rejected")
    # A DPoP proof made by jwcrypto verifies in our verifier.
    for alg, key in (("ES256", eck), ("PS256", rsak)):
        claims = {"jti": base64url_encode(os.urandom(16)), "htm": "GET",
                  "htu": "https://api.example.com/v1/client", "iat": int(time.time())}
        s = jws.JWS(json.dumps(claims).encode())
        s.add_signature(key, alg=alg, protected=json_encode(
            {"typ": "dpop+jwt", "alg": alg, "jwk": json.loads(key.export_public())}))
        proof = s.serialize(compact=True)
        rc, jkt, err = tool("dpop-verify", "GET", "https://API.example.com/v1/client?q", stdin=proof)
        ok(rc == 0 and jkt == key.thumbprint(), "%s: jwcrypto DPoP proof verifies in ours, jkt matches %s" % (alg, err))
        rc, _, _ = tool("dpop-verify", "POST", "https://api.example.com/v1/client", stdin=proof)
        ok(rc == 1, "%s: jwcrypto DPoP proof with another method rejected" % alg)
        s = jws.JWS(json.dumps(claims).encode())
        s.add_signature(key, alg=alg, protected=json_encode(
            {"typ": "dpop+jwt", "alg": alg, "jwk": json.loads(key.export_private())}))
        rc, _, _ = tool("dpop-verify", "GET", "https://api.example.com/v1/client", stdin=s.serialize(compact=True))
        ok(rc == 1, "%s: DPoP proof carrying a private jwk rejected" % alg)


with tempfile.TemporaryDirectory() as d:
    ours_to_jwcrypto(d)
    jwcrypto_to_ours(d)
print("1..%d" % count)
sys.exit(1 if failed else 0)
