"""Join codes: enough randomness, easy to type, revocable, kept privately; failed joins rate-limited."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from wargame.errors import WargameError
from wargame.net.codes import ALPHABET, CODE_BITS, CodeBook, FailureLimiter, masked, new_code, normalise


def test_a_code_is_80_random_bits_in_four_groups_of_unambiguous_characters() -> None:
    assert CODE_BITS >= 64 and len(ALPHABET) == 32
    assert not set("ILOU") & set(ALPHABET)
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code), code
    # every character position takes many values: the bits are spread over the whole code
    for position in range(19):
        if position % 5 != 4:
            assert len({c[position] for c in codes}) > 20


def test_typing_slips_do_not_matter() -> None:
    book = CodeBook.fresh({"kabul": "Kabul"}, observers=1)
    code = book.seat("kabul").code
    sloppy = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalise(sloppy) == normalise(code)
    assert book.find(sloppy) is book.seat("kabul")
    assert book.find(code[:-1] + ("A" if code[-1] != "A" else "B")) is None
    assert book.find("") is None


def test_each_team_and_observer_has_its_own_code() -> None:
    book = CodeBook.fresh({"islamabad": "Islamabad", "kabul": "Kabul"}, observers=2)
    assert [s.key for s in book.seats] == ["islamabad", "kabul", "observer-1", "observer-2"]
    assert len({s.code for s in book.seats}) == 4
    assert book.find(book.seat("observer-2").code).label == "observer 2"  # type: ignore[union-attr]
    assert masked(book.seat("kabul").code).endswith("-••••-••••-••••")


def test_a_revoked_code_stops_working_and_a_team_gets_a_new_one() -> None:
    book = CodeBook.fresh({"kabul": "Kabul"}, observers=1)
    old_team, old_observer = book.seat("kabul").code, book.seat("observer-1").code
    new = book.revoke("kabul")
    assert new.code != old_team and book.find(new.code) is new
    assert book.find(old_team) is None and book.was_revoked(old_team)
    book.revoke("observer-1")
    assert book.find(old_observer) is None and [s.key for s in book.seats] == ["kabul"]
    with pytest.raises(WargameError, match="no seat 'observer-1'"):
        book.revoke("observer-1")
    assert book.add_observer().label == "observer 1"


def test_codes_are_saved_for_the_owner_only_and_read_back(tmp_path: Path) -> None:
    book = CodeBook.fresh({"kabul": "Kabul"}, observers=1)
    book.revoke("observer-1")
    path = tmp_path / "game.jsonl.codes"
    book.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = CodeBook.load(path)
    assert [(s.key, s.code) for s in again.seats] == [(s.key, s.code) for s in book.seats]
    assert again.revoked == book.revoked
    path.write_text("{}")
    with pytest.raises(WargameError, match="not a codes file"):
        CodeBook.load(path)


def test_failed_joins_are_limited_per_address_and_overall() -> None:
    now = [0.0]
    limiter = FailureLimiter(per_address=3, overall=5, window=60.0, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.wait("10.0.0.5") == 0
        limiter.failed("10.0.0.5")
    assert limiter.wait("10.0.0.5") == pytest.approx(60.0)
    assert limiter.wait("10.0.0.6") == 0  # another laptop is not held up by one guesser...
    limiter.failed("10.0.0.6")
    limiter.failed("10.0.0.7")
    assert limiter.wait("10.0.0.8") == pytest.approx(60.0)  # ...until the room as a whole sees too many
    now[0] = 30.0
    assert limiter.wait("10.0.0.5") == pytest.approx(30.0)
    now[0] = 60.5
    assert limiter.wait("10.0.0.5") == 0 and limiter.wait("10.0.0.8") == 0


def test_the_limiter_remembers_a_bounded_number_of_addresses() -> None:
    limiter = FailureLimiter(per_address=2, overall=10_000, track=10, clock=lambda: 0.0)
    for i in range(50):
        limiter.failed(f"10.0.1.{i}")
    assert len(limiter._by_address) <= 10
