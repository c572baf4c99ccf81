## data/local.mk
