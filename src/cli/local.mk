## src/cli: the helseid-admin program: main, the shared option handling, one file per
## command, and the wizard's glue to the network (remote facts, hand-off).
bin_PROGRAMS += helseid-admin
helseid_admin_SOURCES = \
	src/cli/main.c \
	src/cli/options.h \
	src/cli/commands.c src/cli/commands.h \
	src/cli/locale_setup.c src/cli/locale_setup.h \
	src/cli/resolve.c src/cli/resolve.h \
	src/cli/demo_sim.c src/cli/demo_sim.h \
	src/cli/client_ctx.c src/cli/client_ctx.h \
	src/cli/cmd-validate.c \
	src/cli/cmd-units.c \
	src/cli/cmd-check.c \
	src/cli/cmd-status.c \
	src/cli/cmd-test-token.c \
	src/cli/cmd-rotate-key.c \
	src/cli/cmd-import.c \
	src/cli/cmd-wizard.c \
	src/cli/wizard_remote.c src/cli/wizard_remote.h \
	src/cli/wizard_handoff.c src/cli/wizard_handoff.h \
	src/cli/desired.c src/cli/desired.h \
	src/cli/plan.c src/cli/plan.h \
	src/cli/plan_session.c src/cli/plan_session.h \
	src/cli/cmd-plan.c src/cli/cmd-apply.c
helseid_admin_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(QRENCODE_CFLAGS)
# Frontends first: they use the wizard, which uses net, store and core.
helseid_admin_LDADD = libhelseid_tui.a libhelseid_line.a libhelseid_wizard.a \
	$(HELSEID_LIBS) $(NCURSES_LIBS) $(QRENCODE_LIBS)

# The wizard's remote facts (steps 0-4) under tmux against helseid-sim.
TESTS += tests/e2e/wizard-remote.sh
EXTRA_DIST += tests/e2e/wizard-remote.sh tests/e2e/make-client.py

# plan/apply: the desired-configuration parser, and the plan (rules, safeguards, diff,
# idempotence).
check_PROGRAMS += tests/unit/test-desired
tests_unit_test_desired_SOURCES = tests/unit/test-desired.c src/cli/desired.c src/cli/desired.h tests/tap.h
tests_unit_test_desired_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-desired
check_PROGRAMS += tests/unit/test-plan
tests_unit_test_plan_SOURCES = tests/unit/test-plan.c src/cli/plan.c src/cli/plan.h \
	src/cli/desired.c src/cli/desired.h tests/tap.h
tests_unit_test_plan_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-plan
