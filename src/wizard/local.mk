## src/wizard: the steps (what to ask, how to check the answer). No curses, no curl.
## See README.md (and its recipe for a new step).
noinst_LIBRARIES += libhelseid_wizard.a
libhelseid_wizard_a_SOURCES = \
	src/wizard/view.c src/wizard/view.h \
	src/wizard/wizard.c src/wizard/wizard.h \
	src/wizard/preflight.c src/wizard/create.c src/wizard/owner.c \
	src/wizard/subunits.c src/wizard/services.c src/wizard/sfm.c \
	src/wizard/confirm.c \
	src/wizard/rules_core.c src/wizard/rules_core.h \
	src/wizard/handoff.c src/wizard/handoff.h
EXTRA_DIST += src/wizard/README.md

## Tests (TAP; programs link $(LDADD), Makefile.am): the steps with test rules, the
## hand-off state machine, the steps with the real rules and fixture remote facts.
check_PROGRAMS += tests/unit/test-steps tests/unit/test-handoff tests/unit/test-wizard-remote
TESTS += tests/unit/test-steps tests/unit/test-handoff tests/unit/test-wizard-remote
