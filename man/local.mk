## man/local.mk
dist_man_MANS += man/helseid-admin-check.8
