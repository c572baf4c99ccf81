## tests/pkg: what a user of the installed program meets: data found where the program
## lands, the demo's kept site, the Debian package (make deb) and the Ansible example.
TESTS += tests/pkg/demo-site.sh
EXTRA_DIST += tests/pkg/demo-site.sh
