## data/local.mk
dist_pkgdata_DATA += data/services.xml
dist_pkgdata_DATA += data/services.rng
## data/local.mk: files installed in $(pkgdatadir) and shipped examples.
# The site file schema (man/helseid-site.5); found via $HELSEID_ADMIN_DATADIR, else here.
dist_pkgdata_DATA += data/site.rng
# Demo site files and the identities they use.
EXTRA_DIST += data/demo/README.md data/demo/kommune.xml data/demo/legekontor.xml
