#!/usr/bin/python3
"""Create a client draft in helseid-sim (POST /v1/client-drafts with the demo api key)
and write it as the portal's downloadable configuration file, for `helseid-admin
import`. Usage: make-client.py URLS.json OUT.json OWNER CHILD SCOPE... (URLS.json is
the line helseid-sim prints, with "ca_file" added)."""
import json
import os
import ssl
import sys
import urllib.request

from jwcrypto import jwk


def main():
    urls = json.load(open(sys.argv[1]))
    out, owner, child, scopes = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    # MAKE_CLIENT_KEY=rsa2048: an RSA 2048 key, as NHN's samples and older downloads have.
    if os.environ.get("MAKE_CLIENT_KEY") == "rsa2048":
        key = jwk.JWK.generate(kty="RSA", size=2048, alg="PS256", use="sig")
    else:
        key = jwk.JWK.generate(kty="EC", crv="P-256", alg="ES256", use="sig")
    body = {
        "organizationNumber": owner,
        "publicJwk": key.export_public(),
        "apiScopes": ["nhn:selvbetjening/client"] + scopes,
        "childOrganizationNumbers": [child],
        "redirectUris": [],
        "postClientConfirmationRedirectUri": "http://127.0.0.1:47190/helseid-admin/confirmed",
    }
    ctx = ssl.create_default_context(cafile=urls["ca_file"])
    req = urllib.request.Request(urls["selvbetjening_api"] + "/v1/client-drafts",
                                 data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json",
                                          "api-key": "demo-api-key"})
    with urllib.request.urlopen(req, context=ctx, timeout=20) as res:
        client_id = json.load(res)["clientId"]
    doc = {"clientName": "Nordre testkommune - e2e",
           "authority": urls["authority"] + "/connect/token",
           "clientId": client_id,
           "privateJwk": key.export_private(),
           "rsaPrivateKey": "<RSAKeyValue/>"}
    with open(out, "w", encoding="utf-8-sig") as f:
        json.dump(doc, f)
    print("ok 1 - client draft %s" % client_id)


main()
