## data/local.mk: files installed in $(pkgdatadir) and shipped examples.
# The service catalog and its schema (a new service is a change here only).
dist_pkgdata_DATA += data/services.xml data/services.rng
# The site file schema (man/helseid-site.5); found by store/datadir.c.
dist_pkgdata_DATA += data/site.rng
# Completions for bash, zsh and fish (the commands and each command's options of --help;
# tests/docs/completion.sh checks).
bashcompletiondir = $(datadir)/bash-completion/completions
dist_bashcompletion_DATA = data/completion/helseid-admin
zshcompletiondir = $(datadir)/zsh/vendor-completions
dist_zshcompletion_DATA = data/completion/_helseid-admin
fishcompletiondir = $(datadir)/fish/vendor_completions.d
dist_fishcompletion_DATA = data/completion/helseid-admin.fish
# JSON Schemas of the --json documents (helseid-admin-json(7)).
schemadir = $(pkgdatadir)/schema
dist_schema_DATA = data/schema/envelope.schema.json data/schema/validate.schema.json \
	data/schema/units.schema.json data/schema/check.schema.json data/schema/status.schema.json \
	data/schema/test-token.schema.json data/schema/rotate-key.schema.json \
	data/schema/import.schema.json data/schema/plan.schema.json data/schema/apply.schema.json \
	data/schema/wizard.schema.json data/schema/help.schema.json
# Demo site files and the identities they use, installed beside the simulator's
# Enhetsregisteret fixture (--env demo copies kommune.xml when no site is given).
dist_simdemo_DATA += data/demo/README.md data/demo/kommune.xml data/demo/legekontor.xml
# Scheduled key rotation: a oneshot service and its weekly timer (shipped disabled).
# The service names the installed program, so its path is filled in at build time.
systemdsystemunit_DATA = data/systemd/helseid-admin-rotate.service data/systemd/helseid-admin-rotate.timer
EXTRA_DIST += data/systemd/helseid-admin-rotate.service.in data/systemd/helseid-admin-rotate.timer
CLEANFILES += data/systemd/helseid-admin-rotate.service
data/systemd/helseid-admin-rotate.service: data/systemd/helseid-admin-rotate.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) data/systemd && \
	  sed 's|@bindir[@]|$(bindir)|g' $(srcdir)/data/systemd/helseid-admin-rotate.service.in >$@.tmp && mv $@.tmp $@
# A build folder apart from the source (VPATH): the program run from it finds the source
# tree's data through this marker in data/ beside it (store/datadir.c). Never installed,
# and only the marker names the source path: the program itself does not.
all-local: data-source-marker
data-source-marker:
	@src=`cd '$(top_srcdir)/data' && pwd -P` && $(MKDIR_P) data && \
	  if test "$$src" != "`cd data && pwd -P`"; then echo "$$src" >data/source-data; fi
.PHONY: data-source-marker
CLEANFILES += data/source-data
# The machine-wide defaults, all commented out (a conffile in the Debian package).
helseidconfdir = $(sysconfdir)/helseid-admin
dist_helseidconf_DATA = data/config
# Examples for support staff: the desired file, and fleets through Ansible.
exampledir = $(docdir)/examples
dist_example_DATA = data/examples/desired.json
ansibledir = $(exampledir)/ansible
dist_ansible_DATA = examples/ansible/README.md examples/ansible/inventory.ini examples/ansible/playbook.yml
ansibledesireddir = $(ansibledir)/desired
dist_ansibledesired_DATA = examples/ansible/desired/fjordlegene.json examples/ansible/desired/nordre-kommune.json
