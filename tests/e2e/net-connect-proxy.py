#!/usr/bin/python3
"""A minimal HTTP CONNECT proxy for the src/net tests (is HTTPS_PROXY honoured?).
Usage: net-connect-proxy.py PORTFILE LOGFILE allow|deny
Logs "CONNECT host:port" per tunnel; 'deny' answers 403 to every CONNECT."""
import os
import select
import socket
import socketserver
import sys

PORTFILE, LOGFILE, MODE = sys.argv[1:4]


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        c = self.request
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 8192:
            chunk = c.recv(4096)
            if not chunk:
                return
            data += chunk
        line = data.split(b"\r\n", 1)[0].decode("latin-1")
        parts = line.split()
        with open(LOGFILE, "a") as f:
            f.write(" ".join(parts[:2]) + "\n")
        if len(parts) != 3 or parts[0] != "CONNECT" or MODE == "deny":
            c.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        host, port = parts[1].rsplit(":", 1)
        try:
            u = socket.create_connection((host, int(port)), timeout=10)
        except OSError:
            c.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        c.sendall(b"HTTP/1.1 200 Connection established\r\nX-Proxy: test\r\n\r\n")
        socks = [c, u]
        while True:
            r, _, _ = select.select(socks, [], [], 30)
            if not r:
                return
            for s in r:
                b = s.recv(65536)
                if not b:
                    return
                (u if s is c else c).sendall(b)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


srv = Server(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(PORTFILE + ".tmp", PORTFILE)
srv.serve_forever()
