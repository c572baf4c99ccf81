#!/usr/bin/python3
"""Every message a screen was given (the wizard's HELSEID_ADMIN_SCREEN_LOG) is on the
captured screen whole: the captured lines are joined (box lines dropped, blanks
collapsed), so a message wrapped over several lines still matches, and a cut one
does not. Usage: whole.py LOG CAPTURE; prints what is missing, exits 1 if any."""
import re
import sys

BOX = "│┌┐└┘─|"


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


log = open(sys.argv[1], encoding="utf-8").read().splitlines()
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
joined = norm(" ".join(l.strip().strip(BOX).strip() for l in lines))
missing = [m for m in log if norm(m) and norm(m) not in joined]
for m in missing:
    print("# not shown whole: " + m)
sys.exit(1 if missing or not log else 0)
