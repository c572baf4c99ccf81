## src/net: HTTP, HelseID, Selvbetjening, Enhetsregisteret, loopback, browser, preflight.
## See README.md.
noinst_LIBRARIES += libhelseid_net.a
libhelseid_net_a_SOURCES = \
	src/net/http.c src/net/http.h src/net/http_trace.c src/net/http_trace.h \
	src/net/http_errors.c src/net/http_ca.c src/net/http_ca.h \
	src/net/endpoints.c src/net/endpoints.h \
	src/net/loopback.c src/net/loopback_parse.c src/net/loopback.h \
	src/net/browser.c src/net/browser.h src/net/brreg.c src/net/brreg.h \
	src/net/get_queue.c src/net/get_queue.h src/net/preflight.c src/net/preflight.h \
	src/net/remote.c src/net/remote.h src/net/token_answer.c src/net/token_answer.h \
	src/net/scope_groups.c src/net/scope_groups.h src/net/oidc_doc.c src/net/oidc_doc.h \
	src/net/readiness.c src/net/readiness.h \
	src/net/sb_draft.c src/net/sb_draft.h src/net/sb_client.c src/net/sb_client.h \
	src/net/sb_answer.c src/net/sb_answer.h \
	src/net/sb_config_file.c src/net/sb_config_file.h \
	src/net/oidc.c src/net/oidc.h src/net/token.c src/net/token.h \
	src/net/selvbetjening.c src/net/selvbetjening.h \
	src/net/token_async.c src/net/token_async.h
EXTRA_DIST += src/net/README.md

## Tests (TAP; programs link $(LDADD), Makefile.am). Unit: pure functions. End to end
## (tests/e2e/net-*.sh): net-e2e-client and net-loopback-helper against a local TLS
## server, the CONNECT proxy, the loopback listener and `check`; the client against an
## API that demands DPoP nonces (helseid-sim --api-nonce).
net_tests = tests/unit/test-loopback-parse tests/unit/test-browser \
	tests/unit/test-http-classify tests/unit/test-brreg-parse \
	tests/unit/test-preflight-endpoints
check_PROGRAMS += $(net_tests) tests/e2e/net-e2e-client tests/e2e/net-loopback-helper
TESTS += $(net_tests) tests/e2e/net-e2e-http.sh tests/e2e/net-e2e-loopback.sh \
	tests/e2e/net-e2e-check.sh tests/e2e/helseid-api-nonce.sh
EXTRA_DIST += tests/data/brreg tests/e2e/net-lib.sh tests/e2e/net-tls-server.py \
	tests/e2e/net-connect-proxy.py tests/e2e/net-e2e-http.sh tests/e2e/net-e2e-loopback.sh \
	tests/e2e/net-e2e-check.sh tests/e2e/helseid-api-nonce.sh
