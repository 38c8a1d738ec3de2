"""The host on the wire: refusals that change nothing, codes, reconnection, and a protocol fuzz test."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from tests.net.conftest import CREATED, Room, Wire
from wargame.net.client import Client
from wargame.net.codes import FailureLimiter
from wargame.net.host import table_advice
from wargame.net.protocol import MAX_CLIENT_MESSAGE, MAX_FRAME
from wargame.ui.session import Session

SEAL = {"v": 1, "type": "seal", "id": 1, "turn": 1, "side": "islamabad", "moves": ["demarche"], "intent": ""}


def eventually(test: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not test():
        assert time.monotonic() < deadline, "the host did not get there in time"
        time.sleep(0.005)


def refusal(w: Wire, message: dict | str | bytes) -> str:  # type: ignore[type-arg]
    answer = w.ask(message)
    assert answer["type"] == "error", answer
    return str(answer["message"])


def test_a_wrong_code_is_refused_and_the_connection_closed(hosted: Callable[..., Room],
                                                            wire: Callable[[str], Wire]) -> None:
    room = hosted()
    before = room.snapshot()
    w = wire(room.url)
    w.send({"v": 1, "type": "hello", "id": 9, "code": "AAAA-BBBB-CCCC-DDDD"})
    answer = w.recv()
    assert answer == {"v": 1, "type": "error", "ref": 9,
                      "message": "join refused: no team or observer has this code; check it with the white cell"}
    with pytest.raises(ConnectionClosed):
        w.recv()
    assert room.snapshot() == before


def test_a_code_for_another_side_is_refused(hosted: Callable[..., Room], wire: Callable[[str], Wire]) -> None:
    room = hosted()
    w = wire(room.url)
    w.send({"v": 1, "type": "hello", "code": room.code("kabul"), "side": "islamabad"})
    assert w.recv()["message"] == "join refused: this code is for Kabul, not Islamabad"


def test_a_team_acts_only_for_its_own_side_and_an_observer_not_at_all(hosted: Callable[..., Room],
                                                                     wire: Callable[[str], Wire]) -> None:
    room = hosted()
    before = room.snapshot()
    kabul = wire(room.url)
    kabul.hello(room.code("kabul"))
    assert refusal(kabul, SEAL) == "this table plays Kabul; it cannot give orders for Islamabad"
    observer = wire(room.url)
    view = observer.hello(room.code("observer-1"))
    assert view["you"] is None
    assert refusal(observer, {**SEAL, "side": "kabul"}) == "an observer cannot give orders"
    assert refusal(kabul, {"v": 1, "type": "hello", "code": room.code("islamabad")}) == "already joined as Kabul"
    assert room.snapshot() == before


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ({**SEAL, "intent": "x" * MAX_CLIENT_MESSAGE}, f"over the limit of {MAX_CLIENT_MESSAGE:,} bytes"),
        ('{"v": 1, "type": "seal", ', "not valid JSON"),
        ({"v": 1, "type": "surrender"}, "unknown message type 'surrender'"),
        ({**SEAL, "v": 0}, "protocol version 0 is not supported"),
        ({**SEAL, "moves": ["nuke"]}, "no move 'nuke' in this scenario"),
        ({**SEAL, "turn": 4}, "orders are for turn 4, but the game is at turn 1"),
        (b"\x00\x01", "text frames"),
    ],
)
def test_each_bad_message_gets_a_clear_refusal_and_changes_nothing(
    hosted: Callable[..., Room], wire: Callable[[str], Wire], message: dict | str | bytes, reason: str  # type: ignore[type-arg]
) -> None:
    room = hosted()
    w = wire(room.url)
    w.hello(room.code("islamabad"))
    before = room.snapshot()
    assert reason in refusal(w, message)
    assert room.snapshot() == before
    assert w.ask({"v": 1, "type": "ping", "id": 5}) == {"v": 1, "type": "ack", "ref": 5, "what": "pong"}


def test_a_frame_beyond_the_hard_limit_closes_the_connection_and_nothing_else(
    hosted: Callable[..., Room], wire: Callable[[str], Wire]
) -> None:
    room = hosted()
    w = wire(room.url)
    w.hello(room.code("islamabad"))
    before = room.snapshot()
    w.send("x" * (MAX_FRAME + 1))
    with pytest.raises(ConnectionClosed) as closed:
        w.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009  # "message too big"
    assert room.snapshot() == before
    again = wire(room.url)
    again.hello(room.code("islamabad"))  # the team simply joins again


def test_failed_joins_are_rate_limited_even_for_a_right_code(hosted: Callable[..., Room],
                                                              wire: Callable[[str], Wire]) -> None:
    room = hosted(limiter=FailureLimiter(per_address=3, window=60.0))
    for _ in range(3):
        w = wire(room.url)
        w.send({"v": 1, "type": "hello", "code": "WRONG"})
        assert "no team or observer has this code" in w.recv()["message"]
    w = wire(room.url)
    w.send({"v": 1, "type": "hello", "code": room.code("kabul")})
    assert w.recv()["message"].startswith("join refused: too many failed attempts from 127.0.0.1; try again in")


def test_a_revoked_code_is_disconnected_and_the_new_one_works(hosted: Callable[..., Room],
                                                               wire: Callable[[str], Wire]) -> None:
    room = hosted()
    old = room.code("kabul")
    kabul = wire(room.url)
    kabul.hello(old)
    room.thread.call(room.host.revoke, "kabul")
    assert kabul.until("bye") == {"v": 1, "type": "bye", "reason": "this code was revoked by the white cell",
                                  "final": True}
    w = wire(room.url)
    w.send({"v": 1, "type": "hello", "code": old})
    assert "revoked by the white cell" in w.recv()["message"]
    wire(room.url).hello(room.code("kabul"))


def test_a_team_killed_mid_turn_rejoins_and_its_sealed_orders_stand(hosted: Callable[..., Room],
                                                                     wire: Callable[[str], Wire]) -> None:
    room = hosted()
    isl = wire(room.url)
    isl.hello(room.code("islamabad"))
    assert isl.ask({**SEAL, "intent": "hold the line"})["type"] == "ack"
    isl.ws.socket.shutdown(socket.SHUT_RDWR)  # the laptop dies: no closing handshake
    eventually(lambda: "islamabad" not in room.host.room.connected)
    back = wire(room.url)
    view = back.hello(room.code("islamabad"))
    assert view["you"]["sealed"] == {"moves": ["demarche"], "intent": "hold the line"}
    assert view["room"]["waiting_for"] == ["kabul"]
    kabul = wire(room.url)
    kabul.hello(room.code("kabul"))
    kabul.ask({**SEAL, "side": "kabul", "moves": []})
    eventually(lambda: room.host.room.turn == 1)
    assert room.host.room.last_turn["orders"]["islamabad"]["moves"] == ["demarche"]  # type: ignore[index]


def test_a_second_connection_with_a_team_code_replaces_the_first(hosted: Callable[..., Room],
                                                                 wire: Callable[[str], Wire]) -> None:
    room = hosted()
    first = wire(room.url)
    first.hello(room.code("kabul"))
    second = wire(room.url)
    second.hello(room.code("kabul"))
    assert first.until("bye")["reason"] == "Kabul has joined from another connection"
    assert second.ask({"v": 1, "type": "ping", "id": 1})["type"] == "ack"


def test_a_web_page_cannot_talk_to_the_host(hosted: Callable[..., Room]) -> None:
    """A browser sends an Origin header; the host accepts only clients that send none."""
    room = hosted()
    with pytest.raises(InvalidStatus) as refused, connect(room.url, origin="http://evil.example", open_timeout=5):
        pass
    assert refused.value.response.status_code == 403


def test_a_connection_that_never_says_hello_is_closed(hosted: Callable[..., Room], wire: Callable[[str], Wire],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wargame.net.host.HELLO_SECONDS", 0.2)
    room = hosted()
    w = wire(room.url)
    assert refusal(w, {"v": 1, "type": "ping", "id": 1}) == "say hello with your join code first"
    with pytest.raises(ConnectionClosed):
        w.recv(timeout=5)


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)  # what a socket can carry
def test_advice_reaches_each_team_alone_and_is_logged_as_at_the_hot_seat_table(
    hosted: Callable[..., Room], tmp_path: Path
) -> None:
    """Each team gets its own forecasts (computed on the host, off its event loop) and the log holds
    them exactly where a hot-seat table writes them: the network changes nothing in the record."""
    room = hosted(advisor=table_advice)

    async def play() -> None:
        teams = {side: Client(room.url, room.code(side)) for side in ("islamabad", "kabul")}
        tasks = [asyncio.create_task(c.run()) for c in teams.values()]
        try:
            while True:
                for side, client in teams.items():
                    p = await client.until(lambda p: p.room is not None and (p.room.over or (
                        p.you is not None and p.you.turn == p.room.turn and p.you.advice is not None)))
                    if p.room.over:  # type: ignore[union-attr]
                        return
                    assert p.you.advice["side"] == side  # type: ignore[union-attr,index]
                    legal = [m.id for m in p.you.moves if m.legal and m.cost == 1]  # type: ignore[union-attr]
                    await client.seal(legal[:1], f"{side} says hello")
                turn = p.room.turn  # type: ignore[union-attr]
                await client.until(lambda p, t=turn: p.room is not None and p.room.turn > t)  # type: ignore[misc]
        finally:
            for client in teams.values():
                await client.close()
            await asyncio.gather(*tasks)

    asyncio.run(asyncio.wait_for(play(), 60))
    lines = room.thread.call(lambda: list(room.table.game.lines))
    records = [json.loads(line) for line in lines]
    hot = Session.start(room.table.scenario, 7, records[0]["seats"], tmp_path / "hot.jsonl", created=CREATED)
    for record in (r for r in records if r["type"] == "turn"):  # the hot-seat way: each team in turn
        for side in hot.human_sides():
            while hot.advice(side) is None:  # the turn screen shows the forecasts when they are ready
                assert hot.advice_pending(side), hot.advisor_problem
                time.sleep(0.005)
            hot.submit(side, record["orders"][side]["moves"], record["orders"][side]["intent"])
        hot.resolve()
    hot.close()
    assert (tmp_path / "hot.jsonl").read_text(encoding="utf-8").splitlines() == lines
    assert sum(r["type"] == "advice" for r in records) == 2 * sum(r["type"] == "turn" for r in records)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
fields = st.fixed_dictionaries(
    {},
    optional={
        "v": st.sampled_from([1, 1, 1, 0, 2, "1", None, True]),
        "type": st.sampled_from(["hello", "seal", "ping", "view", "bye", "", "SEAL"]) | text,
        "id": st.integers(min_value=-3, max_value=2**60) | json_values,
        "code": text | json_values,
        "side": st.sampled_from(["islamabad", "kabul", "militants", ""]) | json_values,
        "turn": st.integers(min_value=-2, max_value=5) | json_values,
        "moves": st.lists(st.sampled_from(["demarche", "border_raid", "x", ""]), max_size=5) | json_values,
        "intent": text | json_values,
        "extra": json_values,
    },
)
messages = fields.map(json.dumps) | text | st.binary(max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(messages, min_size=1, max_size=8))
def test_fuzz_the_host_neither_crashes_nor_changes_state(hosted: Callable[..., Room], wire: Callable[[str], Wire],
                                                         batch: list[str | bytes]) -> None:
    """Random messages from a stranger (before hello), an observer and a team: the host keeps answering,
    and nothing changes unless the host accepted a well-formed seal from the team."""
    room = fuzz_room(hosted, wire)
    for raw in batch:
        for w in (room.stranger, room.observer, room.team):  # type: ignore[attr-defined]
            before = room.snapshot()
            try:
                w.send(raw)
                replies = w.sync()  # still answering, in order
            except ConnectionClosed:  # a stranger whose random hello was refused is disconnected
                assert w is room.stranger  # type: ignore[attr-defined]
                room.stranger = wire(room.url)  # type: ignore[attr-defined]
                replies = []
            if not any(r["type"] == "ack" and r["what"] == "sealed" for r in replies):
                assert room.snapshot() == before, raw
    assert room.thread._thread.is_alive()


_fuzz: dict[str, Room] = {}


def fuzz_room(hosted: Callable[..., Room], wire: Callable[[str], Wire]) -> Room:
    """One room for all the fuzz examples (a generous limiter: the fuzz guesses codes on purpose)."""
    room = _fuzz.get("room")
    if room is None or not room.thread._thread.is_alive():
        room = hosted(limiter=FailureLimiter(per_address=10**9, overall=10**9))
        room.observer = wire(room.url)  # type: ignore[attr-defined]
        room.observer.hello(room.code("observer-1"))  # type: ignore[attr-defined]
        room.stranger = wire(room.url)  # type: ignore[attr-defined]
        room.team = wire(room.url)  # type: ignore[attr-defined]
        room.team.hello(room.code("islamabad"))  # type: ignore[attr-defined]
        _fuzz["room"] = room
    return room
