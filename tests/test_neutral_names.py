"""Everything scenario-specific is data: the flagship's names appear in no code, template or UI string.

The house rule (DESIGN.md, "Everything scenario-specific is data"): an instructor writing another
crisis must not meet the flagship's places, parties or mechanisms in the program's help, errors,
screens, report templates or debrief prompts. Scenario files and docs may name them. The names
checked are a fixed list (the issue's) plus every place, side and actor named by a shipped
South-Asian scenario, so a new scenario's names are covered without editing this test.
"""

from __future__ import annotations

import re
from pathlib import Path

from wargame.scenario import load
from wargame.scenario.catalog import shipped_files

ROOT = Path(__file__).resolve().parents[1]
FIXED = (
    "Kabul", "Islamabad", "Pakistan", "Afghan", "TTP", "Taliban", "Torkham", "Chaman", "elders",
    "ulema", "jirga", "Doha", "Istanbul", "Qatar", "Turkey", "Kandahar", "Paktika", "Orakzai",
    "Spin Boldak", "Peshawar", "Khyber", "Nangarhar", "Jalalabad", "Delhi",
)
# What the rule covers: the package (code, UI strings, CLI help and errors, report templates,
# debrief prompts) and the UI theme. Map outlines (assets/maps) are data for every region.
SCANNED = [p for p in (ROOT / "wargame").rglob("*") if p.is_file() and p.suffix in {".py", ".j2", ".css", ".json", ".txt"}]
SCANNED += [ROOT / "assets" / "theme.json"]


def south_asian_names() -> set[str]:
    """The fixed list plus places, sides and actors of the shipped scenarios set in South Asia."""
    names = set(FIXED)
    for path in shipped_files():
        s = load(path)
        if not any(word in s.meta.region for word in ("Pakistan", "Afghan", "Torkham")):
            continue
        names |= {p.name for p in s.places}
        for label in [x.label for x in s.sides] + [a.label for a in s.actors]:
            names |= {part.strip() for part in re.split(r"\band\b|[(),]", label) if len(part.strip()) > 3}
    return names


def test_the_names_list_covers_the_flagship() -> None:
    names = south_asian_names()
    assert {"Kabul", "Islamabad", "Torkham", "Angoor Adda", "Ghulam Khan"} <= names


def test_no_flagship_name_in_code_templates_or_ui_strings() -> None:
    names = sorted(south_asian_names(), key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")", re.IGNORECASE)
    found = []
    for path in SCANNED:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in pattern.finditer(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)!r} in {line.strip()[:80]}")
    assert not found, "flagship names outside scenario files and docs:\n" + "\n".join(found)


def test_the_scan_reads_the_templates_and_the_debrief() -> None:
    """The scan is not vacuous: it covers report templates and the debrief screen."""
    scanned = {p.relative_to(ROOT).as_posix() for p in SCANNED}
    assert any(p.endswith("report.html.j2") for p in scanned)
    assert "wargame/ui/scenes/debrief.py" in scanned
