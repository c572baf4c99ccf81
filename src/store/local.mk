## src/store: site file, key file, lock, audit log.
noinst_LIBRARIES += libhelseid_store.a
libhelseid_store_a_SOURCES =
libhelseid_store_a_SOURCES += src/store/catalog_file.c src/store/catalog_file.h
