## man/local.mk
