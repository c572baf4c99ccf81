#!/usr/bin/python3
"""Wizard screen benchmarks (DESIGN.md §8), run on a pseudo-terminal:

1. bytes written to the terminal per cursor move in a 200-row list, against a full
   repaint (Ctrl-L) of the same screen: what a slow SSH link pays per key;
2. load + diff + first paint of a 2,000-unit site (start to the sub-unit screen),
   with the peak RSS of the process.

Usage: tui-bench.py BINARY DATADIR. Prints TAP-free, human-readable figures."""
import os, pty, resource, select, signal, subprocess, sys, tempfile, time, fcntl, termios, struct

BIN, DATADIR = sys.argv[1], sys.argv[2]
W = [3, 2, 7, 6, 5, 4, 3, 2]

def orgnrs(n):
    out, base = [], 30000000
    while len(out) < n:
        d = str(base); base += 1
        k = 11 - sum(int(c) * w for c, w in zip(d, W)) % 11
        if k == 10: continue
        out.append(d + str(0 if k == 11 else k))
    return out

def site(n, path):
    units = "\n".join(f'      <unit name="Enhet {i}" orgnr="{o}" nace="86.211"/>'
                      for i, o in enumerate(orgnrs(n)))
    open(path, "w").write(f'''<?xml version="1.0" encoding="UTF-8"?>
<site xmlns="urn:helseid-admin:site:1" version="1">
  <epj name="CGM Journal" version="144"/>
  <units>
    <unit name="Nordre testkommune" orgnr="311590839" nace="84.110" login="true">
{units}
    </unit>
  </units>
  <users>
    <user id="kari" name="Kari Testlege" birth-date="1966-05-17" fnr="17856642097" herid="8094412" hpr="431001110" current="true"/>
  </users>
</site>
''')

def spawn(path):
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, TERM="xterm-256color", LC_ALL="C.UTF-8",
                   HELSEID_ADMIN_DATADIR=DATADIR, NO_COLOR="1")
        os.execve(BIN, [BIN, "--site", path, "--lang", "en"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return pid, fd

def read_until(fd, needle, timeout=60):
    buf, end = b"", time.time() + timeout
    while needle not in buf and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try: buf += os.read(fd, 65536)
            except OSError: break
    if needle not in buf:
        raise SystemExit(f"timed out waiting for {needle!r}")
    return buf

def drain(fd, quiet=0.3):
    """Bytes until the terminal has been quiet for `quiet` seconds (one key's output)."""
    buf = b""
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r: return buf
        try: buf += os.read(fd, 65536)
        except OSError: return buf

def owner_enter(fd):
    """Enter on the owner step: a new number stays once to show Enhetsregisteret's
    answer (its name, or why it could not be verified), the next Enter moves on."""
    os.write(fd, b"\r")
    buf = read_until_any(fd, [b"sub-units (distinct", b"Enhetsregisteret: "])
    if b"sub-units (distinct" not in buf:
        os.write(fd, b"\r"); read_until(fd, b"sub-units (distinct")

def read_until_any(fd, needles, timeout=60):
    buf, end = b"", time.time() + timeout
    while not any(n in buf for n in needles) and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try: buf += os.read(fd, 65536)
            except OSError: break
    if not any(n in buf for n in needles):
        raise SystemExit(f"timed out waiting for one of {needles!r}")
    return buf

def to_subunits(fd):
    os.write(fd, b"\r"); read_until(fd, b"Create new configuration")
    os.write(fd, b"\r"); read_until(fd, b"Set the configuration owner")
    os.write(fd, b"311590839"); read_until(fd, b"311590839")
    drain(fd)
    owner_enter(fd)
    drain(fd)

def finish(pid, fd):
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    os.close(fd)

with tempfile.TemporaryDirectory() as tmp:
    # 1. bytes per cursor move in a 200-row list vs a full repaint.
    path = os.path.join(tmp, "s200.xml"); site(200, path)
    pid, fd = spawn(path)
    read_until(fd, b"< Next >")
    to_subunits(fd)
    os.write(fd, b"\t"); drain(fd)          # focus the list
    moves = []
    for _ in range(30):
        os.write(fd, b"\x1bOB"); moves.append(len(drain(fd)))   # Down (keypad mode)
    os.write(fd, b"\x0c"); full = len(drain(fd))
    finish(pid, fd)
    avg = sum(moves) / len(moves)
    print(f"cursor move in a 200-row list: {avg:.0f} bytes on average "
          f"(min {min(moves)}, max {max(moves)}, 30 moves incl. scrolling)")
    print(f"full repaint (Ctrl-L): {full} bytes; ratio {full / avg:.1f}x")

    # 2. load + diff + first paint of a 2,000-unit site, and peak RSS.
    path = os.path.join(tmp, "s2000.xml"); site(2000, path)
    t0 = time.monotonic()
    pid, fd = spawn(path)
    read_until(fd, b"< Next >")
    t_first = time.monotonic() - t0
    os.write(fd, b"\r"); read_until(fd, b"Create new configuration")
    os.write(fd, b"\r"); read_until(fd, b"Set the configuration owner")
    os.write(fd, b"311590839"); read_until(fd, b"311590839")
    drain(fd)
    t1 = time.monotonic()
    owner_enter(fd)
    t_sub = time.monotonic() - t1
    finish(pid, fd)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"2,000-unit site: first screen (lock, parse, validate, catalog, preflight rules) "
          f"{t_first * 1000:.0f} ms; sub-unit step (distinct set, diff, rules, paint) "
          f"{t_sub * 1000:.0f} ms")
    print(f"peak RSS of the wizard: {rss / 1024:.1f} MiB")
