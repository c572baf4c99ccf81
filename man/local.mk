## man/local.mk
dist_man_MANS += man/helseid-site.5
