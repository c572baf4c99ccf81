## man/local.mk
dist_man_MANS += man/helseid-admin.8
dist_man_MANS += man/helseid-site.5
dist_man_MANS += man/helseid-admin-check.8
dist_man_MANS += man/helseid-sim.1
dist_man_MANS += man/helseid-admin-json.7
dist_man_MANS += man/helseid-admin-validate.8 man/helseid-admin-units.8 \
	man/helseid-admin-status.8 man/helseid-admin-test-token.8 man/helseid-admin-rotate-key.8 \
	man/helseid-admin-import.8 man/helseid-admin-plan.8 man/helseid-admin-apply.8 \
	man/helseid-admin-wizard.8 man/helseid-admin-help.8
