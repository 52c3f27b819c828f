"""Driver for scripts/bench: moto on a free port, one fresh account per size.

Per size: apply, the no-op re-plan, a re-apply, a full status refresh (account and member
checklists) and the audit, each with wall time and AWS calls by operation. Then the apply
again on a fresh account through a loopback proxy that adds DELAY to every call (IAM is one
global endpoint: from Seoul a call is a 100-200 ms round trip), against its floor: the
calls spread over apply's CONCURRENCY parallel steps, each waiting DELAY."""
import http.client, http.server, json, os, socket, subprocess, sys, tempfile, threading, time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# cargo builds where CARGO_TARGET_DIR says (relative to the workspace root), else target/.
BIN = os.path.join(ROOT, os.environ.get("CARGO_TARGET_DIR") or "target", "debug", "baseline")
VENV = os.environ.get("BASELINE_VENV_DIR", os.path.join(ROOT, ".venv"))
DELAY = 0.080  # seconds added to each call by the delaying proxy
CONCURRENCY = 8  # apply::CONCURRENCY: steps run at once
MAX_CONNECTIONS = 64  # the proxy serves at most this many connections at once


class DelayingProxy(http.server.ThreadingHTTPServer):
    """A reverse proxy on 127.0.0.1 in front of moto that sleeps DELAY before each call."""

    daemon_threads = True

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(("127.0.0.1", 0), DelayingHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def process_request(self, request, client_address):
        self.slots.acquire()
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        super().shutdown_request(request)
        self.slots.release()


class DelayingHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the SDK's connection pool expects

    def log_message(self, *args):
        pass

    def forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(DELAY)
        up = http.client.HTTPConnection("127.0.0.1", self.server.upstream_port, timeout=60)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
            up.request(self.command, self.path, body=body, headers=headers)
            resp = up.getresponse()
            data = resp.read()
        finally:
            up.close()
        self.send_response(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() not in ("connection", "content-length", "transfer-encoding", "server", "date"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = forward


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def team(n):
    groups = ["backend", "frontend", "pm", "lead"]
    text = open(TEAM_INIT).read()
    for i in range(n):
        text += f'\n[[members]]\nuser = "member{i:04}"\nname = "Member {i}"\nemail = "m{i}@example.com"\ngroups = ["{groups[i % 4]}"]\n'
    return text


def run(args, env):
    start = time.perf_counter()
    p = subprocess.run([BIN, *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    stats = {}
    for line in p.stderr.splitlines():
        if line.startswith("stats: "):
            stats = json.loads(line[len("stats: "):])
    if p.returncode != 0:
        sys.exit(f"baseline {' '.join(args)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    return wall, stats, p.stdout


def show(label, wall, stats):
    calls = stats.get("calls", {})
    top = ", ".join(f"{k.split(':')[1]} {v}" for k, v in sorted(calls.items(), key=lambda kv: -kv[1]))
    print(f"  {label:<16} {wall:7.2f} s  {stats.get('total', 0):5} calls  ({top})")


def reset(port):
    """A fresh account: moto keys state by the account in the request."""
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/moto-api/reset", method="POST"))


def env_for(endpoint, home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="testing",
               AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1",
               AWS_CONFIG_FILE="/nonexistent", AWS_SHARED_CREDENTIALS_FILE="/nonexistent",
               BASELINE_HOME=home)
    return env


def delayed(n, port, proxy, path, home, local):
    """The apply of `path` on a fresh account through the delaying proxy, against its floor.
    `local`: the same apply without the delay (moto's and the keychain's own time)."""
    reset(port)
    wall, stats, _ = run(["apply", "--team", path, "--yes", "--json", "--stats"],
                         env_for(proxy.endpoint, os.path.join(home, f"{n}-delayed")))
    show(f"apply +{DELAY * 1000:.0f} ms", wall, stats)
    floor = stats.get("total", 0) * DELAY / CONCURRENCY
    if floor:
        print(f"  {'':<16} floor {floor:.2f} s (calls x {DELAY * 1000:.0f} ms / {CONCURRENCY}),"
              f" measured/floor {wall / floor:.2f}x (target <= 1.5x);"
              f" the delay added {wall - local:.2f} s to the {local:.2f} s apply without it")


INFRA = """
[infra]
name = "bench"

[infra.server]
ssh_from = ["203.0.113.7/32"]

[infra.database]
engine = "postgres"

[infra.dns]
domain = "bench.example"
"""


def infra(port, proxy, home):
    """Part 2 (server, database, domain in ap-northeast-2): plan, apply, no-op re-plan, status
    and destroy, on moto and through the delaying proxy."""
    text = open(TEAM_INIT).read().replace('home_region = "us-east-1"', 'home_region = "ap-northeast-2"')
    path = os.path.join(home, "team-infra.toml")
    with open(path, "w") as f:
        f.write(text + INFRA)
    for label, endpoint in [("moto", f"http://127.0.0.1:{port}"),
                            (f"+{DELAY * 1000:.0f} ms", proxy.endpoint)]:
        reset(port)
        env = env_for(endpoint, os.path.join(home, f"infra-{len(label)}"))
        print(f"Part 2 (server + database + zone), {label}")
        for name, args in [("plan", ["plan", "--json"]),
                           ("apply", ["apply", "--yes", "--json"]),
                           ("no-op re-plan", ["plan", "--json"]),
                           ("status", ["status", "--json"]),
                           ("destroy", ["destroy", "--include-dns", "--yes", "--json"])]:
            wall, stats, _ = run([*args, "--team", path, "--stats"] if name != "status"
                                 else [*args, "--team", path, "--stats"], env)
            show(name, wall, stats)


def main(sizes, run_infra):
    port = free_port()
    moto = subprocess.Popen(
        [os.path.join(VENV, "moto", "bin", "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        env={**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",
             "MOTO_ENABLE_AMI_VALIDATION": "true", "MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION": "true",
             "MOTO_ENABLE_KEYPAIR_VALIDATION": "true"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        home = tempfile.mkdtemp()
        global TEAM_INIT
        TEAM_INIT = os.path.join(home, "starter.toml")
        subprocess.run([BIN, "init", "--team", TEAM_INIT], check=True, capture_output=True)
        proxy = DelayingProxy(port)
        print(f"baseline bench — moto on 127.0.0.1:{port}, debug build, {os.cpu_count()} cores;"
              f" delaying proxy on {proxy.endpoint}")
        if run_infra:
            infra(port, proxy, home)
        for n in sizes:
            env = env_for(f"http://127.0.0.1:{port}", os.path.join(home, str(n)))
            reset(port)
            path = os.path.join(home, f"team-{n}.toml")
            with open(path, "w") as f:
                f.write(team(n))
            print(f"N = {n} members ({n} console passwords)")
            wall, stats, _ = run(["apply", "--team", path, "--yes", "--json", "--stats"], env)
            show("apply", wall, stats)
            local = wall
            wall, stats, out = run(["plan", "--team", path, "--json", "--stats"], env)
            summary = json.loads(out)["summary"]
            show("no-op re-plan", wall, stats)
            print(f"  {'':<16} summary {summary}")
            wall, stats, _ = run(["apply", "--team", path, "--yes", "--json", "--stats"], env)
            show("re-apply", wall, stats)
            wall, stats, _ = run(["status", "--team", path, "--json", "--stats"], env)
            show("status refresh", wall, stats)
            wall, stats, _ = run(["audit", "--json", "--stats"], env)
            show("audit", wall, stats)
            delayed(n, port, proxy, path, home, local)
    finally:
        moto.terminate()


if __name__ == "__main__":
    words = [a for arg in sys.argv[1:] for a in arg.split()]
    sizes = [int(a) for a in words if a != "infra"]
    main(sizes if words else [10, 100, 500], "infra" in words or not words)
