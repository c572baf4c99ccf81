## src/sim: helseid-sim, the loopback simulator of HelseID, Selvbetjening and
## Enhetsregisteret (DESIGN.md §6, man helseid-sim(1)). See README.md.
bin_PROGRAMS += helseid-sim
helseid_sim_SOURCES = src/sim/sim.h src/sim/main.c \
	src/sim/tls.c src/sim/tls.h src/sim/router.c src/sim/router.h \
	src/sim/reply.c src/sim/util.c src/sim/state.c src/sim/jose.c src/sim/jose.h \
	src/sim/faults.c src/sim/store.c src/sim/tokens.c src/sim/jwt_rules.c \
	src/sim/dpop_check.c src/sim/client_auth.c src/sim/sts.c src/sim/sts_authorize.c \
	src/sim/selvbetjening_api.c src/sim/selvbetjening_web.c src/sim/brreg.c src/sim/admin.c
helseid_sim_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) -pthread
helseid_sim_LDADD = libhelseid_store.a libhelseid_core.a $(MHD_LIBS) $(OPENSSL_LIBS) \
	$(CJSON_LIBS) $(LIBINTL) -lpthread
EXTRA_DIST += src/sim/README.md

simdemodir = $(pkgdatadir)/demo
dist_simdemo_DATA = data/demo/brreg.json

# make demo: the wizard against the simulator (src/sim/demo.sh; DEMO_ARGS,
# DEMO_SITE and DEMO_LANG adjust it; helseid-admin --env demo starts the simulator).
EXTRA_DIST += src/sim/demo.sh
demo: helseid-sim$(EXEEXT) helseid-admin$(EXEEXT) tests/locale/stamp
	$(SHELL) $(srcdir)/src/sim/demo.sh '$(abs_builddir)' '$(abs_srcdir)' $(DEMO_ARGS)
.PHONY: demo

## Tests (python3, tests/sim/simlib.py): conformance, flows, Enhetsregisteret faults,
## options, --state reload, --exit-on-stdin-eof, --api-nonce.
sim_tests = tests/sim/conformance.py tests/sim/flows.py tests/sim/brreg_faults.sh \
	tests/sim/options.py tests/sim/restart.py tests/sim/stdin_eof.py tests/sim/api_nonce.py
TESTS += $(sim_tests)
EXTRA_DIST += $(sim_tests) tests/sim/simlib.py
