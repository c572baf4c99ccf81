## data/local.mk: files installed in $(pkgdatadir) and shipped examples.
# The service catalog and its schema (a new service is a change here only).
dist_pkgdata_DATA += data/services.xml data/services.rng
# The site file schema (man/helseid-site.5); found via $HELSEID_ADMIN_DATADIR, else here.
dist_pkgdata_DATA += data/site.rng
# Demo site files and the identities they use.
EXTRA_DIST += data/demo/README.md data/demo/kommune.xml data/demo/legekontor.xml
# Completions for bash, zsh and fish (the commands and each command's options of --help;
# tests/docs/completion.sh checks).
bashcompletiondir = $(datadir)/bash-completion/completions
dist_bashcompletion_DATA = data/completion/helseid-admin
zshcompletiondir = $(datadir)/zsh/vendor-completions
dist_zshcompletion_DATA = data/completion/_helseid-admin
fishcompletiondir = $(datadir)/fish/vendor_completions.d
dist_fishcompletion_DATA = data/completion/helseid-admin.fish
# An example desired configuration for plan FILE / apply FILE (man/helseid-admin.8).
EXTRA_DIST += data/examples/desired.json
# JSON Schemas of the --json documents (helseid-admin-json(7)).
schemadir = $(pkgdatadir)/schema
dist_schema_DATA = data/schema/envelope.schema.json data/schema/validate.schema.json \
	data/schema/units.schema.json data/schema/check.schema.json data/schema/status.schema.json \
	data/schema/test-token.schema.json data/schema/rotate-key.schema.json \
	data/schema/import.schema.json data/schema/plan.schema.json data/schema/apply.schema.json \
	data/schema/wizard.schema.json data/schema/help.schema.json
