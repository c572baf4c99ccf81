#!/usr/bin/python3
"""A small HTTPS server for the src/net end-to-end tests (stands in for the simulator).

Usage: net-tls-server.py CERT KEY PORTFILE DATADIR [DELAY_MS]
Binds 127.0.0.1:0, writes its port to PORTFILE, serves until killed.
DELAY_MS (default 0) delays every answer (the preflight benchmark's injected latency).

Paths:
  /ok                    200 JSON; DPoP-Nonce, Location headers; Date (always sent)
  /status/N              answers HTTP N
  /big                   3 MiB with Content-Length
  /big-chunked           3 MiB chunked (no length known in advance)
  /slow                  never answers (holds the connection 30 s)
  /flaky/ID              503 twice, then 200; counted per ID
  /always503/ID          503 always; counted per ID (any method)
  /retry-after/ID        429 with Retry-After: 1 once, then 200
  /retry-after-long/ID   429 with Retry-After: 3600 (too long to wait)
  /count/ID              how many requests /flaky|/always503|/retry-after* saw for ID
  /echo                  the request's headers and body length as JSON
  /.well-known/openid-configuration   a minimal discovery document
  /enhetsregisteret/api/enheter/NNN, /underenheter/NNN, /underenheter?overordnetEnhet=
                         fixture answers from DATADIR (tests/data/brreg)
"""
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CERT, KEY, PORTFILE, DATADIR = sys.argv[1:5]
DELAY = int(sys.argv[5]) / 1000.0 if len(sys.argv) > 5 else 0.0
counts = {}
lock = threading.Lock()

ENTITIES = {
    "enheter": {
        "311590839": "enhet-311590839.json",
        "310166138": "orgl-310166138.json",
        "217975433": "deleted-217975433.json",
        "212319481": "konkurs-212319481.json",
        "315260183": "avvikling-315260183.json",
        "311111111": "malformed-truncated.json",
    },
    "underenheter": {
        "311860917": "underenhet-311860917.json",
    },
}
GONE = {"312222222"}         # 410: removed for legal reasons
BROKEN = {"313333333"}       # 500 from the registry


def bump(key):
    with lock:
        counts[key] = counts.get(key, 0) + 1
        return counts[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body=b"", ctype="application/json", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass        # the client stopped reading (size cap): expected

    def fixture(self, name):
        with open(os.path.join(DATADIR, name), "rb") as f:
            return f.read()

    def brreg(self, path, query):
        rest = path[len("/enhetsregisteret/api/"):]
        parts = rest.split("/")
        if parts == ["underenheter"] and "overordnetEnhet" in query:
            parent = query["overordnetEnhet"][0]
            page = int(query.get("page", ["0"])[0])
            if parent == "310166138" and page in (0, 1):
                return self.send(200, self.fixture("subunits-310166138-page%d.json" % page))
            return self.send(200, self.fixture("subunits-empty.json"))
        if len(parts) == 2 and parts[0] in ENTITIES:
            orgnr = parts[1]
            if orgnr in GONE:
                return self.send(410, b'{"status":410}')
            if orgnr in BROKEN:
                return self.send(500, b"internal error")
            name = ENTITIES[parts[0]].get(orgnr)
            if name:
                return self.send(200, self.fixture(name))
            return self.send(404, b'{"status":404,"error":"Not Found"}')
        return self.send(400, b'{"status":400}')

    def handle_any(self):
        if DELAY:
            time.sleep(DELAY)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urllib.parse.urlsplit(self.path)
        path, query = url.path, urllib.parse.parse_qs(url.query)
        seg = path.split("/")
        if path == "/ok":
            return self.send(200, b'{"ok":true}', headers=[("DPoP-Nonce", "nonce-123"),
                                                           ("Location", "https://example.invalid/next")])
        if len(seg) == 3 and seg[1] == "status":
            return self.send(int(seg[2]), b'{"error":"status %s"}' % seg[2].encode())
        if path == "/big":
            return self.send(200, b"x" * (3 << 20))
        if path == "/big-chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"y" * 65536
            try:
                for _ in range(48):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
            return
        if path == "/slow":
            time.sleep(30)
            return
        if len(seg) == 3 and seg[1] == "flaky":
            n = bump(path)
            return self.send(503 if n <= 2 else 200, b'{"n":%d}' % n)
        if len(seg) == 3 and seg[1] == "always503":
            bump(path)
            return self.send(503, b"down")
        if len(seg) == 3 and seg[1] == "retry-after":
            n = bump(path)
            if n == 1:
                return self.send(429, b"", headers=[("Retry-After", "1")])
            return self.send(200, b'{"n":%d}' % n)
        if len(seg) == 3 and seg[1] == "retry-after-long":
            bump(path)
            return self.send(429, b"", headers=[("Retry-After", "3600")])
        if len(seg) == 3 and seg[1] == "count":
            with lock:
                n = sum(v for k, v in counts.items() if k.endswith("/" + seg[2]))
            return self.send(200, b'{"count":%d}' % n)
        if path == "/echo":
            hdrs = {k.lower(): v for k, v in self.headers.items()}
            return self.send(200, json.dumps({"method": self.command, "headers": hdrs,
                                              "body_len": len(body)}).encode())
        if path == "/.well-known/openid-configuration":
            return self.send(200, b'{"issuer":"https://127.0.0.1","token_endpoint":"https://127.0.0.1/connect/token"}')
        if path.startswith("/enhetsregisteret/api/"):
            return self.brreg(path, query)
        return self.send(404, b'{"error":"not found"}')

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


def main():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(CERT, KEY)
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    tmp = PORTFILE + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, PORTFILE)
    srv.serve_forever()


if __name__ == "__main__":
    main()
