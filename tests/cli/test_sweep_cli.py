"""`wargame sweep` as a user meets it: outputs in --out, a self-contained page whose figures are
the summary's, the PATH grammar in --help, one-line errors, Ctrl-C and continuing, --dask local."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wargame.cli.main import main
from wargame.report.build import fmt, lookup

TOY = str(Path(__file__).parents[1] / "sim" / "fixtures" / "sweep_toy.yaml")
FIG = re.compile(r'<span class="fig" data-key="([^"]*)" data-fmt="([^"]*)">([^<]*)</span>')
SMALL = ["--vary", "moves.strike.effects.threat=-30:-1", "--vary", "injects.flareup.hazard.base=0.1:0.5",
         "--policies", "hold,coercive", "--samples", "4", "--runs", "100"]


def test_outputs_and_a_self_contained_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "toy"
    assert main(["sweep", TOY, *SMALL, "--out", str(out), "--workers", "1"]) == 0
    text = capsys.readouterr().out
    assert "2 numbers, sobol design of 16 variants" in text and "coercive beats hold" in text
    for name in ("table.csv", "table.parquet", "summary.json", "sweep.html", "plan.json", "tasks.jsonl"):
        assert (out / name).stat().st_size > 0
    summary = json.loads((out / "summary.json").read_text())
    page = (out / "sweep.html").read_text()
    assert "<svg" in page and "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert not re.search(r"<(script|img|link)\b", page)  # nothing fetched: charts are inline SVG
    figures = FIG.findall(page)
    assert len(figures) > 20
    for key, kind, shown in figures:
        assert html.unescape(shown) == fmt(lookup(summary, html.unescape(key)), kind), key
    rows = (out / "table.csv").read_text().splitlines()
    assert len(rows) == 1 + (16 + 1) * 2
    assert rows[0].startswith("variant,seat,policy,moves.strike.on_success.threat.delta,injects.flareup.hazard.base,games")


def test_parquet_and_csv_hold_the_same_table(tmp_path: Path) -> None:
    import csv

    import pyarrow.parquet as pq

    assert main(["sweep", TOY, *SMALL, "--out", str(tmp_path), "--workers", "1", "--json"]) == 0
    table = pq.read_table(tmp_path / "table.parquet").to_pydict()
    with (tmp_path / "table.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert list(table) == list(rows[0])
    for name, values in table.items():
        assert [str(v) if not isinstance(v, float) else repr(v) for v in values] == [r[name] for r in rows], name


def test_help_documents_the_path_grammar(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["sweep", "--help"])
    text = capsys.readouterr().out
    for words in ("PATH names one number", "moves.MOVE_ID.effects.INDICATOR = on_success", "indicators.ID.drift = decay.rate",
                  "moves.MOVE_ID.success.modifiers.0.per_point", "--dask", "tcp://HOST:PORT", "same --out continues"):
        assert words in text


@pytest.mark.parametrize(("args", "says"), [
    (["--vary", "moves.punch.cost=1:2"], "unknown part 'punch' in moves.punch.cost: moves has strike, talk"),
    ([], "nothing to vary"),
    (["--vary", "moves.strike.cost=1:2", "--policies", "hold,bluff"], "unknown policy 'bluff'"),
    (["--vary", "moves.strike.cost=1:2", "--policies", "historical"], "needs a history"),
    (["--vary", "moves.strike.cost=1:2", "--seat", "green"], "unknown side 'green' for --seat (sides: blue)"),
    (["--vary", "moves.strike.cost=1:2", "--vary-all", "150"], "between 0 and 100"),
    (["--vary", "indicators.threat.min=0:90", "--design", "lhs", "--samples", "8"], "is not a valid scenario"),
])
def test_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str) -> None:
    assert main(["sweep", TOY, *args, "--out", str(tmp_path / "x"), "--runs", "10"]) == 1
    err = capsys.readouterr().err.strip()
    assert says in err and "\n" not in err and err.startswith("wargame: ")


def test_a_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    import importlib

    real = importlib.import_module

    def without_pyarrow(name: str, *args: object) -> object:
        if name.split(".")[0] == "pyarrow":
            raise ImportError(name)
        return real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib, "import_module", without_pyarrow)
    assert main(["sweep", TOY, *SMALL, "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == ("wargame: wargame sweep needs pyarrow, which is not installed: pip install 'wargame[sweep]' "
                   "(or pip install -e '.[sweep]' in a checkout)")


def test_ctrl_c_keeps_what_finished_and_the_same_command_continues(tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    args = [sys.executable, "-m", "wargame", "sweep", "tutorial", "--vary",
            "injects.militant_attack_hazard.hazard.base=0.1:0.5", "--vary", "moves.propose_truce.success.base=0.3:0.8",
            "--policies", "integrated,coercive", "--samples", "4", "--runs", "900", "--workers", "2", "--out", str(out)]
    env = os.environ | {"PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    tasks = out / "tasks.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not tasks.exists() or tasks.read_bytes().count(b"\n") < 3):
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    stopped = re.search(r"wargame: stopped: (\d+) of (\d+) tasks done and kept in .*; run the same command again", err)
    assert stopped, err
    done, total = int(stopped.group(1)), int(stopped.group(2))
    assert 3 <= done < total
    again = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"continuing in {out}: {done} of {total} tasks already done" in again.stdout
    straight = tmp_path / "straight"
    assert main(args[3:-2] + ["--out", str(straight)]) == 0
    assert (out / "table.csv").read_bytes() == (straight / "table.csv").read_bytes()
    assert (out / "table.parquet").read_bytes() == (straight / "table.parquet").read_bytes()


def test_dask_local_gives_the_same_table(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    assert main(["sweep", TOY, *SMALL, "--out", str(tmp_path / "local"), "--workers", "1", "--json"]) == 0
    assert main(["sweep", TOY, *SMALL, "--out", str(tmp_path / "dask"), "--dask", "local", "--workers", "2", "--json"]) == 0
    for name in ("table.csv", "table.parquet"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    assert "Dask LocalCluster of 2 workers" in json.loads((tmp_path / "dask" / "summary.json").read_text())["execution"]
