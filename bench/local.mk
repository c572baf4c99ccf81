## bench/local.mk
## Preflight: parallel vs sequential (make bench; not part of make check).
noinst_PROGRAMS += bench/preflight-bench
bench_preflight_bench_SOURCES = bench/preflight-bench.c
bench_preflight_bench_LDADD = $(HELSEID_LIBS)
EXTRA_DIST += bench/preflight.sh
bench: bench-preflight
bench-preflight: bench/preflight-bench
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' PYTHON3='$(PYTHON3)' \
	  $(SHELL) $(top_srcdir)/bench/preflight.sh
.PHONY: bench bench-preflight
# Confirmation-to-ready vs a fixed 25 s wait (helseid helper): bench/readiness.sh.
noinst_PROGRAMS += bench/bench-readiness
bench_bench_readiness_SOURCES = bench/bench-readiness.c
bench_bench_readiness_LDADD = $(HELSEID_LIBS)
EXTRA_DIST += bench/readiness.sh
