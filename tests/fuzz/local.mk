## tests/fuzz: fuzz harnesses. Each tests/fuzz/fuzz-NAME.c defines LLVMFuzzerTestOneInput
## and has seeds in tests/fuzz/corpus/NAME/. To add one, append to FUZZ_PROGS and give
## it sources "tests/fuzz/fuzz-NAME.c $(FUZZ_DRIVER)" and LDADD "$(FUZZ_LDADD)".
##  - plain builds: linked with standalone.c and run by make check over the seeds plus
##    deterministic mutations (tests/fuzz/smoke.sh), so they stay sanitizer-clean;
##  - ./configure --enable-fuzzing (CC=clang): real libFuzzer; `make fuzz-run
##    FUZZ_SECONDS=60` fuzzes each harness and prints its executions.
## Each also gets LDFLAGS "$(FUZZ_PROG_LDFLAGS)": only the harnesses link libFuzzer (its
## main() would clash with the programs' own).
FUZZ_PROGS =
FUZZ_LDADD = $(HELSEID_LIBS)
FUZZ_PROG_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
EXTRA_DIST += tests/fuzz/standalone.c tests/fuzz/smoke.sh tests/fuzz/corpus
if ENABLE_FUZZING
FUZZ_DRIVER =
noinst_PROGRAMS += $(FUZZ_PROGS)
else
FUZZ_DRIVER = tests/fuzz/standalone.c
check_PROGRAMS += $(FUZZ_PROGS)
TESTS += tests/fuzz/smoke.sh
endif

FUZZ_SECONDS = 20
fuzz-run: $(FUZZ_PROGS)
	@total=0; for p in $(FUZZ_PROGS); do \
	  name=$${p##*/fuzz-}; work=fuzz-work/$$name; rm -rf $$work; $(MKDIR_P) $$work; \
	  top_srcdir=$(abs_top_srcdir) HELSEID_ADMIN_DATADIR=$(abs_top_srcdir)/data ./$$p -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -timeout=10 \
	    -rss_limit_mb=2048 $$work $(top_srcdir)/tests/fuzz/corpus/$$name \
	    >fuzz-work/$$name.log 2>&1 || { tail -n 40 fuzz-work/$$name.log; exit 1; }; \
	  n=$$(sed -n 's/^stat::number_of_executed_units: *//p' fuzz-work/$$name.log); \
	  echo "fuzz $$name: $$n executions in $(FUZZ_SECONDS) s, no crash"; total=$$((total + n)); \
	done; echo "fuzz total: $$total executions"
.PHONY: fuzz-run
clean-local: clean-fuzz-work
clean-fuzz-work:
	rm -rf fuzz-work
.PHONY: clean-fuzz-work
FUZZ_PROGS += tests/fuzz/fuzz-ident
tests_fuzz_fuzz_ident_SOURCES = tests/fuzz/fuzz-ident.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_ident_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_ident_LDFLAGS = $(FUZZ_PROG_LDFLAGS)

FUZZ_PROGS += tests/fuzz/fuzz-jose
tests_fuzz_fuzz_jose_SOURCES = tests/fuzz/fuzz-jose.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_jose_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_jose_LDFLAGS = $(FUZZ_PROG_LDFLAGS)
FUZZ_PROGS += tests/fuzz/fuzz-catalog
tests_fuzz_fuzz_catalog_SOURCES = tests/fuzz/fuzz-catalog.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_catalog_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_catalog_LDFLAGS = $(FUZZ_PROG_LDFLAGS)


## tests/fuzz/fuzz-site: the site file parser (src/store/site_xml.c) from memory.
FUZZ_PROGS += tests/fuzz/fuzz-site
tests_fuzz_fuzz_site_SOURCES = tests/fuzz/fuzz-site.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_site_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_site_LDFLAGS = $(FUZZ_PROG_LDFLAGS)
FUZZ_PROGS += tests/fuzz/fuzz-redirect
tests_fuzz_fuzz_redirect_SOURCES = tests/fuzz/fuzz-redirect.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_redirect_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_redirect_LDFLAGS = $(FUZZ_PROG_LDFLAGS)
FUZZ_PROGS += tests/fuzz/fuzz-brreg
tests_fuzz_fuzz_brreg_SOURCES = tests/fuzz/fuzz-brreg.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_brreg_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_brreg_LDFLAGS = $(FUZZ_PROG_LDFLAGS)

# HelseID JSON answers (helseid helper).
FUZZ_PROGS += tests/fuzz/fuzz-helseid-json
tests_fuzz_fuzz_helseid_json_SOURCES = tests/fuzz/fuzz-helseid-json.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_helseid_json_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_helseid_json_LDFLAGS = $(FUZZ_PROG_LDFLAGS)
# The desired-configuration file of plan/apply (apply helper).
FUZZ_PROGS += tests/fuzz/fuzz-desired
tests_fuzz_fuzz_desired_SOURCES = tests/fuzz/fuzz-desired.c src/session/desired.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_desired_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_desired_LDFLAGS = $(FUZZ_PROG_LDFLAGS)

FUZZ_PROGS += tests/fuzz/fuzz-sanitize
tests_fuzz_fuzz_sanitize_SOURCES = tests/fuzz/fuzz-sanitize.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_sanitize_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_sanitize_LDFLAGS = $(FUZZ_PROG_LDFLAGS)
