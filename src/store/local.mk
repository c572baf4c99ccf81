## src/store: site file, key file, lock, audit log.
noinst_LIBRARIES += libhelseid_store.a
libhelseid_store_a_SOURCES = \
	src/store/site_xml.c src/store/site_xml.h
