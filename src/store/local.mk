## src/store: site file, key file, lock, audit log.
noinst_LIBRARIES += libhelseid_store.a
libhelseid_store_a_SOURCES = \
	src/store/site_xml.c src/store/site_xml.h \
	src/store/site_file.c src/store/site_file.h \
	src/store/atomic_file.c src/store/atomic_file.h \
	src/store/lock.c src/store/lock.h \
	src/store/keyfile.c src/store/keyfile.h \
	src/store/audit.c src/store/audit.h \
	src/store/util.c src/store/util.h \
	src/store/catalog_file.c src/store/catalog_file.h \
	src/store/datadir.c src/store/datadir.h

## Tests (TAP). Data: tests/data/site/ (hostile and broken files), gen-large-site.py.
EXTRA_DIST += tests/data/site tests/data/gen-large-site.py tests/unit/site_equal.h

check_PROGRAMS += tests/unit/test-site-xml
tests_unit_test_site_xml_SOURCES = tests/unit/test-site-xml.c tests/unit/site_equal.h tests/tap.h
tests_unit_test_site_xml_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-site-xml

check_PROGRAMS += tests/unit/test-atomic-crash
tests_unit_test_atomic_crash_SOURCES = tests/unit/test-atomic-crash.c tests/tap.h
tests_unit_test_atomic_crash_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-atomic-crash

check_PROGRAMS += tests/unit/test-store-files
tests_unit_test_store_files_SOURCES = tests/unit/test-store-files.c tests/tap.h
tests_unit_test_store_files_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-store-files

TESTS += tests/unit/units-cmd.sh
EXTRA_DIST += tests/unit/units-cmd.sh
