## data/local.mk
dist_pkgdata_DATA += data/services.xml
dist_pkgdata_DATA += data/services.rng
