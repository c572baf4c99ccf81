#!/usr/bin/python3
"""Write a large municipality site file: Nordre testkommune with N generated sub-units
(default 2,000) under Nordre helse og omsorg, each with a valid mod-11 org number that
starts with 3 (synthetic, test environment). Every tenth number is shared by two units,
as in real unit trees. Deterministic: the same N gives the same file.

usage: gen-large-site.py [N] > site.xml
"""
import sys

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def check_digit(first8):
    k = 11 - sum(int(d) * w for d, w in zip(first8, WEIGHTS)) % 11
    return None if k == 10 else (0 if k == 11 else k)


def orgnrs(count, start=30000000):
    """Valid org numbers 3xxxxxxxD in increasing order."""
    base = start
    while count:
        first8 = "%08d" % base
        base += 7
        d = check_digit(first8)
        if d is None:
            continue
        yield first8 + str(d)
        count -= 1


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    out = sys.stdout
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<site xmlns="urn:helseid-admin:site:1" version="1">\n'
              '  <epj name="CGM Journal" version="42" shared-database="true"/>\n'
              '  <units>\n'
              '    <unit name="Nordre testkommune" orgnr="311590839" nace="84.110">\n'
              '      <unit name="Nordre helse og omsorg" orgnr="310166138" nace="84.120">\n')
    numbers = list(orgnrs(n))
    for i in range(n):
        # every tenth unit shares the org number of the unit before it
        nr = numbers[i - 1] if i % 10 == 9 else numbers[i]
        login = ' login="true"' if i == 0 else ''
        out.write('        <unit name="Enhet %04d" orgnr="%s" nace="86.211"%s/>\n'
                  % (i + 1, nr, login))
    out.write('      </unit>\n'
              '    </unit>\n'
              '  </units>\n'
              '  <users>\n'
              '    <user id="kari" name="Kari Testlege" birth-date="1966-05-17" '
              'fnr="17856642097" herid="8094412" hpr="431001110" current="true"/>\n'
              '  </users>\n'
              '</site>\n')


if __name__ == "__main__":
    main()
