## src/line: the plain line-mode frontend of the wizard. See README.md.
noinst_LIBRARIES += libhelseid_line.a
libhelseid_line_a_SOURCES = src/line/line.c src/line/line.h src/line/line_handoff.c
EXTRA_DIST += src/line/README.md

## Tests: answers piped into the line mode, files checked (tests/line/wizard.sh).
TESTS += tests/line/wizard.sh
EXTRA_DIST += tests/line/wizard.sh tests/wizard-lib.sh
