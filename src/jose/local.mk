## src/jose: keys, JWS, JWT, DPoP proofs, PKCE, client assertions: no network. See
## README.md.
noinst_LIBRARIES += libhelseid_jose.a
libhelseid_jose_a_SOURCES = \
	src/jose/b64url.c src/jose/b64url.h src/jose/rand.c src/jose/rand.h \
	src/jose/jwk.c src/jose/jwk.h src/jose/jws.c src/jose/jws.h \
	src/jose/jwt.c src/jose/jwt.h src/jose/pkce.c src/jose/pkce.h \
	src/jose/client_assertion.c src/jose/client_assertion.h \
	src/jose/dpop.c src/jose/dpop.h
EXTRA_DIST += src/jose/README.md

## Tests (TAP; programs link $(LDADD), Makefile.am). jose-tool drives the JOSE API for
## the cross-checks against python3-jwcrypto.
check_PROGRAMS += tests/unit/test-jose tests/unit/jose-tool
TESTS += tests/unit/test-jose tests/unit/test-jose-jwcrypto.py
EXTRA_DIST += tests/unit/test-jose-jwcrypto.py
