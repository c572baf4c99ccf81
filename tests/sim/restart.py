"""helseid-sim --state: what one run created is there in the next (clients, keys,
scopes, claims, children, redirect URIs, confirmation, SFM-IDs, drafts), a client
confirmed before the restart is live at once, and a state file the simulator cannot
trust stops it with exit status 1 instead of being replaced."""
import json, os, subprocess, sys, tempfile, faulthandler
faulthandler.dump_traceback_later(int(os.environ.get("SIM_TEST_WATCHDOG", "120")), exit=True)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from simlib import *

SB = {"grant_type": "client_credentials", "scope": "nhn:selvbetjening/client"}
SFM_SCOPES = ["nhn:selvbetjening/client", "e-helse:sfm.api/sfm.api2"]
work = tempfile.mkdtemp(prefix="simrestart-")
state_file = os.path.join(work, "state.json")

# --- first run: a confirmed client, an SFM client and a draft ---
# Propagation of 600 s: only the reload can make the confirmed client live in this test.
sim = Sim("--propagation", "600", state=state_file)
is_(sim.urls.get("clients"), 0, "first start: no clients in the startup line")
key, dkey = new_key(), new_key()
cid = create_confirmed_client(sim, key, childOrganizationNumbers=["219378653"],
                              redirectUris=["http://127.0.0.1:8089/login", "http://127.0.0.1:8090/cb"],
                              apiScopes=["nhn:selvbetjening/client", "nhn:hgd-persontjenesten-api/full-access"])
st, h, d = get_token(sim, cid, key, dkey, SB)
is_(d.get("error"), "invalid_client", "before the restart the client is still propagating")
ksfm = new_key()
sfm_cid = create_confirmed_client(sim, ksfm, org="311590839", apiScopes=SFM_SCOPES)
kdraft = new_key()
draft_cid = sim.json("POST", "/selvbetjening/api/v1/client-drafts", draft_body(kdraft), API_KEY)[2]["clientId"]
before = sim.state()
sfm_id = before["sfmIds"].get("311590839")
ok(sfm_id, "the SFM client's organisation got an SFM-ID")
is_(sim.stop(), 0, "SIGTERM: clean stop")
ok(os.path.exists(state_file) and not os.path.exists(state_file + ".tmp"),
   "state file written, no temporary file left behind")

# --- second run, same file ---
sim = Sim("--propagation", "600", state=state_file)
is_(sim.urls.get("clients"), 3, "restart: the startup line counts the restored clients")
after = sim.state()
for field in ("organizationNumber", "state", "keys", "apiScopes", "audienceSpecificClientClaims",
              "childOrganizationNumbers", "redirectUris", "postClientConfirmationRedirectUri",
              "confirmedBy", "confirmedAt"):
    is_(after["clients"][cid].get(field), before["clients"][cid].get(field), "restored client keeps " + field)
is_(after["clients"][draft_cid]["state"], "draft", "the draft is still a draft")
is_(after["sfmIds"], before["sfmIds"], "SFM-IDs per organisation restored")
is_(after["events"], before["events"], "events restored")

st, h, tok = get_token(sim, cid, key, dkey, SB)
is_(st, 200, "restored client gets a token: propagation counts as done after the reload")
st, h, client = api_call(sim, "GET", "/v1/client", tok["access_token"], dkey)
is_(st, 200, "GET /v1/client answers for the restored client")
is_(client and client.get("clientId"), cid, "GET /v1/client: the same client")
is_(client and client.get("childOrganizationNumbers"), ["219378653"], "GET /v1/client: child org numbers")
scopes = dict((s["scope"], s["status"]) for s in (client or {}).get("apiScopes", []))
is_(scopes.get("nhn:hgd-persontjenesten-api/full-access"), "pending", "GET /v1/client: scope status kept")
st, h, t = get_token(sim, sfm_cid, ksfm, dkey, {"grant_type": "client_credentials", "scope": "e-helse:sfm.api/sfm.api2"})
is_(st, 200, "restored SFM client gets an SFM token")

# The hand-off resumed in a later run: the draft is confirmed now and works.
is_(get_token(sim, draft_cid, kdraft, dkey, SB)[2].get("error"), "invalid_client", "restored draft gets no token")
sim.json("POST", "/admin/confirm", {"clientId": draft_cid})
is_(sim.state()["clients"][draft_cid]["state"], "confirmed", "restored draft can be confirmed")

# The SFM-ID rule sees the restored SFM-ID: a draft without the claim loses it.
sim.json("POST", "/selvbetjening/api/v1/client-drafts", draft_body(new_key(), org="311590839", apiScopes=SFM_SCOPES), API_KEY)
lost = [e for e in sim.state()["events"] if e["type"] == "sfm-id-lost"]
ok(len(lost) == 1 and lost[0]["previousSfmId"] == sfm_id, "the restored SFM-ID is the one a new draft would replace")
is_(sim.stop(), 0, "second run: clean stop")

# --- --sfm on the command line wins over the file ---
sim = Sim("--sfm", "311590839=11111111-2222-4333-8444-555555555555", state=state_file)
is_(sim.state()["sfmIds"]["311590839"], "11111111-2222-4333-8444-555555555555", "--sfm overrides the file's SFM-ID")
is_(sim.stop(), 0, "third run: clean stop")

# --- state files the simulator must refuse ---
exe = os.path.join(os.environ.get("top_builddir", "."), "helseid-sim")
env = dict(os.environ)
env.setdefault("HELSEID_ADMIN_DATADIR", os.path.join(os.environ.get("top_srcdir", "."), "data"))
good = json.load(open(state_file))

def refused(content, name, expect):
    path = os.path.join(work, "bad.json")
    if isinstance(content, (dict, list)):
        content = json.dumps(content)
    with open(path, "w") as f:
        f.write(content)
    p = subprocess.run([exe, "--port", "0", "--ca-out", os.path.join(work, "ca.pem"), "--state", path],
                       capture_output=True, text=True, timeout=60, env=env)
    ok(p.returncode == 1 and p.stdout == "" and p.stderr.startswith("helseid-sim: ") and
       path in p.stderr and expect in p.stderr, "refused, exit 1: " + name)
    if p.returncode != 1 or expect not in p.stderr:
        print("#   rc=%d stderr=%r" % (p.returncode, p.stderr))
    is_(open(path).read(), content, "refused file left as it was: " + name)

refused("{\"clients\": {\"x\"", "truncated JSON", "not a JSON object")
refused("", "empty file", "not a JSON object")
refused([], "JSON array", "not a JSON object")
refused(dict(good, stateVersion=99), "unknown version", "unknown version")
refused(dict(good, clients=[]), "clients not an object", "'clients'")
broken = json.loads(json.dumps(good))
del broken["clients"][cid]["keys"]
refused(broken, "a client without keys", "'clients/%s/keys'" % cid)
broken = json.loads(json.dumps(good))
broken["clients"][cid]["keys"][0]["jwk"]["x"] = "not-a-point"
refused(broken, "a client key that is no key", "'clients/%s/keys'" % cid)
broken = json.loads(json.dumps(good))
broken["clients"][cid]["keys"][0]["jwk"]["d"] = broken["clients"][cid]["keys"][0]["jwk"]["x"]
refused(broken, "a client key with private material", "'clients/%s/keys'" % cid)
broken = json.loads(json.dumps(good))
broken["clients"][cid]["state"] = "deleted"
refused(broken, "an unknown client state", "'clients/%s/state'" % cid)
broken = json.loads(json.dumps(good))
broken["clients"][cid]["apiScopes"] = ["nhn:selvbetjening/client"]
refused(broken, "scopes without status", "'clients/%s/apiScopes'" % cid)
broken = json.loads(json.dumps(good))
broken["clients"][cid]["clientId"] = "someone-else"
refused(broken, "clientId differing from its name", "'clients/%s/clientId'" % cid)
broken = json.loads(json.dumps(good))
broken["clients"][cid]["organizationNumber"] = "123456789"
refused(broken, "invalid organisation number", "organizationNumber")
broken = json.loads(json.dumps(good))
broken["sfmIds"]["311590839"] = 7
refused(broken, "SFM-ID not a string", "'sfmIds/311590839'")

# A dump from before stateVersion existed is still read.
old_dump = os.path.join(work, "old.json")
with open(old_dump, "w") as f:
    json.dump(dict((k, v) for k, v in good.items() if k != "stateVersion"), f)
sim = Sim(state=old_dump)
is_(sim.urls.get("clients"), len(good["clients"]), "a dump without stateVersion is loaded")
is_(sim.stop(), 0, "and the simulator stops cleanly")
is_(json.load(open(old_dump)).get("stateVersion"), 1, "the rewritten file carries stateVersion 1")

p = subprocess.run([exe, "--port", "0", "--ca-out", os.path.join(work, "ca.pem"), "--state", work],
                   capture_output=True, text=True, timeout=60, env=env)
ok(p.returncode == 1 and "cannot read the state file" in p.stderr, "a directory as state file: exit 1, cannot read")
done()
