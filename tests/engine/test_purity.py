"""The engine is pure: it imports no pygame, opens no files, reads no clock, uses no global RNG."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PURE = [Path("wargame/engine"), Path("wargame/sim")]
ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_engine_does_not_import_pygame() -> None:
    code = "import sys, wargame.engine, wargame.sim.batch; assert 'pygame' not in sys.modules, 'pygame imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_engine_source_has_no_io_clock_or_global_random() -> None:
    forbidden = re.compile(
        r"\bopen\(|import time\b|from time\b|datetime\.now|np\.random\.(seed|rand|randn|randint|choice|normal|uniform|random|shuffle)\(|^\s*import random\b"
    )
    offenders = []
    for folder in PURE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if forbidden.search(line) and "# pure-ok" not in line:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
