## src/cli: the helseid-admin program: main, the shared option handling and one file per
## command; the session work they share lives in src/session. See README.md.
bin_PROGRAMS += helseid-admin
helseid_admin_SOURCES = src/cli/main.c \
	src/cli/commands.c src/cli/commands.h src/cli/opt_table.c src/cli/opt_table.h \
	src/cli/parse.c src/cli/parse.h src/cli/help.c src/cli/help.h \
	src/cli/config_file.c src/cli/config_file.h \
	src/cli/locale_setup.c src/cli/locale_setup.h src/cli/no_dumps.c src/cli/no_dumps.h \
	src/cli/cmd-validate.c src/cli/cmd-units.c src/cli/cmd-check.c src/cli/cmd-status.c \
	src/cli/cmd-test-token.c src/cli/cmd-rotate-key.c src/cli/cmd-wizard.c \
	src/cli/cmd-plan.c src/cli/cmd-apply.c \
	src/cli/cmd-import.c src/cli/import_zip.c src/cli/import_zip.h
helseid_admin_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(QRENCODE_CFLAGS) $(ZIP_CFLAGS) \
	-DSYSCONFDIR=\"$(sysconfdir)\"
# The whole stack (Makefile.am) and libzip for import.
helseid_admin_LDADD = $(LDADD) $(ZIP_LIBS)
EXTRA_DIST += src/cli/README.md

## Tests: against helseid-sim, the wizard's remote facts (steps 0-4) under tmux, the
## --json contract (every command's success and failure documents validate against
## data/schema/ with python3-jsonschema) and INT/TERM/HUP in the hand-off and the wizard
## (exit status and tty); defaults from /etc and $XDG_CONFIG_HOME (precedence and
## file:line errors); help CMD, CMD --help, --version, the exit table and the option
## rules.
TESTS += tests/e2e/wizard-remote.sh tests/e2e/json-contract.sh tests/e2e/signals.sh \
	tests/cli/config-file.sh tests/cli/help.sh
EXTRA_DIST += tests/e2e/wizard-remote.sh tests/e2e/make-client.py \
	tests/e2e/json-contract.sh tests/e2e/json-check.py tests/e2e/signals.sh \
	tests/cli/config-file.sh tests/cli/help.sh
