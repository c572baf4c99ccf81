## src/net: HTTP, JOSE, DPoP, HelseID, Selvbetjening, Enhetsregisteret, loopback, browser, preflight.
noinst_LIBRARIES += libhelseid_net.a
libhelseid_net_a_SOURCES =
libhelseid_net_a_SOURCES += src/net/b64url.c src/net/b64url.h src/net/rand.c src/net/rand.h \
	src/net/jwk.c src/net/jwk.h src/net/jws.c src/net/jws.h src/net/jwt.c src/net/jwt.h \
	src/net/client_assertion.c src/net/client_assertion.h src/net/dpop.c src/net/dpop.h \
	src/net/pkce.c src/net/pkce.h
libhelseid_net_a_SOURCES += \
	src/net/http.c src/net/http.h \
	src/net/http_trace.c src/net/http_trace.h \
	src/net/endpoints.c src/net/endpoints.h
libhelseid_net_a_SOURCES += \
	src/net/loopback.c src/net/loopback_parse.c src/net/loopback.h

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
# HelseID protocol layer and Selvbetjening (helseid helper): parsers and builders.
libhelseid_net_a_SOURCES += \
	src/net/remote.c src/net/remote.h \
	src/net/token_answer.c src/net/token_answer.h \
	src/net/scope_groups.c src/net/scope_groups.h \
	src/net/oidc_doc.c src/net/oidc_doc.h \
	src/net/readiness.c src/net/readiness.h \
	src/net/sb_draft.c src/net/sb_draft.h \
	src/net/sb_client.c src/net/sb_client.h \
	src/net/sb_answer.c src/net/sb_answer.h \
	src/net/sb_config_file.c src/net/sb_config_file.h
# HelseID protocol layer (helseid helper): network calls.
libhelseid_net_a_SOURCES += \
	src/net/oidc.c src/net/oidc.h \
	src/net/token.c src/net/token.h \
	src/net/selvbetjening.c src/net/selvbetjening.h \
	src/net/token_async.c src/net/token_async.h
