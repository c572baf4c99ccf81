#!/usr/bin/python3
"""A stand-in for a person at a graphical browser, for the hand-off tests: given the
confirmation URL (as $BROWSER gets it), log in to the simulator's portal as the first
test person, choose the Konfigurasjonseier the page preselects, type an e-mail address
and press Bekreft (or Avbryt). The portal's 303 then goes to our loopback, as a real
browser's would.

Environment:
  BROWSER_SIM_CA      the simulator's CA certificate (required; a glob is allowed)
  BROWSER_SIM_ACTION  confirm (default) or cancel
  BROWSER_SIM_FOLLOW  1 (default): follow the redirect to the loopback;
                      0: do not, write its address to BROWSER_SIM_OUT (the SSH case:
                      the browser runs elsewhere and the page cannot be reached)
  BROWSER_SIM_OUT     a log: "opened URL" at the start, then "fds N..." (the open
                      descriptors it inherited) and "env NAME..." (inherited HELSEID_*
                      variables, "env -" if none), then "confirmed URL" or "error ..."
                      (or the address not followed, in the SSH case)
"""
import glob
import html
import http.cookiejar
import os
import re
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Stop at redirects that leave the portal (the loopback): record, do not follow."""
    def __init__(self, follow):
        self.follow = follow
        self.loopback = None

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        # The portal is https (the simulator also listens on 127.0.0.1); the
        # loopback redirect is plain http.
        parts = urllib.parse.urlsplit(newurl)
        if parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost"):
            self.loopback = newurl
            if not self.follow:
                return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def attr(pattern, text):
    m = re.search(pattern, text)
    if not m:
        raise RuntimeError("page without " + pattern)
    return html.unescape(m.group(1))


def inherited():
    """The descriptors open at start (fstat opens none itself) and HELSEID_* names."""
    fds = []
    for fd in range(1024):
        try:
            os.fstat(fd)
            fds.append(str(fd))
        except OSError:
            pass
    names = sorted(k for k in os.environ if k.startswith("HELSEID_"))
    return "fds %s\nenv %s\n" % (" ".join(fds), " ".join(names) or "-")


def main():
    seen = inherited()
    url = sys.argv[-1]
    out = os.environ.get("BROWSER_SIM_OUT")
    action = os.environ.get("BROWSER_SIM_ACTION", "confirm")
    follow = os.environ.get("BROWSER_SIM_FOLLOW", "1") == "1"
    if out:
        with open(out, "a") as f:
            f.write("opened %s\n" % url)
            f.write(seen)
    # A glob: the bundled simulator of `--env demo` keeps its CA in a private folder.
    cas = sorted(glob.glob(os.environ["BROWSER_SIM_CA"]))
    ctx = ssl.create_default_context(cafile=cas[0] if cas else os.environ["BROWSER_SIM_CA"])
    redirects = NoRedirect(follow)
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=ctx), redirects,
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    base = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(url))

    def post(path, fields):
        data = urllib.parse.urlencode(fields).encode()
        try:
            with opener.open(base + path, data=data, timeout=20) as r:
                return r.read().decode()
        except urllib.error.HTTPError as e:
            if redirects.loopback and not follow:
                return ""
            raise RuntimeError("HTTP %d from %s: %s" % (e.code, path, e.read()[:300]))

    with opener.open(url, timeout=20) as r:
        page = r.read().decode()
    # The login standing in for HelseID/BankID: the first test person.
    page = post(attr(r'<form method="post" action="([^"]+)"', page),
                {"return": attr(r'name="return" value="([^"]*)"', page),
                 "person": attr(r'name="person" id="p0" value="([^"]+)"', page)})
    form = attr(r'<form method="post" action="([^"]+)"', page)
    owner = attr(r'<option value="(\d{9})" selected>', page)
    fields = {"owner": owner, "email": "drift@nordre.example", "action": action}
    if action == "cancel":
        fields = {"action": "cancel"}
    post(form, fields)
    if out:
        with open(out, "a") as f:
            f.write("%s %s\n" % ("confirmed" if action == "confirm" else "cancelled",
                                 redirects.loopback or "-"))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # noqa: BLE001 - report any failure to the test's log
        out = os.environ.get("BROWSER_SIM_OUT")
        if out:
            with open(out, "a") as f:
                f.write("error %s\n" % e)
        sys.exit(1)
