## src/line: the plain line-mode frontend of the wizard.
noinst_LIBRARIES += libhelseid_line.a
libhelseid_line_a_SOURCES = src/line/line.c src/line/line.h

TESTS += tests/line/wizard.sh
EXTRA_DIST += tests/line/wizard.sh tests/wizard-lib.sh
libhelseid_line_a_SOURCES += src/line/line_handoff.c
