## src/session: one session of work on a site, shared by every command and the wizard:
## option values and how they resolve, the site + lock + endpoints + HTTP context, the
## bundled simulator for --env demo, the wizard's remote facts and hand-off, and
## plan/apply's desired configuration and plan.
noinst_LIBRARIES += libhelseid_session.a
libhelseid_session_a_SOURCES = \
	src/session/options.h \
	src/session/api_key.c src/session/api_key.h \
	src/session/resolve.c src/session/resolve.h \
	src/session/demo_sim.c src/session/demo_sim.h \
	src/session/recover.c src/session/recover.h \
	src/session/demo_site.c src/session/demo_site.h \
	src/session/client_ctx.c src/session/client_ctx.h \
	src/session/wizard_remote.c src/session/wizard_remote.h \
	src/session/wizard_handoff.c src/session/wizard_handoff.h src/session/wizard_handoff_int.h \
	src/session/handoff_payload.c src/session/handoff_send.c src/session/handoff_wait.c \
	src/session/handoff_run.c src/session/handoff_run.h \
	src/session/desired.c src/session/desired.h \
	src/session/plan.c src/session/plan.h \
	src/session/plan_session.c src/session/plan_session.h
libhelseid_session_a_SOURCES += src/session/readiness_report.c src/session/readiness_report.h
libhelseid_session_a_SOURCES += src/session/json_doc.c src/session/json_doc.h

# plan/apply: the desired-configuration parser, and the plan (rules, safeguards, diff,
# idempotence).
check_PROGRAMS += tests/unit/test-desired
tests_unit_test_desired_SOURCES = tests/unit/test-desired.c tests/tap.h
tests_unit_test_desired_LDADD = libhelseid_session.a libhelseid_wizard.a $(TESTS_LDADD)
TESTS += tests/unit/test-desired
check_PROGRAMS += tests/unit/test-plan
tests_unit_test_plan_SOURCES = tests/unit/test-plan.c tests/tap.h
tests_unit_test_plan_LDADD = libhelseid_session.a libhelseid_wizard.a $(TESTS_LDADD)
TESTS += tests/unit/test-plan

# The vendor api key: one reader for apply and the wizard.
check_PROGRAMS += tests/unit/test-api-key
tests_unit_test_api_key_SOURCES = tests/unit/test-api-key.c tests/tap.h
tests_unit_test_api_key_LDADD = libhelseid_session.a libhelseid_wizard.a $(TESTS_LDADD)
TESTS += tests/unit/test-api-key
# The wizard's look-ups in the screen's poll loop: a slow or down Enhetsregisteret
# never holds the keys (simulator fault injection, tmux).
TESTS += tests/e2e/owner-async.sh
EXTRA_DIST += tests/e2e/owner-async.sh

# The demo's confirmation page in real Chromium under Xvfb as a non-root user.
TESTS += tests/e2e/browser-chromium.sh
EXTRA_DIST += tests/e2e/browser-chromium.sh tests/e2e/chromium-bekreft.py
TESTS += tests/e2e/browser-reap.sh
EXTRA_DIST += tests/e2e/browser-reap.sh
EXTRA_DIST += src/session/README.md
