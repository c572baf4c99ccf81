## src/cli: the helseid-admin program: main, the shared option handling and one file per
## command; the session work they share lives in src/session.
bin_PROGRAMS += helseid-admin
helseid_admin_SOURCES = \
	src/cli/main.c \
	src/cli/commands.c src/cli/commands.h \
	src/cli/opt_table.c src/cli/opt_table.h \
	src/cli/parse.c src/cli/parse.h \
	src/cli/help.c src/cli/help.h \
	src/cli/config_file.c src/cli/config_file.h \
	src/cli/locale_setup.c src/cli/locale_setup.h \
	src/cli/no_dumps.c src/cli/no_dumps.h \
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
helseid_admin_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(QRENCODE_CFLAGS) $(ZIP_CFLAGS) -DSYSCONFDIR=\"$(sysconfdir)\"
# Frontends first: they use the wizard, which uses net, store and core.
helseid_admin_LDADD = libhelseid_tui.a libhelseid_line.a libhelseid_session.a libhelseid_wizard.a \
	$(HELSEID_LIBS) $(NCURSES_LIBS) $(QRENCODE_LIBS) $(ZIP_LIBS)

# The wizard's remote facts (steps 0-4) under tmux against helseid-sim.
TESTS += tests/e2e/wizard-remote.sh
EXTRA_DIST += tests/e2e/wizard-remote.sh tests/e2e/make-client.py

# The --json contract: every command's success and failure documents validate against
# data/schema/ (python3-jsonschema), against helseid-sim.
TESTS += tests/e2e/json-contract.sh
EXTRA_DIST += tests/e2e/json-contract.sh tests/e2e/json-check.py

# INT/TERM/HUP: apply in the hand-off and the wizard under tmux, exit status and tty.
TESTS += tests/e2e/signals.sh
EXTRA_DIST += tests/e2e/signals.sh

# Defaults from /etc and $XDG_CONFIG_HOME: precedence and file:line errors.
TESTS += tests/cli/config-file.sh
EXTRA_DIST += tests/cli/config-file.sh

# help CMD, CMD --help, --version, the exit table and the option rules.
TESTS += tests/cli/help.sh
EXTRA_DIST += tests/cli/help.sh
EXTRA_DIST += src/cli/README.md
