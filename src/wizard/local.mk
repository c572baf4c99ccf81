## src/wizard: the steps (what to ask, how to check the answer). No curses, no curl.
noinst_LIBRARIES += libhelseid_wizard.a
libhelseid_wizard_a_SOURCES = \
	src/wizard/view.c src/wizard/view.h \
	src/wizard/wizard.c src/wizard/wizard.h \
	src/wizard/preflight.c src/wizard/create.c src/wizard/owner.c \
	src/wizard/subunits.c src/wizard/services.c src/wizard/sfm.c \
	src/wizard/confirm.c \
	src/wizard/rules_core.c src/wizard/rules_core.h \
	src/wizard/handoff.c src/wizard/handoff.h

check_PROGRAMS += tests/unit/test-steps
tests_unit_test_steps_SOURCES = tests/unit/test-steps.c tests/tap.h
tests_unit_test_steps_LDADD = libhelseid_wizard.a $(TESTS_LDADD)
TESTS += tests/unit/test-steps

check_PROGRAMS += tests/unit/test-handoff
tests_unit_test_handoff_SOURCES = tests/unit/test-handoff.c tests/tap.h
tests_unit_test_handoff_LDADD = libhelseid_wizard.a $(TESTS_LDADD)
TESTS += tests/unit/test-handoff
EXTRA_DIST += src/wizard/README.md

# The steps with the real rules and fixture remote facts (cli/wizard_remote.c's inputs).
check_PROGRAMS += tests/unit/test-wizard-remote
tests_unit_test_wizard_remote_SOURCES = tests/unit/test-wizard-remote.c tests/tap.h
tests_unit_test_wizard_remote_LDADD = libhelseid_wizard.a $(TESTS_LDADD)
TESTS += tests/unit/test-wizard-remote
