"""Release figures of the Baseline binary; run by scripts/release-figures inside its own
Xvfb display and D-Bus session (DISPLAY, DBUS_SESSION_BUS_ADDRESS and the emulator
environment are set by the caller)."""

import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

POLL = 0.01  # seconds between looks for the window
IDLE_AT = 4.0  # PSS is read this long after exec
TIMEOUT = 30.0
PAINTED_COLOURS = 32  # distinct colours that mean the page (text, logo) is drawn


def window_visible():
    """The id of a mapped (viewable) top-level window titled exactly "Baseline", or None."""
    out = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", "^Baseline$"],
        capture_output=True, text=True,
    )
    ids = out.stdout.split()
    return ids[0] if out.returncode == 0 and ids else None


def colours(window):
    """How many distinct colours the window shows now (ImageMagick's import)."""
    out = subprocess.run(
        ["import", "-silent", "-window", window, "-format", "%k", "info:"],
        capture_output=True, text=True,
    )
    try:
        return int(out.stdout.strip())
    except ValueError:
        return 0


def children():
    """pid -> list of child pids, from /proc."""
    kids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def tree(root):
    kids, out, todo = children(), [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def one_run(binary, work, n):
    home = os.path.join(work, f"home-{n}")
    env = dict(os.environ, BASELINE_HOME=home)
    start = time.monotonic()
    app = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL,
                           stderr=open(os.path.join(work, f"app-{n}.log"), "w"))
    window = wid = painted = None
    while time.monotonic() - start < TIMEOUT:
        wid = window_visible()
        if wid:
            window = time.monotonic() - start
            break
        if app.poll() is not None:
            sys.exit(f"run {n}: the app exited ({app.returncode}) before its window showed")
        time.sleep(POLL)
    if window is None:
        app.kill()
        sys.exit(f"run {n}: no window within {TIMEOUT:.0f} s")
    # The page on screen: the blank window (one or two colours) turns into text, icons and
    # anti-aliasing. Coarser: each look grabs the whole window.
    while time.monotonic() - start < TIMEOUT:
        if colours(wid) >= PAINTED_COLOURS:
            painted = time.monotonic() - start
            break
        time.sleep(POLL)
    time.sleep(max(0.0, IDLE_AT - (time.monotonic() - start)))
    pids = tree(app.pid)
    parts = {}
    for pid in pids:
        parts[f"{comm(pid)}[{pid}]"] = pss_kib(pid)
    app.send_signal(signal.SIGTERM)
    try:
        app.wait(10)
    except subprocess.TimeoutExpired:
        app.kill()
        app.wait()
    time.sleep(0.5)  # let the WebKit children go before the next run
    shutil.rmtree(home, ignore_errors=True)
    return window, painted, sum(parts.values()) / 1024, parts


def main():
    binary, runs, work, deb = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    size = os.path.getsize(binary)
    print(f"binary: {binary}")
    print(f"binary size: {size / 1e6:.1f} MB ({size} bytes)")
    if deb:
        print(f"package: {deb}: {os.path.getsize(deb) / 1e6:.1f} MB")
    windows, paints, psss = [], [], []
    for n in range(1, runs + 1):
        window, painted, pss, parts = one_run(binary, work, n)
        windows.append(window)
        paints.append(painted if painted is not None else float("nan"))
        psss.append(pss)
        detail = ", ".join(f"{k} {v / 1024:.0f}" for k, v in parts.items())
        print(f"run {n}: window {window * 1000:.0f} ms, page drawn {paints[-1] * 1000:.0f} ms, "
              f"idle PSS {pss:.0f} MB ({detail})")
    print(f"window (exec to visible): median {statistics.median(windows) * 1000:.0f} ms, "
          f"runs {', '.join(f'{w * 1000:.0f}' for w in windows)} ms (polled every {POLL * 1000:.0f} ms)")
    print(f"page drawn (exec to >= {PAINTED_COLOURS} colours in the window): median "
          f"{statistics.median(paints) * 1000:.0f} ms, runs {', '.join(f'{p * 1000:.0f}' for p in paints)} ms")
    print(f"idle PSS at {IDLE_AT:.0f} s: median {statistics.median(psss):.0f} MB, "
          f"runs {', '.join(f'{p:.0f}' for p in psss)} MB")


if __name__ == "__main__":
    main()
