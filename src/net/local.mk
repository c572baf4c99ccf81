## src/net: HTTP, JOSE, DPoP, HelseID, Selvbetjening, Enhetsregisteret, loopback, browser, preflight.
noinst_LIBRARIES += libhelseid_net.a
libhelseid_net_a_SOURCES =
libhelseid_net_a_SOURCES += src/net/b64url.c src/net/b64url.h src/net/rand.c src/net/rand.h \
	src/net/jwk.c src/net/jwk.h src/net/jws.c src/net/jws.h src/net/jwt.c src/net/jwt.h \
	src/net/client_assertion.c src/net/client_assertion.h src/net/dpop.c src/net/dpop.h \
	src/net/pkce.c src/net/pkce.h

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
