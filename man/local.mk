## man/local.mk
dist_man_MANS += man/helseid-sim.1
