#!/usr/bin/python3
"""Fill po/LANG.po from translation fragments (po/frag/*.LANG.po). Needs python3-polib.

Modules are written in parallel; each writes its translations as a fragment. The
integrator regenerates the template and merges it (`make -C po update-po`: new msgids
arrive untranslated or fuzzy), then runs this script, which copies a fragment's
translation into every entry still untranslated or fuzzy and lists what remains.
Usage: po/merge-fragments.py LANG FRAGMENT...
"""
import sys

import polib


def main():
    lang, frags = sys.argv[1], sys.argv[2:]
    target = polib.pofile('po/%s.po' % lang, wrapwidth=0)
    known = {}
    for path in frags:
        for e in polib.pofile(path):
            if e.translated():
                known[(e.msgctxt, e.msgid)] = e
    missing = 0
    for e in target:
        if e.obsolete or e.translated():
            continue
        src = known.get((e.msgctxt, e.msgid))
        if not src:
            print('%s: untranslated: %r' % (lang, e.msgid[:70]))
            missing += 1
            continue
        e.msgstr = src.msgstr
        e.msgstr_plural = dict(src.msgstr_plural)
        if 'fuzzy' in e.flags:
            e.flags.remove('fuzzy')
        e.previous_msgid = e.previous_msgid_plural = None
    target.save()
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
