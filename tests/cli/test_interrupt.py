"""Ctrl-C on a long `wargame simulate` says "interrupted" once: no traceback from any worker process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to see the workers start")
def test_ctrl_c_on_simulate_is_one_quiet_line(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "wargame", "simulate", "tutorial", "--runs", "3000000", "--json"]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)  # its own process group, as a terminal gives it
    deadline = time.monotonic() + 60
    workers = os.cpu_count() and len(os.sched_getaffinity(0)) > 1
    while time.monotonic() < deadline and child.poll() is None:
        if not workers or _children(child.pid):
            break
        time.sleep(0.05)
    time.sleep(0.3)  # let the workers get into their chunks
    assert child.poll() is None, child.communicate()
    os.killpg(child.pid, signal.SIGINT)  # what Ctrl-C does: every process of the group gets it
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130
    assert err == "wargame: interrupted\n", err
    assert out == ""
