#!/bin/sh
# The translations follow po/TERMINOLOGY.md: none of the words it rules out is in a
# translation (msgstr) of po/nb.po or po/nn.po, nor in the service catalog's nb and nn
# texts (data/services.xml, shown by F1). The English msgids are not checked (they may
# name a word to explain it). Each pattern is one "never" of the list.
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

[ -s po/TERMINOLOGY.md ]; ok $? "po/TERMINOLOGY.md, the terminology list, is there"

# never PATTERN WHY: no msgstr of either language matches the (extended, case-sensitive) PATTERN.
never() {
    for lang in nb nn; do
        hits=$(grep -nE -- "$1" "$tmp/$lang.str")
        [ -z "$hits" ]; ok $? "$lang: no $2${hits:+: $(echo "$hits" | head -3 | tr "\n" " ")}"
    done
}

for lang in nb nn; do
    # Only the translations, one message per line, obsolete entries dropped.
    msgattrib --no-obsolete --no-wrap "po/$lang.po" |
        awk '/^msgstr/ { s = 1 } /^(msgid|#)/ { s = 0 } s' > "$tmp/$lang.str"
    [ -s "$tmp/$lang.str" ]; ok $? "$lang: the translations are read"
    grep -o "<text lang=\"$lang\">[^<]*" data/services.xml >> "$tmp/$lang.str"
done

never '[Nn]ettstedsfil|[Ss]tedsfil|[Ss]tadfil' "nettstedsfil/stedsfil for the site file (installasjonsfilen)"
never 'Konfig\.eier' "abbreviation Konfig.eier (konfigurasjonseier)"
never 'Sjølvbetening|Einingsregisteret|Persontenesta' "translated product names (Selvbetjening, Enhetsregisteret, Persontjenesten)"
never 'Sentral Forskrivnings|Forskrivnings [Mm]odul' "split Sentral Forskrivnings Modul (Sentral forskrivningsmodul)"
never 'første gangs|første gongs' "split første gangs (førstegangsoppsett)"
never '«Stadfest»|Stadfest i |[Tt]rykk (på )?Stadfest' "«Stadfest» for the portal's button («Bekreft»)"
never 'token[a-z]* er skrive ut|[Ss]kr(ive|iv|eiv) ut (eit |et )?token|[Ss]krive ut til' "skrive ut for issuing a token (utstede / utferde)"
never '\b[Hh]an verkar|\b[Hh]an virker' "an ambiguous han for the key or the client"
never 'er ikke en GUID|er ikkje ein GUID' "er ikke en GUID (er ikke en gyldig GUID)"
never '“|”|„' "typographic double quotes (« » for names and values)"
never 'offentlig kilde|offentleg kjelde|er ikke bekreftet i noen|er ikkje stadfesta i nokon' "note to ourselves on screen (an unchecked scope: «sjekk ... i Selvbetjeningsportalen»)"
done_testing
