## src/core: the pure domain core (no I/O, no globals). See README.md.
noinst_LIBRARIES += libhelseid_core.a
libhelseid_core_a_SOURCES = src/core/i18n.h \
	src/core/error.c src/core/error.h src/core/sanitize.c src/core/sanitize.h \
	src/core/diag.c src/core/diag.h src/core/interrupt.c src/core/interrupt.h \
	src/core/strv.c src/core/strv.h src/core/site.c src/core/site.h \
	src/core/client_status.c src/core/client_status.h src/core/ident.c src/core/ident.h \
	src/core/decimal.c src/core/decimal.h src/core/org_entity.c src/core/org_entity.h \
	src/core/catalog.c src/core/catalog.h src/core/unitdiff.c src/core/unitdiff.h \
	src/core/rules.c src/core/rules.h src/core/rules/rules-int.h \
	src/core/rules/preflight.c src/core/rules/config.c src/core/rules/owner.c \
	src/core/rules/subunits.c src/core/rules/services.c src/core/rules/sfm.c
EXTRA_DIST += src/core/README.md

## Tests (TAP; programs link $(LDADD), Makefile.am): the rules, the unit diff, decimal
## numbers and the one text sanitiser (hardening).
core_tests = tests/unit/test-rules tests/unit/test-unitdiff tests/unit/test-decimal \
	tests/unit/test-sanitize
check_PROGRAMS += $(core_tests)
TESTS += $(core_tests)
