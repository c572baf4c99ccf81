## src/session: one session of work on a site, shared by every command and the wizard:
## option values and how they resolve, the site + lock + endpoints + HTTP context, the
## bundled simulator for --env demo, the wizard's remote facts and hand-off, and
## plan/apply's desired configuration and plan. See README.md.
noinst_LIBRARIES += libhelseid_session.a
libhelseid_session_a_SOURCES = src/session/options.h \
	src/session/api_key.c src/session/api_key.h \
	src/session/tty_echo.c src/session/tty_echo.h \
	src/session/resolve.c src/session/resolve.h src/session/recover.c src/session/recover.h \
	src/session/demo_sim.c src/session/demo_sim.h \
	src/session/demo_site.c src/session/demo_site.h \
	src/session/client_ctx.c src/session/client_ctx.h \
	src/session/wizard_remote.c src/session/wizard_remote.h \
	src/session/wizard_handoff.c src/session/wizard_handoff.h src/session/wizard_handoff_int.h \
	src/session/handoff_payload.c src/session/handoff_send.c src/session/handoff_wait.c \
	src/session/handoff_run.c src/session/handoff_run.h \
	src/session/desired.c src/session/desired.h src/session/plan.c src/session/plan.h \
	src/session/plan_session.c src/session/plan_session.h \
	src/session/readiness_report.c src/session/readiness_report.h \
	src/session/json_doc.c src/session/json_doc.h
EXTRA_DIST += src/session/README.md

## Tests (TAP; programs link $(LDADD), Makefile.am): the desired-configuration parser,
## the plan (rules, safeguards, diff, idempotence), the one api-key reader; under tmux
## against the simulator, the wizard's look-ups in the screen's poll loop (a slow or down
## Enhetsregisteret never holds the keys); the demo's confirmation page in real Chromium
## under Xvfb as a non-root user, and the browser reaped.
session_tests = tests/unit/test-desired tests/unit/test-plan tests/unit/test-api-key
check_PROGRAMS += $(session_tests)
TESTS += $(session_tests) tests/e2e/owner-async.sh tests/e2e/browser-chromium.sh \
	tests/e2e/browser-reap.sh
EXTRA_DIST += tests/e2e/owner-async.sh tests/e2e/browser-chromium.sh \
	tests/e2e/chromium-bekreft.py tests/e2e/browser-reap.sh
