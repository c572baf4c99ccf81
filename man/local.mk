## man/local.mk
dist_man_MANS += man/helseid-admin.8
dist_man_MANS += man/helseid-site.5
dist_man_MANS += man/helseid-admin-check.8
dist_man_MANS += man/helseid-sim.1
