## src/store: site file, service catalog, key file, lock, audit log: the XML and the files.
noinst_LIBRARIES += libhelseid_store.a
libhelseid_store_a_SOURCES = \
	src/store/xml_safe.c src/store/xml_safe.h \
	src/store/site_xml_read.c src/store/site_xml_write.c src/store/site_xml.h \
	src/store/site_file.c src/store/site_file.h \
	src/store/atomic_file.c src/store/atomic_file.h \
	src/store/lock.c src/store/lock.h \
	src/store/keyfile.c src/store/keyfile.h \
	src/store/audit.c src/store/audit.h \
	src/store/journal.c src/store/journal.h \
	src/store/util.c src/store/util.h \
	src/store/catalog_xml.c src/store/catalog_xml.h \
	src/store/trust.c src/store/trust.h \
	src/store/catalog_file.c src/store/catalog_file.h \
	src/store/datadir.c src/store/datadir.h

## Tests (TAP). Data: tests/data/site/ (hostile and broken files), gen-large-site.py.
EXTRA_DIST += tests/data/site tests/data/gen-large-site.py tests/unit/site_equal.h

check_PROGRAMS += tests/unit/test-catalog
tests_unit_test_catalog_SOURCES = tests/unit/test-catalog.c tests/tap.h
tests_unit_test_catalog_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-catalog
EXTRA_DIST += tests/data/catalog/bad-scope.xml tests/data/catalog/dangling.xml \
	tests/data/catalog/doctype.xml tests/data/catalog/duplicate.xml \
	tests/data/catalog/empty-radio.xml tests/data/catalog/malformed.xml \
	tests/data/catalog/minimal.xml tests/data/catalog/schema.xml

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

check_PROGRAMS += tests/unit/test-journal
tests_unit_test_journal_SOURCES = tests/unit/test-journal.c tests/tap.h
tests_unit_test_journal_LDADD = $(TESTS_LDADD)
TESTS += tests/unit/test-journal
EXTRA_DIST += src/store/README.md
