"""Table settings remembered on this machine (the text size), in a small JSON file.

The file lives in the user's configuration folder ($XDG_CONFIG_HOME/wargame/table.json, by default
~/.config/wargame/table.json; %APPDATA%\\wargame\\table.json on Windows). A missing or damaged
file means the defaults; failing to write it only loses the memory, never the game.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

# (name shown, scale): "Projector" is the default, made so that on a 1920x1080 screen no text the
# room reads is smaller than 24 px; "Laptop" suits a screen a few people sit close to.
TEXT_SCALES: tuple[tuple[str, float], ...] = (("Laptop", 0.8), ("Projector", 1.0), ("Large", 1.2),
                                              ("Largest", 1.4))
DEFAULT_TEXT_SCALE = 1.0
TEXT_SCALE_RANGE = (0.6, 2.0)


def settings_file() -> Path:
    if os.name == "nt" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"])
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "wargame" / "table.json"


@dataclass
class Settings:
    text_scale: float = DEFAULT_TEXT_SCALE

    @classmethod
    def load(cls) -> Settings:
        try:
            data = json.loads(settings_file().read_text(encoding="utf-8"))
            scale = float(data.get("text_scale", DEFAULT_TEXT_SCALE))
        except (OSError, ValueError, TypeError, AttributeError):
            return cls()
        low, high = TEXT_SCALE_RANGE
        return cls(scale if low <= scale <= high else DEFAULT_TEXT_SCALE)

    def save(self) -> str | None:
        """Write the settings; returns why not (the table goes on either way), or None."""
        path = settings_file()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"text_scale": self.text_scale}, indent=1) + "\n", encoding="utf-8")
        except OSError as exc:
            return f"text size not remembered ({exc.strerror or exc})"
        return None


def scale_name(scale: float) -> str:
    """'Projector' for 1.0; a percentage for a scale given on the command line."""
    for name, value in TEXT_SCALES:
        if abs(value - scale) < 1e-6:
            return name
    return f"{scale:.0%}"


def next_scale(scale: float) -> float:
    """The next text size in TEXT_SCALES (after the last, the first)."""
    values = [v for _, v in TEXT_SCALES]
    bigger = [v for v in values if v > scale + 1e-6]
    return bigger[0] if bigger else values[0]


def text_scale_argument(text: str) -> float:
    """--text-scale: a name of TEXT_SCALES or a number from 0.6 to 2."""
    for name, value in TEXT_SCALES:
        if text.strip().lower() == name.lower():
            return value
    try:
        scale = float(text)
    except ValueError:
        names = ", ".join(n.lower() for n, _ in TEXT_SCALES)
        raise ValueError(f"text scale must be one of {names} or a number like 1.2, not {text!r}") from None
    low, high = TEXT_SCALE_RANGE
    if not low <= scale <= high:
        raise ValueError(f"text scale must be from {low:g} to {high:g}, not {scale:g}")
    return scale
