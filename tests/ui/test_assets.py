"""The table finds its theme and map both in a checkout and in an installed wheel."""

from __future__ import annotations

from wargame import palette
from wargame.ui import style


def test_assets_are_found_with_the_theme_and_the_map() -> None:
    assert (style.ASSETS / "theme.json").is_file()
    assert (style.ASSETS / "maps" / "world_110m.geojson").is_file()


def test_table_and_reports_share_one_palette() -> None:
    assert style.CHANNEL_COLOURS["coercive"] == palette.rgb(palette.CHANNEL["coercive"])
    assert style.RATING_COLOURS["U"] == palette.rgb(palette.RATING["U"])
    assert palette.rgb("#0077bb") == (0, 119, 187)
