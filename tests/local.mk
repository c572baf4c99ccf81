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
	rm -rf tests/locale
.PHONY: clean-tests-locale

check_PROGRAMS += tests/unit/test-ident
tests_unit_test_ident_SOURCES = tests/unit/test-ident.c tests/tap.h
tests_unit_test_ident_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-ident
# Cross-check with python-stdnum (Debian python3-stdnum; skips when absent).
TESTS += tests/unit/test-ident-stdnum.py
EXTRA_DIST += tests/unit/test-ident-stdnum.py
# helseid-admin validate (the Norwegian checks need po/frag/ident.*.po merged).
TESTS += tests/cli/validate.sh
EXTRA_DIST += tests/cli/validate.sh
