## bench/local.mk
# The wizard's screen figures: bytes per cursor move vs a full repaint, and a
# 2,000-unit site's load + diff + first paint with peak RSS (bench/tui-bench.py).
bench-tui: helseid-admin
	$(PYTHON3) $(top_srcdir)/bench/tui-bench.py $(abs_top_builddir)/helseid-admin $(abs_top_srcdir)/data
.PHONY: bench-tui
EXTRA_DIST += bench/tui-bench.py
