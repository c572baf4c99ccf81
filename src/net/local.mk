## src/net: HTTP, HelseID, Selvbetjening, Enhetsregisteret, loopback, browser, preflight.
noinst_LIBRARIES += libhelseid_net.a
libhelseid_net_a_SOURCES =
libhelseid_net_a_SOURCES += \
	src/net/http.c src/net/http.h \
	src/net/http_trace.c src/net/http_trace.h \
	src/net/endpoints.c src/net/endpoints.h
libhelseid_net_a_SOURCES += \
	src/net/loopback.c src/net/loopback_parse.c src/net/loopback.h
libhelseid_net_a_SOURCES += \
	src/net/browser.c src/net/browser.h
libhelseid_net_a_SOURCES += \
	src/net/brreg.c src/net/brreg.h \
	src/net/get_queue.c src/net/get_queue.h
libhelseid_net_a_SOURCES += \
	src/net/preflight.c src/net/preflight.h

## src/net tests (unit: pure functions; e2e: a local TLS server, tests/e2e/net-*.sh)
check_PROGRAMS += tests/unit/test-loopback-parse
tests_unit_test_loopback_parse_SOURCES = tests/unit/test-loopback-parse.c tests/tap.h
tests_unit_test_loopback_parse_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-loopback-parse
check_PROGRAMS += tests/unit/test-browser
tests_unit_test_browser_SOURCES = tests/unit/test-browser.c tests/tap.h
tests_unit_test_browser_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-browser
check_PROGRAMS += tests/unit/test-http-classify
tests_unit_test_http_classify_SOURCES = tests/unit/test-http-classify.c tests/tap.h
tests_unit_test_http_classify_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-http-classify
check_PROGRAMS += tests/unit/test-brreg-parse
tests_unit_test_brreg_parse_SOURCES = tests/unit/test-brreg-parse.c tests/tap.h
tests_unit_test_brreg_parse_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-brreg-parse
EXTRA_DIST += tests/data/brreg
check_PROGRAMS += tests/unit/test-preflight-endpoints
tests_unit_test_preflight_endpoints_SOURCES = tests/unit/test-preflight-endpoints.c tests/tap.h
tests_unit_test_preflight_endpoints_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-preflight-endpoints
check_PROGRAMS += tests/e2e/net-e2e-client
tests_e2e_net_e2e_client_SOURCES = tests/e2e/net-e2e-client.c tests/tap.h
tests_e2e_net_e2e_client_LDADD = $(TESTS_LDADD)
TESTS += tests/e2e/net-e2e-http.sh
EXTRA_DIST += tests/e2e/net-e2e-http.sh tests/e2e/net-lib.sh tests/e2e/net-tls-server.py tests/e2e/net-connect-proxy.py
check_PROGRAMS += tests/e2e/net-loopback-helper
tests_e2e_net_loopback_helper_SOURCES = tests/e2e/net-loopback-helper.c
tests_e2e_net_loopback_helper_LDADD = $(TESTS_LDADD)
TESTS += tests/e2e/net-e2e-loopback.sh
EXTRA_DIST += tests/e2e/net-e2e-loopback.sh
libhelseid_net_a_SOURCES += \
	src/net/http_errors.c \
	src/net/http_ca.c src/net/http_ca.h
TESTS += tests/e2e/net-e2e-check.sh
EXTRA_DIST += tests/e2e/net-e2e-check.sh

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

# The client against an API that demands DPoP nonces (helseid-sim --api-nonce; sim2).
TESTS += tests/e2e/helseid-api-nonce.sh
EXTRA_DIST += tests/e2e/helseid-api-nonce.sh
EXTRA_DIST += src/net/README.md
