## src/store: site file, key file, lock, audit log.
noinst_LIBRARIES += libhelseid_store.a
libhelseid_store_a_SOURCES = \
	src/store/site_xml.c src/store/site_xml.h \
	src/store/site_file.c src/store/site_file.h \
	src/store/atomic_file.c src/store/atomic_file.h \
	src/store/lock.c src/store/lock.h \
	src/store/keyfile.c src/store/keyfile.h \
	src/store/audit.c src/store/audit.h \
	src/store/util.c src/store/util.h
libhelseid_store_a_SOURCES += src/store/catalog_file.c src/store/catalog_file.h
