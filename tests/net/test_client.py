"""The client: addresses, refusals, TLS, and coming back by itself after a drop or a host restart."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.net.conftest import Room
from wargame.cli.host import tls_context
from wargame.cli.join import client_tls
from wargame.errors import WargameError
from wargame.net.client import Client, ClientThread, Picture, host_url
from wargame.net.host import Host, HostThread
from wargame.net.table import Table

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("192.168.1.20", "ws://192.168.1.20:8765"),
        ("192.168.1.20:9000", "ws://192.168.1.20:9000"),
        ("laptop.local", "ws://laptop.local:8765"),
        ("[fe80::1]:9000", "ws://[fe80::1]:9000"),
        ("wss://room.example:443", "wss://room.example:443"),
        (" ws://10.0.0.2/ ", "ws://10.0.0.2:8765"),
    ],
)
def test_host_addresses_as_typed(typed: str, url: str) -> None:
    assert host_url(typed) == url


@pytest.mark.parametrize("typed", ["http://10.0.0.2", "10.0.0.2:99999", "10.0.0.2/path", ":8765", "ws://"])
def test_bad_host_addresses_are_one_line_errors(typed: str) -> None:
    with pytest.raises(WargameError, match="not a host address"):
        host_url(typed)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_host_and_a_wrong_code_are_reported_plainly(hosted: Callable[..., Room]) -> None:
    link = ClientThread(Client(f"ws://127.0.0.1:{free_port()}", "CODE")).start()
    with pytest.raises(WargameError, match="cannot reach the host: connection refused: is `wargame host` running"):
        link.join(timeout=0.5)
    link.close()
    room = hosted()
    link = ClientThread(Client(room.url, "AAAA-BBBB-CCCC-DDDD")).start()
    with pytest.raises(WargameError, match=r"^the host refused: no team or observer has this code"):
        link.join(timeout=5)
    assert link.picture.status == "refused"
    link.close()


def test_tls_with_the_host_certificate_and_without_it(hosted: Callable[..., Room]) -> None:
    context = tls_context(str(FIXTURES / "room-cert.pem"), str(FIXTURES / "room-key.pem"))
    room = hosted(ssl_context=context, listen="127.0.0.1")
    assert room.url.startswith("wss://")
    trusted = ClientThread(Client(room.url, room.code("kabul"), ssl_context=client_tls(str(FIXTURES / "room-cert.pem"))))
    assert trusted.start().join(timeout=5).welcome.label == "Kabul"  # type: ignore[union-attr]
    trusted.close()
    stranger = ClientThread(Client(room.url, room.code("kabul"), ssl_context=client_tls(None))).start()
    with pytest.raises(WargameError, match="TLS certificate is not trusted here"):
        stranger.join(timeout=5)
    stranger.close()
    with pytest.raises(WargameError, match="needs both --tls-cert and --tls-key"):
        tls_context(str(FIXTURES / "room-cert.pem"), None)
    with pytest.raises(WargameError, match="cannot use"):
        tls_context(str(FIXTURES / "room-key.pem"), str(FIXTURES / "room-key.pem"))


def turn_of(p: Picture) -> int:
    return -1 if p.room is None else p.room.turn


def test_after_a_host_restart_the_clients_come_back_and_their_sealed_orders_with_them(
    hosted: Callable[..., Room], tmp_path: Path
) -> None:
    room = hosted()
    port = room.host.port

    async def play() -> None:
        isl, kab = Client(room.url, room.code("islamabad")), Client(room.url, room.code("kabul"))
        tasks = [asyncio.create_task(c.run()) for c in (isl, kab)]
        for c in (isl, kab):
            await c.until(lambda p: p.you is not None)
        await isl.seal(["demarche"], "before the crash")
        # the host goes away (its process is gone: nothing of it survives but the log and the codes)
        await asyncio.to_thread(room.thread.stop)
        room.table.close()
        await isl.until(lambda p: p.status == "reconnecting")
        table = Table.resume(room.table.log_path, room.table.scenario)
        again = Host(table, room.codes, room.host.scenario_text, port=port, advisor=None)
        thread = await asyncio.to_thread(lambda: HostThread(again).start())
        try:
            await isl.until(lambda p: p.notice is not None and "sealed again" in p.notice)
            assert table.game.sealed_orders("islamabad").intent == "before the crash"  # type: ignore[union-attr]
            await kab.until(lambda p: p.status == "joined" and p.room is not None and p.room.waiting_for == ["kabul"])
            await kab.seal([], "")
            done = await kab.until(lambda p: turn_of(p) == 1)
            assert done.room.last_turn["orders"]["islamabad"]["moves"] == ["demarche"]  # type: ignore[union-attr,index]
        finally:
            for c in (isl, kab):
                await c.close()
            await asyncio.gather(*tasks)
            await asyncio.to_thread(thread.stop)
            table.close()

    asyncio.run(asyncio.wait_for(play(), 30))


def test_sealing_while_disconnected_says_so() -> None:
    async def attempt() -> None:
        client = Client("ws://127.0.0.1:9", "CODE")
        with pytest.raises(WargameError, match="only a team's table gives orders"):
            await client.seal([], "")

    asyncio.run(attempt())


def test_a_scenario_s_map_picture_travels_with_it(hosted: Callable[..., Room], tmp_path: Path) -> None:
    from tests.scenario.cases import V2_TEXT, apply_edits
    from wargame.cli.host import attachments
    from wargame.net.client import scenario_of
    from wargame.scenario import load

    folder = tmp_path / "host"
    folder.mkdir()
    (folder / "river.png").write_bytes(b"\x89PNG a picture drawn for this course")
    path = folder / "crisis.yaml"
    path.write_text(apply_edits(V2_TEXT, (("map:\n  bbox: [18.5, 8.0, 22.5, 12.5]\n",
                                           "map:\n  image: river.png\n  image_bounds: [18, 8, 23, 13]\n"),)))
    room = hosted(str(path), attachments=attachments(load(path)))
    link = ClientThread(Client(room.url, room.code("observer-1"))).start()
    try:
        welcome = link.join(5).welcome
        assert welcome is not None
        scenario = scenario_of(welcome)  # loads where its picture is, as on the host
        assert scenario.sha256 == room.table.scenario.sha256
        copy = Path(scenario.source_name).parent / "river.png"
        assert copy.read_bytes() == (folder / "river.png").read_bytes()
        bad = welcome.model_copy(update={"attachments": {"../../etc/evil.png": ""}})
        with pytest.raises(WargameError, match="will not write"):
            scenario_of(bad)
    finally:
        link.close()


def test_a_table_running_another_version_than_the_host_is_told(hosted: Callable[..., Room],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wargame.net.host.__version__", "9.9.9")
    room = hosted()
    link = ClientThread(Client(room.url, room.code("kabul"))).start()
    try:
        notice = link.join(5).notice
        assert notice is not None and "the host 9.9.9: install the host's version here" in notice
    finally:
        link.close()
