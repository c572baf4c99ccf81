## src/core: the pure domain core (no I/O, no globals).
noinst_LIBRARIES += libhelseid_core.a
libhelseid_core_a_SOURCES = \
	src/core/i18n.h \
	src/core/error.c src/core/error.h \
	src/core/sanitize.c src/core/sanitize.h \
	src/core/diag.c src/core/diag.h \
	src/core/interrupt.c src/core/interrupt.h \
	src/core/strv.c src/core/strv.h \
	src/core/site.c src/core/site.h \
	src/core/client_status.c src/core/client_status.h
libhelseid_core_a_SOURCES += src/core/ident.c src/core/ident.h
libhelseid_core_a_SOURCES += src/core/decimal.c src/core/decimal.h
libhelseid_core_a_SOURCES += src/core/org_entity.c src/core/org_entity.h
libhelseid_core_a_SOURCES += src/core/catalog.c src/core/catalog.h
libhelseid_core_a_SOURCES += src/core/rules.c src/core/rules.h src/core/rules/rules-int.h \
	src/core/rules/preflight.c src/core/rules/config.c src/core/rules/owner.c \
	src/core/rules/subunits.c src/core/rules/services.c src/core/rules/sfm.c

check_PROGRAMS += tests/unit/test-rules
tests_unit_test_rules_SOURCES = tests/unit/test-rules.c tests/tap.h
tests_unit_test_rules_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-rules

libhelseid_core_a_SOURCES += src/core/unitdiff.c src/core/unitdiff.h
check_PROGRAMS += tests/unit/test-unitdiff
tests_unit_test_unitdiff_SOURCES = tests/unit/test-unitdiff.c tests/tap.h
tests_unit_test_unitdiff_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-unitdiff

check_PROGRAMS += tests/unit/test-decimal
tests_unit_test_decimal_SOURCES = tests/unit/test-decimal.c tests/tap.h
tests_unit_test_decimal_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-decimal
# The one text sanitiser (hardening).
check_PROGRAMS += tests/unit/test-sanitize
tests_unit_test_sanitize_SOURCES = tests/unit/test-sanitize.c tests/tap.h
tests_unit_test_sanitize_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-sanitize
EXTRA_DIST += src/core/README.md
