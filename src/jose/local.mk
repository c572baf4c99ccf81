## src/jose: keys, JWS, JWT, DPoP proofs, PKCE, client assertions: no network.
noinst_LIBRARIES += libhelseid_jose.a
libhelseid_jose_a_SOURCES = \
	src/jose/b64url.c src/jose/b64url.h \
	src/jose/rand.c src/jose/rand.h \
	src/jose/jwk.c src/jose/jwk.h \
	src/jose/jws.c src/jose/jws.h \
	src/jose/jwt.c src/jose/jwt.h \
	src/jose/client_assertion.c src/jose/client_assertion.h \
	src/jose/dpop.c src/jose/dpop.h \
	src/jose/pkce.c src/jose/pkce.h

check_PROGRAMS += tests/unit/test-jose
tests_unit_test_jose_SOURCES = tests/unit/test-jose.c tests/tap.h
tests_unit_test_jose_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-jose

# jose-tool: test helper driving the JOSE API for the jwcrypto cross-checks.
check_PROGRAMS += tests/unit/jose-tool
tests_unit_jose_tool_SOURCES = tests/unit/jose-tool.c
tests_unit_jose_tool_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-jose-jwcrypto.py
EXTRA_DIST += tests/unit/test-jose-jwcrypto.py
