"""helseid-sim command line: --auto-confirm, --api-key-file, --fault, usage errors."""
import os, subprocess, sys, tempfile, faulthandler
faulthandler.dump_traceback_later(int(os.environ.get("SIM_TEST_WATCHDOG", "120")), exit=True)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from simlib import *

exe = os.path.join(os.environ.get("top_builddir", "."), "helseid-sim")
def run(*args):
    p = subprocess.run([exe] + list(args), capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr
rc, out, err = run("--help")
ok(rc == 0 and "--propagation" in out, "--help exits 0 and lists the options")
rc, out, err = run("--version")
ok(rc == 0 and "helseid-sim" in out, "--version")
for args, name in [(["--port", "70000"], "port out of range"), (["--propagation", "9-3"], "reversed propagation range"),
                   (["--fault", "/x:teapot"], "unknown fault kind"), (["--fault", "nopath:500"], "fault path without /"),
                   (["--sfm", "123=abc"], "bad --sfm"), (["extra"], "stray argument")]:
    rc, out, err = run(*args)
    ok(rc == 2 and err.startswith("helseid-sim: ") and out == "", "usage error: " + name)
rc, out, err = run("--api-key-file", "/nonexistent/key", "--port", "0")
ok(rc == 1 and "api key" in err, "unreadable api key file: exit 1")
rc, out, err = run("--fixture", "/nonexistent/brreg.json", "--port", "0")
ok(rc == 1 and "fixture" in err, "missing fixture: exit 1")

keyfile = os.path.join(tempfile.mkdtemp(), "key")
with open(keyfile, "w") as f:
    f.write("s3cret-vendor-key\n")
sim = Sim("--auto-confirm", "--api-key-file", keyfile, "--fault", "/sts/.well-known/openid-configuration:500:2")
is_(sim.request("GET", "/sts/.well-known/openid-configuration")[0], 500, "--fault: first call fails")
is_(sim.request("GET", "/sts/.well-known/openid-configuration")[0], 500, "--fault: second call fails")
st, h, disc = sim.json("GET", "/sts/.well-known/openid-configuration")
is_(st, 200, "--fault used up after N")
is_(disc["issuer"], sim.urls["authority"], "issuer = authority URL")
is_(disc["token_endpoint"], sim.urls["authority"] + "/connect/token", "token endpoint in discovery")
ok("RS256" not in disc["token_endpoint_auth_signing_alg_values_supported"], "discovery does not offer RS256 assertions")
is_(disc["code_challenge_methods_supported"], ["S256"], "only S256 PKCE")
key, dkey = new_key(), new_key()
is_(sim.json("POST", "/selvbetjening/api/v1/client-drafts", draft_body(key), API_KEY)[0], 401,
    "default api key refused when --api-key-file is given")
st, h, d = sim.json("POST", "/selvbetjening/api/v1/client-drafts", draft_body(key), {"api-key": "s3cret-vendor-key"})
is_(st, 200, "api key from the file accepted")
is_(sim.state()["clients"][d["clientId"]]["state"], "confirmed", "--auto-confirm confirms the draft")
is_(get_token(sim, d["clientId"], key, dkey, {"grant_type": "client_credentials",
                                             "scope": "nhn:selvbetjening/client"})[0], 200,
    "auto-confirmed client gets a token (propagation 0)")
ok("s3cret-vendor-key" not in open(os.path.join(sim.dir, "state.json")).read(), "api key not in the state dump")
is_(sim.stop(), 0, "clean stop")
done()
