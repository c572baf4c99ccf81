## src/cli: the helseid-admin program, one file per command.
bin_PROGRAMS += helseid-admin
helseid_admin_SOURCES = \
	src/cli/main.c \
	src/cli/options.h \
	src/cli/commands.c src/cli/commands.h \
	src/cli/locale_setup.c src/cli/locale_setup.h \
	src/cli/resolve.c src/cli/resolve.h \
	src/cli/demo_sim.c src/cli/demo_sim.h
helseid_admin_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(QRENCODE_CFLAGS)
helseid_admin_LDADD = $(HELSEID_LIBS) $(NCURSES_LIBS) $(QRENCODE_LIBS)
helseid_admin_SOURCES += src/cli/cmd-validate.c
helseid_admin_SOURCES += src/cli/cmd-units.c
helseid_admin_SOURCES += src/cli/cmd-check.c
# HelseID client commands (helseid helper).
helseid_admin_SOURCES += \
	src/cli/client_ctx.c src/cli/client_ctx.h \
	src/cli/cmd-status.c src/cli/cmd-test-token.c src/cli/cmd-rotate-key.c src/cli/cmd-import.c
helseid_admin_SOURCES += src/cli/cmd-wizard.c
helseid_admin_LDADD += libhelseid_tui.a libhelseid_line.a libhelseid_wizard.a $(HELSEID_LIBS) $(NCURSES_LIBS)
# The hand-off, step 7 (handoff helper): draft/PUT, pending save, loopback + STS wait.
helseid_admin_SOURCES += src/cli/wizard_handoff.c src/cli/wizard_handoff.h
# plan FILE / apply FILE (apply helper).
helseid_admin_SOURCES += \
	src/cli/desired.c src/cli/desired.h \
	src/cli/plan.c src/cli/plan.h \
	src/cli/plan_session.c src/cli/plan_session.h \
	src/cli/cmd-plan.c src/cli/cmd-apply.c
# The desired-configuration parser (apply helper).
check_PROGRAMS += tests/unit/test-desired
tests_unit_test_desired_SOURCES = tests/unit/test-desired.c src/cli/desired.c src/cli/desired.h tests/tap.h
tests_unit_test_desired_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-desired
# The plan: rules, safeguards, diff, idempotence (apply helper).
check_PROGRAMS += tests/unit/test-plan
tests_unit_test_plan_SOURCES = tests/unit/test-plan.c src/cli/plan.c src/cli/plan.h \
	src/cli/desired.c src/cli/desired.h tests/tap.h
tests_unit_test_plan_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-plan
