## data/local.mk: files installed in $(pkgdatadir) and shipped examples.
# The service catalog and its schema (a new service is a change here only).
dist_pkgdata_DATA += data/services.xml data/services.rng
# The site file schema (man/helseid-site.5); found via $HELSEID_ADMIN_DATADIR, else here.
dist_pkgdata_DATA += data/site.rng
# Demo site files and the identities they use, installed beside the simulator's
# Enhetsregisteret fixture (--env demo copies kommune.xml when no site is given).
dist_simdemo_DATA += data/demo/README.md data/demo/kommune.xml data/demo/legekontor.xml
# Bash completion (the commands and options of --help; tests/docs/completion.sh checks).
bashcompletiondir = $(datadir)/bash-completion/completions
dist_bashcompletion_DATA = data/completion/helseid-admin
# An example desired configuration for plan FILE / apply FILE (man/helseid-admin.8).
EXTRA_DIST += data/examples/desired.json
