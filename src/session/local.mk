## src/session: one session of work on a site, shared by every command and the wizard:
## option values and how they resolve, the site + lock + endpoints + HTTP context, the
## bundled simulator for --env demo, the wizard's remote facts and hand-off, and
## plan/apply's desired configuration and plan. See README.md.
noinst_LIBRARIES += libhelseid_session.a
libhelseid_session_a_SOURCES = \
	src/session/options.h \
	src/session/resolve.c src/session/resolve.h \
	src/session/demo_sim.c src/session/demo_sim.h \
	src/session/client_ctx.c src/session/client_ctx.h \
	src/session/wizard_remote.c src/session/wizard_remote.h \
	src/session/wizard_handoff.c src/session/wizard_handoff.h \
	src/session/desired.c src/session/desired.h \
	src/session/plan.c src/session/plan.h \
	src/session/plan_session.c src/session/plan_session.h
EXTRA_DIST += src/session/README.md

## Tests (TAP; programs link $(LDADD), Makefile.am): plan/apply's desired-configuration
## parser, and the plan (rules, safeguards, diff, idempotence).
check_PROGRAMS += tests/unit/test-desired tests/unit/test-plan
TESTS += tests/unit/test-desired tests/unit/test-plan
