#!/usr/bin/python3
"""Cross-check `helseid-admin validate` against python-stdnum (Debian python3-stdnum)
on a few thousand generated numbers (fixed seed). Prints TAP.

We agree with stdnum on the classic rule; the known, deliberate differences are
handled explicitly, not skipped silently:
  - the 2032 rule: we accept k1 with remainder 1..3; compare only our "classic" verdict;
  - synthetic Tenor numbers (month + 80) and FH numbers (first digit 8/9): stdnum
    rejects them, so their date part is judged by stdnum's get_birth_date on the
    number with month - 80, and FH by stdnum's two control digits alone;
  - birth dates in the future: both refuse them (validate passes today's date to the
    core); stdnum accepts D- and H-number at once (we do not): counted and compared.
"""
import datetime
import json
import os
import random
import subprocess
import sys

try:
    from stdnum.exceptions import ValidationError
    from stdnum.no import fodselsnummer, orgnr
except ImportError:
    print("1..0 # SKIP python3-stdnum is not installed")
    sys.exit(0)

top_builddir = os.environ.get("top_builddir", ".")
PROG = os.path.join(top_builddir, "helseid-admin")
BATCH = 400
n = 0
failed = 0


def ok(cond, name):
    global n, failed
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, name))
    if not cond:
        failed += 1


def validate(kind, values):
    argv = [PROG, "--json", "validate", kind] + values
    env_vars = dict(os.environ, LANGUAGE="en")
    env_vars.pop("HELSEID_ENV", None)
    p = subprocess.run(argv, stdout=subprocess.PIPE, env=env_vars)
    items = json.loads(p.stdout)["results"]
    want_rc = 0 if all(i["valid"] for i in items) else 1
    if p.returncode != want_rc or len(items) != len(values):
        raise SystemExit("Bail out! %s validate %s: exit %d, %d items" %
                         (PROG, kind, p.returncode, len(items)))
    return items


def fnr_digits(rng):
    """A personal number, mostly with correct classic control digits."""
    if rng.random() < 0.25:
        return "".join(rng.choice("0123456789") for _ in range(11))
    kind = rng.choice(["ord", "ord", "d", "h", "synth", "synth_d", "fh", "d_h"])
    if kind == "fh":
        head = rng.choice("89") + "".join(rng.choice("0123456789") for _ in range(8))
    else:
        day, month = rng.randint(0, 32), rng.randint(0, 13)
        if rng.random() < 0.1:
            day = 29
            month = 2
        if kind in ("d", "synth_d", "d_h"):
            day += 40
        if kind in ("h", "d_h"):
            month += 40
        if kind in ("synth", "synth_d"):
            month += 80
        head = "%02d%02d%02d%03d" % (day, month, rng.randint(0, 99), rng.randint(0, 999))
    k1 = fodselsnummer.calc_check_digit1(head)
    if len(k1) > 1:
        k1 = rng.choice("0123456789")
    k2 = fodselsnummer.calc_check_digit2(head + k1)
    if len(k2) > 1:
        k2 = rng.choice("0123456789")
    s = head + k1 + k2
    if rng.random() < 0.15:
        i = rng.randrange(11)
        s = s[:i] + rng.choice("0123456789") + s[i + 1:]
    return s


def fnr_expected(s):
    """(valid under the classic rule, note) from stdnum."""
    controls = (fodselsnummer.calc_check_digit1(s) == s[9] and
                fodselsnummer.calc_check_digit2(s) == s[10])
    if s[0] in "89":
        return controls, "fh"
    day, month = int(s[0:2]), int(s[2:4])
    note = "ordinary"
    if month > 80:
        s = s[:2] + "%02d" % (month - 80) + s[4:]    # judge the date as stdnum would
        note = "synthetic"
    elif day > 40 and month > 40:
        return False, "d_and_h"                      # stdnum accepts; we refuse
    if not controls:
        return False, note
    try:
        born = fodselsnummer.get_birth_date(s)
    except ValidationError:
        return False, note
    if born > datetime.date.today():
        return False, "future"                       # both refuse (IDENT_FUTURE_DATE)
    if note == "ordinary":
        return fodselsnummer.is_valid(s), note
    return True, note


def check_fnr(rng, batches):
    counts = {}
    for b in range(batches):
        values = [fnr_digits(rng) for _ in range(BATCH)]
        items = validate("fnr", values)
        bad = []
        for v, item in zip(values, items):
            want, note = fnr_expected(v)
            got = item["valid"] and item["rule"] == "classic"
            if want:
                counts[note] = counts.get(note, 0) + 1
            if got != want:
                bad.append("%s: stdnum %s (%s), we %s (%s)" %
                           (v, want, note, got, item["reason"]))
        for line in bad[:5]:
            print("#   " + line)
        ok(not bad, "fnr batch %d: %d numbers agree with stdnum" % (b + 1, len(values)))
    print("# valid by class: %s" % json.dumps(counts, sort_keys=True))
    for note in ("ordinary", "synthetic", "fh"):
        ok(counts.get(note, 0) >= 50, "fnr: at least 50 valid %s numbers compared" % note)


def orgnr_digits(rng):
    head = "".join(rng.choice("0123456789") for _ in range(8))
    if rng.random() < 0.4:
        return head + rng.choice("0123456789")
    for d in "0123456789":
        if orgnr.checksum(head + d) == 0:
            return head + d
    return head + rng.choice("0123456789")           # remainder 1: no control digit


def check_orgnr(rng, batches):
    valid = 0
    for b in range(batches):
        values = [orgnr_digits(rng) for _ in range(BATCH)]
        items = validate("orgnr", values)
        bad = ["%s: stdnum %s, we %s (%s)" % (v, orgnr.is_valid(v), i["valid"], i["reason"])
               for v, i in zip(values, items) if orgnr.is_valid(v) != i["valid"]]
        valid += sum(i["valid"] for i in items)
        for line in bad[:5]:
            print("#   " + line)
        ok(not bad, "orgnr batch %d: %d numbers agree with stdnum" % (b + 1, len(values)))
        # With spaces in the portal's grouping the verdict must not change.
        spaced = [v[:3] + " " + v[3:6] + " " + v[6:] for v in values[:50]]
        again = validate("orgnr", spaced)
        ok(all(a["valid"] == i["valid"] for a, i in zip(again, items)),
           "orgnr batch %d: same verdict with spaces" % (b + 1))
    ok(valid >= batches * BATCH // 3, "orgnr: %d valid numbers compared" % valid)


rng = random.Random(2032)
check_fnr(rng, 10)
check_orgnr(rng, 4)
print("1..%d" % n)
sys.exit(1 if failed else 0)
