"""Where the table's files (theme, map outlines) are: inside an installed wheel, or in the repository."""

from __future__ import annotations

from pathlib import Path


def assets_dir() -> Path:
    """Assets inside an installed wheel (wargame/_shipped/assets), else the repository's assets/."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "_shipped" / "assets", package.parent / "assets"):
        if candidate.is_dir():
            return candidate
    return package.parent / "assets"


ASSETS = assets_dir()
