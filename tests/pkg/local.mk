## tests/pkg: what a user of the installed program meets: data found where the program
## lands, the demo's kept site, the Debian package (make deb) and the Ansible example.
TESTS += tests/pkg/demo-site.sh tests/pkg/demo-make.sh
EXTRA_DIST += tests/pkg/demo-site.sh tests/pkg/demo-make.sh

# make deb: the Debian packages helseid-admin and helseid-admin-sim (debian/), built by
# dpkg-buildpackage from this tree's dist tarball so the working tree is left as it is,
# then checked by lintian (source and binaries, overridden tags shown): no error and no
# warning passes. The .deb files land here.
# Needs debhelper, dpkg-dev and lintian (in ./bootstrap's list).
DEB_BUILD_DIR = deb-build
deb: dist-gzip
	rm -rf $(DEB_BUILD_DIR) && $(MKDIR_P) $(DEB_BUILD_DIR)
	tar -xzf $(distdir).tar.gz -C $(DEB_BUILD_DIR)
	rm -f $(distdir).tar.gz
	cd $(DEB_BUILD_DIR)/$(distdir) && DEB_BUILD_OPTIONS="parallel=2 $(DEB_BUILD_OPTIONS)" \
	  dpkg-buildpackage -us -uc
	lintian --fail-on error,warning --display-info --show-overrides $(DEB_BUILD_DIR)/*.changes
	mv -f $(DEB_BUILD_DIR)/*.deb .
	rm -rf $(DEB_BUILD_DIR)
.PHONY: deb
CLEANFILES += *.deb
EXTRA_DIST += debian
EXTRA_DIST += tests/pkg/deb-install.sh
# examples/ansible run twice against the simulator with Debian's ansible-core.
TESTS += tests/e2e/ansible.sh
EXTRA_DIST += tests/e2e/ansible.sh
# The rotation service and timer as systemd reads them.
TESTS += tests/pkg/systemd-units.sh
EXTRA_DIST += tests/pkg/systemd-units.sh
