"""What a sweep keeps in its --out folder while it runs, so that an interrupted sweep continues.

`plan.json` holds everything that decides the results (scenario, numbers and ranges, design,
policies, seat, games, seed); `tasks.jsonl` one line per finished task, appended and flushed as
each task finishes. A rerun with the same --out and the same plan plays only the tasks not
there; a different plan in the same folder is refused (one line naming what differs). A line cut
short by a crash is dropped, and the task played again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from wargame.errors import WargameError
from wargame.sim.sweep_task import TaskResult

PLAN = "plan.json"
TASKS = "tasks.jsonl"


class Store:
    """The plan and the finished tasks of one sweep in a folder."""

    def __init__(self, folder: str | os.PathLike[str], plan: dict[str, Any]) -> None:
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise WargameError(f"{self.folder}: exists and is not a folder; give another --out") from None
        except OSError as exc:
            raise WargameError(f"{self.folder}: cannot create the folder: {exc.strerror or exc}") from None
        plan_path = self.folder / PLAN
        plan = json.loads(json.dumps(plan))  # as it reads back
        if plan_path.exists():
            try:
                stored = json.loads(plan_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                raise WargameError(f"{plan_path}: unreadable; delete the folder or give another --out") from None
            if stored != plan:
                raise WargameError(f"{self.folder} holds a different sweep ({_difference(stored, plan)}); "
                                   "rerun with the same options to continue it, or give another --out")
        else:
            _write_atomic(plan_path, json.dumps(plan, indent=1) + "\n")
        self.results = self._read()
        self._file = (self.folder / TASKS).open("a", encoding="utf-8")

    def _read(self) -> dict[str, TaskResult]:
        path = self.folder / TASKS
        results: dict[str, TaskResult] = {}
        if not path.exists():
            return results
        good = 0
        with path.open("rb") as fh:
            for line in fh:
                try:
                    if not line.endswith(b"\n"):
                        raise ValueError("cut short")
                    result = TaskResult.from_record(json.loads(line))
                except (ValueError, KeyError, TypeError):
                    break  # a line cut short by a crash: it and anything after it are played again
                results[result.key] = result
                good += len(line)
        if good != path.stat().st_size:
            with path.open("r+b") as fh:
                fh.truncate(good)
        return results

    def add(self, result: TaskResult) -> None:
        self.results[result.key] = result
        self._file.write(json.dumps(result.as_record()) + "\n")
        self._file.flush()

    def close(self) -> None:
        if not self._file.closed:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()


def _difference(stored: dict[str, Any], plan: dict[str, Any]) -> str:
    for key in plan:
        if stored.get(key) != plan[key]:
            return f"its {key} differs"
    return "it was made by another version"


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise WargameError(f"{path}: cannot write: {exc.strerror or exc}") from None
