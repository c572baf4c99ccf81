#!/bin/sh
# The layering of src/ (DESIGN.md §7): each folder includes only the folders below it,
# so there is no cycle and nothing reaches up; core stays free of I/O libraries; every
# folder has a README.md naming its files.
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 1

# folder: the src/ folders it may include (besides itself)
allowed() {
    case $1 in
    core) echo "" ;;
    store|jose) echo "core" ;;
    net) echo "core jose store" ;;
    wizard) echo "core" ;;
    tui|line) echo "core wizard" ;;
    session) echo "core jose net store wizard" ;;
    cli) echo "core jose net store wizard tui line session" ;;
    sim) echo "core store" ;;
    *) echo "?" ;;
    esac
}

for dir in src/*/; do
    d=$(basename "$dir")
    may=$(allowed "$d")
    [ "$may" != "?" ]; ok $? "src/$d has a place in the layering"
    bad=$(grep -rhoE '#include "[a-z]+/' "$dir" --include='*.c' --include='*.h' |
          sed -E 's/#include "//; s#/##' | sort -u |
          while read -r used; do
              [ "$used" = "$d" ] && continue
              case " $may " in *" $used "*) ;; *) echo "$used" ;; esac
          done)
    [ -z "$bad" ]; ok $? "src/$d includes only its lower layers${bad:+ (reaches: $(echo $bad))}"
    [ -f "$dir/README.md" ]; ok $? "src/$d has a README.md"
    missing=$(for f in "$dir"*.c "$dir"*.h; do
                  [ -f "$f" ] || continue
                  b=$(basename "$f"); s=${b%.*}
                  grep -qE "(^|[^a-z_])$s(\.|\]|\b)" "$dir/README.md" 2>/dev/null || echo "$b"
              done)
    [ -z "$missing" ]; ok $? "src/$d/README.md names every file${missing:+ (missing: $(echo $missing))}"
done

xml=$(grep -rlE '#include <(libxml|curl)/' src/core src/jose src/wizard src/tui src/line)
[ -z "$xml" ]; ok $? "core, jose and the wizard and its frontends use neither libxml2 nor curl${xml:+ ($(echo $xml))}"
done_testing
