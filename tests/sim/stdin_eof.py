"""helseid-sim --exit-on-stdin-eof: the simulator stops cleanly (as on SIGTERM) when
its standard input reaches end of file, so a simulator whose parent was killed does
not linger; and the startup line says whether auto-confirm is on."""
import os, signal, subprocess, sys, tempfile, time, faulthandler
faulthandler.dump_traceback_later(int(os.environ.get("SIM_TEST_WATCHDOG", "120")), exit=True)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from simlib import *

def gone(pid):
    """True once pid has exited (a zombie counts: it no longer runs)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True

def wait_gone(pid, seconds=20):
    deadline = time.monotonic() + seconds
    while not gone(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)   # polling interval, not a synchronisation
    return True

# Startup line: auto_confirm and api_nonce as booleans.
sim = Sim("--exit-on-stdin-eof", stdin=subprocess.PIPE)
is_(sim.urls.get("auto_confirm"), False, "startup line: auto_confirm false by default")
is_(sim.urls.get("api_nonce"), False, "startup line: api_nonce false by default")
is_(sim.json("GET", "/admin/health")[2], {"status": "ok", "auto_confirm": False, "api_nonce": False},
    "GET /admin/health: auto_confirm and api_nonce false by default")
is_(sim.request("GET", "/admin/health")[0], 200, "serving while stdin is open")
ok(sim.proc.poll() is None, "still running while the pipe is open")
sim.proc.stdin.write("anything written is ignored\n")
sim.proc.stdin.flush()
is_(sim.request("GET", "/admin/health")[0], 200, "data on stdin does not stop it")
sim.proc.stdin.close()
try:
    rc = sim.proc.wait(timeout=20)
except subprocess.TimeoutExpired:
    rc = None
is_(rc, 0, "end of file on stdin: exits with status 0 within the deadline")
ok(os.path.exists(sim.state_file) and not os.path.exists(sim.state_file + ".tmp"),
   "state file left whole on the way out")

sim = Sim("--auto-confirm", "--api-nonce", stdin=subprocess.PIPE)
is_(sim.urls.get("auto_confirm"), True, "startup line: auto_confirm true with --auto-confirm")
is_(sim.urls.get("api_nonce"), True, "startup line: api_nonce true with --api-nonce")
is_(sim.json("GET", "/admin/health")[2], {"status": "ok", "auto_confirm": True, "api_nonce": True},
    "GET /admin/health reports the same switches")
sim.proc.stdin.close()
is_(sim.request("GET", "/admin/health")[0], 200, "without the option, end of file on stdin changes nothing")
ok(sim.proc.poll() is None, "without the option the simulator keeps running")
is_(sim.stop(), 0, "SIGTERM still stops it")

# The real case: the parent holding the pipe is killed with SIGKILL.
exe = os.path.join(os.environ.get("top_builddir", "."), "helseid-sim")
work = tempfile.mkdtemp(prefix="simeof-")
parent_code = r'''
import os, subprocess, sys
r, w = os.pipe()
out = open(sys.argv[2], "w")
p = subprocess.Popen([sys.argv[1], "--port", "0", "--ca-out", sys.argv[3], "--exit-on-stdin-eof"],
                     stdin=r, stdout=out)
os.close(r)
print(p.pid, flush=True)
sys.stdin.read()      # wait to be killed, holding w
'''
urls = os.path.join(work, "urls.json")
env = dict(os.environ)
env.setdefault("HELSEID_ADMIN_DATADIR", os.path.join(os.environ.get("top_srcdir", "."), "data"))
parent = subprocess.Popen([sys.executable, "-c", parent_code, exe, urls, os.path.join(work, "ca.pem")],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
sim_pid = int(parent.stdout.readline())
deadline = time.monotonic() + 20
while not (os.path.exists(urls) and os.path.getsize(urls) > 0) and time.monotonic() < deadline:
    time.sleep(0.02)
ok(os.path.getsize(urls) > 0 and not gone(sim_pid), "simulator started by a parent holding the pipe")
parent.send_signal(signal.SIGKILL)
parent.wait()
ok(wait_gone(sim_pid), "parent killed with SIGKILL: the simulator exits by itself")
if not gone(sim_pid):
    os.kill(sim_pid, signal.SIGKILL)
done()
