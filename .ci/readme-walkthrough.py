#!/usr/bin/env python3
"""Runs the README's walkthrough exactly as written (issue 14: every
walkthrough copy-paste safe).

Takes the ```sh blocks of the section "Walkthrough: your own merchant…",
starts the release server on its default address with a fresh database in
a scratch directory (linked to this checkout's target/ and docs/), starts
the stand-in the walkthrough's step 0 names, and runs every other block, in
order, in one bash with `set -euo pipefail`. Then checks that the stand-in
received what the walkthrough says it does. Needs the release binary
(`.ci/bench-smoke` builds it) and ports 8080 and 9000 free.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
SECTION = "## Walkthrough: your own merchant"


def blocks(readme):
    start = readme.index(SECTION)
    end = readme.find("\n## ", start + len(SECTION))
    section = readme[start : end if end > 0 else len(readme)]
    found = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [textwrap_dedent(b) for b in found]


def textwrap_dedent(block):
    lines = block.splitlines()
    indent = min((len(l) - len(l.lstrip()) for l in lines if l.strip()), default=0)
    return "\n".join(l[indent:] for l in lines) + "\n"


def port_free(port):
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def wait_for(url, what):
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"readme-walkthrough: {what} did not start")


def main():
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    steps = blocks(readme)
    stand_in = [b for b in steps if "stand_in.py" in b]
    commands = [b for b in steps if "stand_in.py" not in b]
    if len(stand_in) != 1 or len(commands) < 5:
        sys.exit(f"readme-walkthrough: expected the stand-in and its steps, found {len(steps)} blocks")
    busy = [p for p in (8080, 9000) if not port_free(p)]
    if busy:
        sys.exit(f"readme-walkthrough: ports {busy} are in use; the walkthrough needs them")
    work = tempfile.mkdtemp(prefix="gyeolje-readme-")
    os.symlink(TARGET, os.path.join(work, "target"))
    os.symlink(os.path.join(ROOT, "docs"), os.path.join(work, "docs"))
    log = open(os.path.join(work, "stand_in.log"), "w")
    server_log = open(os.path.join(work, "serve.log"), "w")
    procs = []
    try:
        procs.append(
            subprocess.Popen(
                ["bash", "-c", stand_in[0]], cwd=work, stdout=log, stderr=log, start_new_session=True
            )
        )
        procs.append(
            subprocess.Popen(
                [os.path.join(TARGET, "release", "gyeolje"), "serve"],
                cwd=work,
                stdout=server_log,
                stderr=server_log,
                start_new_session=True,
            )
        )
        wait_for("http://127.0.0.1:8080/healthz", "the server")
        wait_for("http://127.0.0.1:9000/", "the stand-in")
        script = "set -euo pipefail\n" + "".join(commands)
        run = subprocess.run(["bash", "-c", script], cwd=work, capture_output=True, text=True, timeout=120)
        print(run.stdout[-4000:])
        if run.returncode != 0:
            print(run.stderr[-4000:], file=sys.stderr)
            sys.exit(f"readme-walkthrough: a step failed (exit {run.returncode})")
        # Deliveries are asynchronous: give the last callbacks a moment.
        expected = ["pay_state=4", "pay_state=9", "status=25", "status=85", "IpayResponse"]
        for _ in range(100):
            received = open(os.path.join(work, "stand_in.log"), encoding="utf-8").read()
            missing = [e for e in expected if e not in received]
            if not missing:
                break
            time.sleep(0.1)
        if missing:
            sys.exit(f"readme-walkthrough: the stand-in never received {missing}")
        print("readme-walkthrough: ok")
    finally:
        # Each runs in its own session: stop the whole group (bash and its
        # python child), so nothing keeps the ports after a run.
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in procs:
            p.wait(timeout=10)


main()
