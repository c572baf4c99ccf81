## bench/local.mk
## Preflight: parallel vs sequential (make bench; not part of make check).
noinst_PROGRAMS += bench/preflight-bench
bench_preflight_bench_SOURCES = bench/preflight-bench.c
bench_preflight_bench_LDADD = $(HELSEID_LIBS)
EXTRA_DIST += bench/preflight.sh
bench: bench-preflight bench-readiness bench-tui
bench-preflight: bench/preflight-bench
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' PYTHON3='$(PYTHON3)' \
	  $(SHELL) $(top_srcdir)/bench/preflight.sh
.PHONY: bench bench-preflight
# Confirmation-to-ready: overshoot p50/p95 and token requests, the default poll vs the
# old backoff measured in the same run (bench/readiness.sh).
noinst_PROGRAMS += bench/bench-readiness
bench_bench_readiness_SOURCES = bench/bench-readiness.c
bench_bench_readiness_CFLAGS = $(AM_CFLAGS) -pthread
bench_bench_readiness_LDADD = $(HELSEID_LIBS) -lpthread
EXTRA_DIST += bench/readiness.sh
bench-readiness: bench/bench-readiness helseid-sim$(EXEEXT)
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' PYTHON3='$(PYTHON3)' \
	  $(SHELL) $(top_srcdir)/bench/readiness.sh
.PHONY: bench-readiness
# The wizard's screen figures: bytes per cursor move vs a full repaint, and a
# 2,000-unit site's load + diff + first paint with peak RSS (bench/tui-bench.py).
bench-tui: helseid-admin
	$(PYTHON3) $(top_srcdir)/bench/tui-bench.py $(abs_top_builddir)/helseid-admin $(abs_top_srcdir)/data
.PHONY: bench-tui
EXTRA_DIST += bench/tui-bench.py
