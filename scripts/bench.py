"""Driver for scripts/bench: moto on a free port, one fresh account per size.

Per size: apply, the no-op re-plan, a re-apply, a full status refresh (account and member
checklists) and the audit, each with wall time and AWS calls by operation."""
import json, os, socket, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "debug", "baseline")
VENV = os.environ.get("BASELINE_VENV_DIR", os.path.join(ROOT, ".venv"))


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


def main(sizes):
    port = free_port()
    moto = subprocess.Popen(
        [os.path.join(VENV, "moto", "bin", "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        env={**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"},
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
        print(f"baseline bench — moto on 127.0.0.1:{port}, debug build, {os.cpu_count()} cores")
        for n in sizes:
            env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
            env.update(AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}", AWS_ACCESS_KEY_ID="testing",
                       AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1",
                       AWS_CONFIG_FILE="/nonexistent", AWS_SHARED_CREDENTIALS_FILE="/nonexistent",
                       BASELINE_HOME=os.path.join(home, str(n)))
            # A fresh account per size: moto keys state by the account in the request.
            urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/moto-api/reset", method="POST"))
            path = os.path.join(home, f"team-{n}.toml")
            with open(path, "w") as f:
                f.write(team(n))
            print(f"N = {n} members ({n} console passwords)")
            wall, stats, _ = run(["apply", "--team", path, "--yes", "--json", "--stats"], env)
            show("apply", wall, stats)
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
    finally:
        moto.terminate()


if __name__ == "__main__":
    sizes = [int(a) for arg in sys.argv[1:] for a in arg.split()] or [10, 100, 500]
    main(sizes)
