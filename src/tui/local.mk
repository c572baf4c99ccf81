## src/tui: the ncursesw frontend. Widget state (pure) is separate from drawing. See
## README.md.
noinst_LIBRARIES += libhelseid_tui.a
libhelseid_tui_a_SOURCES = \
	src/tui/textfield.c src/tui/textfield.h src/tui/listbox.c src/tui/listbox.h \
	src/tui/checktree.c src/tui/checktree.h src/tui/cursor.c src/tui/cursor.h \
	src/tui/keymap.c src/tui/keymap.h \
	src/tui/form.c src/tui/form.h src/tui/text.c src/tui/text.h \
	src/tui/shown.c src/tui/shown.h src/tui/draw.c src/tui/draw.h \
	src/tui/tui.c src/tui/tui.h src/tui/handoff_screen.c src/tui/handoff_screen.h \
	src/tui/link_share.c src/tui/link_share.h
libhelseid_tui_a_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(QRENCODE_CFLAGS)
EXTRA_DIST += src/tui/README.md

## Tests (TAP; programs link $(LDADD), Makefile.am): the widgets' state; screen tests on
## a private tmux server (tests/e2e/tmux-lib.sh): the wizard, the hand-off screen
## (handoff-driver), the owner field checked as it is typed against the bundled
## simulator, and every screen at 80x24 in en, nb, nn (each message shown whole; the
## layout and key defects of issue 13).
check_PROGRAMS += tests/unit/test-widgets tests/e2e/handoff-driver
tests_e2e_handoff_driver_SOURCES = tests/e2e/handoff-driver.c src/cli/locale_setup.c
tests_e2e_handoff_driver_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(QRENCODE_CFLAGS)
TESTS += tests/unit/test-widgets tests/e2e/tui.sh tests/e2e/handoff.sh \
	tests/e2e/owner-live.sh tests/e2e/screens-80x24.sh
EXTRA_DIST += tests/e2e/tmux-lib.sh tests/e2e/tui.sh tests/e2e/expected/preflight.txt \
	tests/e2e/handoff.sh tests/e2e/owner-live.sh tests/e2e/screens-80x24.sh \
	tests/e2e/whole.py

# Every wizard screen in Norwegian, as text, for review and documentation.
screenshots: helseid-admin tests/locale/stamp
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	  HELSEID_ADMIN_LOCALEDIR='$(abs_top_builddir)/tests/locale' \
	  $(SHELL) $(top_srcdir)/tests/e2e/screenshots.sh $(abs_top_srcdir)/screenshots
.PHONY: screenshots
EXTRA_DIST += tests/e2e/screenshots.sh tests/e2e/screenshot-png.sh
# The captures themselves are documentation (README.md links them), so they ship; the
# screenshots are listed one by one (a folder name here would run the phony target).
EXTRA_DIST += before-after \
	screenshots/00-forhandskontroll.png screenshots/00-forhandskontroll.txt \
	screenshots/01-opprett.png screenshots/01-opprett.txt \
	screenshots/02-konfigurasjonseier-enhetsregisteret.png \
	screenshots/02-konfigurasjonseier-enhetsregisteret.txt \
	screenshots/02-konfigurasjonseier-feil.png screenshots/02-konfigurasjonseier-feil.txt \
	screenshots/02-konfigurasjonseier-mens-du-skriver.png \
	screenshots/02-konfigurasjonseier-mens-du-skriver.txt \
	screenshots/02-konfigurasjonseier.png screenshots/02-konfigurasjonseier.txt \
	screenshots/03-underenheter.png screenshots/03-underenheter.txt \
	screenshots/04-tjenester-feil.png screenshots/04-tjenester-feil.txt \
	screenshots/04-tjenester-hjelp.png screenshots/04-tjenester-hjelp.txt \
	screenshots/04-tjenester.png screenshots/04-tjenester.txt screenshots/05-sfm-id.png \
	screenshots/05-sfm-id.txt screenshots/06-bekreft-tilbake.png \
	screenshots/06-bekreft-tilbake.txt screenshots/06-bekreft.png screenshots/06-bekreft.txt \
	screenshots/07-overlevering-avbryt.png screenshots/07-overlevering-avbryt.txt \
	screenshots/07-overlevering.png screenshots/07-overlevering.txt screenshots/for-lite.png \
	screenshots/for-lite.txt
