## bench/local.mk
# Confirmation-to-ready vs a fixed 25 s wait (helseid helper): bench/readiness.sh.
noinst_PROGRAMS += bench/bench-readiness
bench_bench_readiness_SOURCES = bench/bench-readiness.c
bench_bench_readiness_LDADD = $(HELSEID_LIBS)
EXTRA_DIST += bench/readiness.sh
