## src/store: site file, service catalog, key file, lock, audit log: the XML and the files.
## See README.md.
noinst_LIBRARIES += libhelseid_store.a
libhelseid_store_a_SOURCES = \
	src/store/xml_safe.c src/store/xml_safe.h \
	src/store/site_xml_read.c src/store/site_xml_write.c src/store/site_xml.h \
	src/store/site_file.c src/store/site_file.h \
	src/store/atomic_file.c src/store/atomic_file.h \
	src/store/lock.c src/store/lock.h src/store/keyfile.c src/store/keyfile.h \
	src/store/audit.c src/store/audit.h src/store/journal.c src/store/journal.h \
	src/store/util.c src/store/util.h src/store/catalog_xml.c src/store/catalog_xml.h \
	src/store/trust.c src/store/trust.h src/store/catalog_file.c src/store/catalog_file.h \
	src/store/datadir.c src/store/datadir.h
EXTRA_DIST += src/store/README.md

## Tests (TAP; programs link $(LDADD), Makefile.am). Data: tests/data/site/ (hostile and
## broken files), gen-large-site.py, tests/data/catalog/.
store_tests = tests/unit/test-catalog tests/unit/test-site-xml tests/unit/test-atomic-crash \
	tests/unit/test-store-files tests/unit/test-journal
check_PROGRAMS += $(store_tests)
TESTS += $(store_tests) tests/unit/units-cmd.sh
EXTRA_DIST += tests/unit/units-cmd.sh tests/unit/site_equal.h tests/data/site \
	tests/data/gen-large-site.py tests/data/catalog
