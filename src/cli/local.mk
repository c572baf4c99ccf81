## src/cli: the helseid-admin program: main, the shared option handling and one file per
## command; the session work they share lives in src/session.
bin_PROGRAMS += helseid-admin
helseid_admin_SOURCES = \
	src/cli/main.c \
	src/cli/commands.c src/cli/commands.h \
	src/cli/locale_setup.c src/cli/locale_setup.h \
	src/cli/cmd-validate.c \
	src/cli/cmd-units.c \
	src/cli/cmd-check.c \
	src/cli/cmd-status.c \
	src/cli/cmd-test-token.c \
	src/cli/cmd-rotate-key.c \
	src/cli/cmd-import.c \
	src/cli/import_zip.c src/cli/import_zip.h \
	src/cli/cmd-wizard.c \
	src/cli/cmd-plan.c src/cli/cmd-apply.c
helseid_admin_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(QRENCODE_CFLAGS) $(ZIP_CFLAGS)
# Frontends first: they use the wizard, which uses net, store and core.
helseid_admin_LDADD = libhelseid_tui.a libhelseid_line.a libhelseid_session.a libhelseid_wizard.a \
	$(HELSEID_LIBS) $(NCURSES_LIBS) $(QRENCODE_LIBS) $(ZIP_LIBS)

# The wizard's remote facts (steps 0-4) under tmux against helseid-sim.
TESTS += tests/e2e/wizard-remote.sh
EXTRA_DIST += tests/e2e/wizard-remote.sh tests/e2e/make-client.py
