## tests: unit tests (tests/unit), end-to-end (tests/e2e), fuzz harnesses (tests/fuzz).
## Every test prints TAP. Module owners add their tests in tests/*.mk fragments.
TESTS_LDADD = $(HELSEID_LIBS)
EXTRA_DIST += tests/tap.h tests/lib.sh

check_PROGRAMS += tests/unit/test-site-model
tests_unit_test_site_model_SOURCES = tests/unit/test-site-model.c tests/tap.h
tests_unit_test_site_model_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-site-model

# Compiled message catalogs in a locale tree the tests point gettext at
# ($HELSEID_ADMIN_LOCALEDIR), so translated output is testable before install.
check_DATA = tests/locale/stamp
tests/locale/stamp: $(top_srcdir)/po/LINGUAS $(wildcard $(top_srcdir)/po/*.po)
	@for l in $$(cat $(top_srcdir)/po/LINGUAS); do \
	  $(MKDIR_P) tests/locale/$$l/LC_MESSAGES; \
	  $(MSGFMT) -c -o tests/locale/$$l/LC_MESSAGES/$(PACKAGE).mo $(top_srcdir)/po/$$l.po || exit 1; \
	done; touch $@
clean-local: clean-tests-locale
clean-tests-locale:
	rm -rf tests/locale tests/state
.PHONY: clean-tests-locale

check_PROGRAMS += tests/unit/test-ident
tests_unit_test_ident_SOURCES = tests/unit/test-ident.c tests/tap.h
tests_unit_test_ident_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-ident
# Cross-check with python-stdnum (Debian python3-stdnum; skips when absent).
TESTS += tests/unit/test-ident-stdnum.py
EXTRA_DIST += tests/unit/test-ident-stdnum.py
# helseid-admin validate, in English and Norwegian.
TESTS += tests/cli/validate.sh
EXTRA_DIST += tests/cli/validate.sh

# Documentation and translation checks.
TESTS += tests/docs/po-complete.sh
EXTRA_DIST += tests/docs/po-complete.sh po/merge-fragments.py po/update.sh
TESTS += tests/docs/po-terms.sh
EXTRA_DIST += tests/docs/po-terms.sh po/TERMINOLOGY.md
TESTS += tests/docs/help-man-sync.sh
EXTRA_DIST += tests/docs/help-man-sync.sh
TESTS += tests/docs/readme-links.sh
EXTRA_DIST += tests/docs/readme-links.sh
# HelseID protocol layer (helseid helper): parsers on fixtures, builders, pure logic.
check_PROGRAMS += tests/unit/test-helseid-parse tests/unit/test-helseid-build
tests_unit_test_helseid_parse_SOURCES = tests/unit/test-helseid-parse.c tests/tap.h
tests_unit_test_helseid_parse_LDADD = $(TESTS_LDADD)
tests_unit_test_helseid_build_SOURCES = tests/unit/test-helseid-build.c tests/tap.h
tests_unit_test_helseid_build_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-helseid-parse tests/unit/test-helseid-build
EXTRA_DIST += tests/data/helseid
check_PROGRAMS += tests/unit/test-helseid-idtoken
tests_unit_test_helseid_idtoken_SOURCES = tests/unit/test-helseid-idtoken.c tests/tap.h
tests_unit_test_helseid_idtoken_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-helseid-idtoken

# HelseID end to end against helseid-sim over TLS (helseid helper).
check_PROGRAMS += tests/e2e/helseid-e2e
tests_e2e_helseid_e2e_SOURCES = tests/e2e/helseid-e2e.c tests/tap.h
tests_e2e_helseid_e2e_LDADD = $(TESTS_LDADD)
TESTS += tests/e2e/helseid.sh
EXTRA_DIST += tests/e2e/helseid.sh
TESTS += tests/e2e/demo-env.sh
EXTRA_DIST += tests/e2e/demo-env.sh
TESTS += tests/docs/completion.sh
EXTRA_DIST += tests/docs/completion.sh
# The wizard's hand-off end to end against helseid-sim (handoff helper).
TESTS += tests/e2e/wizard-line.sh
EXTRA_DIST += tests/e2e/wizard-line.sh tests/e2e/handoff-lib.sh tests/e2e/browser-sim.py
TESTS += tests/e2e/wizard-tui.sh
EXTRA_DIST += tests/e2e/wizard-tui.sh
check_PROGRAMS += tests/e2e/wizard-handoff-api
tests_e2e_wizard_handoff_api_SOURCES = tests/e2e/wizard-handoff-api.c tests/tap.h
tests_e2e_wizard_handoff_api_LDADD = libhelseid_session.a libhelseid_wizard.a $(TESTS_LDADD)
TESTS += tests/e2e/wizard-handoff-api.sh
EXTRA_DIST += tests/e2e/wizard-handoff-api.sh
# plan FILE / apply FILE against the simulator (apply helper).
TESTS += tests/e2e/plan-apply.sh
TESTS += tests/e2e/readiness.sh
EXTRA_DIST += tests/e2e/readiness.sh tests/e2e/sim-lib.sh
TESTS += tests/e2e/import-keys.sh
EXTRA_DIST += tests/e2e/import-keys.sh
TESTS += tests/e2e/rotate-schedule.sh
EXTRA_DIST += tests/e2e/rotate-schedule.sh
TESTS += tests/e2e/wizard-ready.sh
EXTRA_DIST += tests/e2e/wizard-ready.sh
TESTS += tests/e2e/command-matrix.sh
EXTRA_DIST += tests/e2e/command-matrix.sh
# import FILE.zip: zips like Selvbetjening's (AES and classic encryption) made by libzip.
check_PROGRAMS += tests/e2e/make-zip
tests_e2e_make_zip_SOURCES = tests/e2e/make-zip.c
tests_e2e_make_zip_CFLAGS = $(AM_CFLAGS) $(ZIP_CFLAGS)
tests_e2e_make_zip_LDADD = $(ZIP_LIBS)
TESTS += tests/e2e/import-zip.sh
EXTRA_DIST += tests/e2e/import-zip.sh
EXTRA_DIST += tests/e2e/plan-apply.sh
# The hand-off as a journaled transaction: kills and failed writes after the draft.
TESTS += tests/e2e/fault-inject.sh
EXTRA_DIST += tests/e2e/fault-inject.sh
# Hardening (issue 11): the browser child, core dumps, the loopback secret path, trusted
# files, hostile text, network messages (signals: src/cli/local.mk).
TESTS += tests/e2e/harden-browser.sh tests/e2e/harden-dumps.sh tests/e2e/harden-loopback.sh tests/e2e/harden-trust.sh tests/e2e/harden-hostile.sh tests/e2e/harden-net.sh
EXTRA_DIST += tests/e2e/harden-browser.sh tests/e2e/harden-dumps.sh tests/e2e/harden-loopback.sh tests/e2e/harden-trust.sh tests/e2e/harden-hostile.sh tests/e2e/harden-net.sh

# Layering: no include reaches up; core, jose, wizard and the frontends use neither
# libxml2 nor curl; every folder README names its files.
TESTS += tests/docs/layering.sh
EXTRA_DIST += tests/docs/layering.sh
