## src/tui: the ncursesw frontend. Widget state (pure) is separate from drawing.
noinst_LIBRARIES += libhelseid_tui.a
libhelseid_tui_a_SOURCES = \
	src/tui/textfield.c src/tui/textfield.h \
	src/tui/listbox.c src/tui/listbox.h \
	src/tui/checktree.c src/tui/checktree.h \
	src/tui/keymap.c src/tui/keymap.h \
	src/tui/form.c src/tui/form.h \
	src/tui/text.c src/tui/text.h \
	src/tui/shown.c src/tui/shown.h \
	src/tui/draw.c src/tui/draw.h \
	src/tui/tui.c src/tui/tui.h \
	src/tui/handoff_screen.c src/tui/handoff_screen.h
libhelseid_tui_a_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(QRENCODE_CFLAGS)

check_PROGRAMS += tests/unit/test-widgets
tests_unit_test_widgets_SOURCES = tests/unit/test-widgets.c tests/tap.h
tests_unit_test_widgets_LDADD = libhelseid_tui.a libhelseid_wizard.a $(TESTS_LDADD) $(NCURSES_LIBS) $(QRENCODE_LIBS)
TESTS += tests/unit/test-widgets

# Screen tests on a private tmux server (tests/e2e/tmux-lib.sh).
TESTS += tests/e2e/tui.sh
EXTRA_DIST += tests/e2e/tui.sh tests/e2e/tmux-lib.sh tests/e2e/expected/preflight.txt

# Every wizard screen in Norwegian, as text, for review and documentation.
screenshots: helseid-admin tests/locale/stamp
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	  HELSEID_ADMIN_LOCALEDIR='$(abs_top_builddir)/tests/locale' \
	  $(SHELL) $(top_srcdir)/tests/e2e/screenshots.sh $(abs_top_srcdir)/screenshots
.PHONY: screenshots
EXTRA_DIST += tests/e2e/screenshots.sh tests/e2e/screenshot-png.sh

check_PROGRAMS += tests/e2e/handoff-driver
tests_e2e_handoff_driver_SOURCES = tests/e2e/handoff-driver.c src/cli/locale_setup.c
tests_e2e_handoff_driver_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(QRENCODE_CFLAGS)
tests_e2e_handoff_driver_LDADD = libhelseid_tui.a libhelseid_wizard.a $(TESTS_LDADD) $(NCURSES_LIBS) $(QRENCODE_LIBS)
TESTS += tests/e2e/handoff.sh
EXTRA_DIST += tests/e2e/handoff.sh
EXTRA_DIST += src/tui/README.md
# The owner field checked as it is typed, against the bundled simulator.
TESTS += tests/e2e/owner-live.sh
EXTRA_DIST += tests/e2e/owner-live.sh
# Every screen at 80x24 in en, nb, nn: each message shown whole; the layout and key
# defects of issue 13.
TESTS += tests/e2e/screens-80x24.sh
EXTRA_DIST += tests/e2e/screens-80x24.sh tests/e2e/whole.py
