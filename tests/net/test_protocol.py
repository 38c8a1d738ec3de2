"""Parsing a client's message: every way it can be wrong gets its own one-line reason."""

from __future__ import annotations

import json

import pytest

from wargame.net.protocol import (
    MAX_CLIENT_MESSAGE,
    PROTOCOL_VERSION,
    Hello,
    ProtocolError,
    Seal,
    View,
    Welcome,
    parse_client,
    parse_host,
)

SEAL = {"v": 1, "type": "seal", "id": 3, "turn": 1, "side": "kabul", "moves": ["k_talks"], "intent": "calm"}


def test_a_good_seal_parses_to_its_model() -> None:
    msg = parse_client(json.dumps(SEAL))
    assert msg == Seal(id=3, turn=1, side="kabul", moves=["k_talks"], intent="calm")
    assert parse_client(msg.text()) == msg


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"v": 1, "type": "ping"}', "text frames"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"type": "ping"}', "no protocol version"),
        ('{"v": 0, "type": "ping"}', "protocol version 0 is not supported"),
        ('{"v": true, "type": "ping"}', "protocol version true is not supported"),
        ('{"v": 1, "type": "shout"}', "unknown message type 'shout'"),
        ('{"v": 1}', "unknown message type null"),
        (json.dumps({**SEAL, "turn": "1"}), "bad 'seal' message: turn"),
        (json.dumps({**SEAL, "moves": "k_talks"}), "bad 'seal' message: moves"),
        (json.dumps({**SEAL, "extra": 1}), "bad 'seal' message: extra"),
        (json.dumps({**SEAL, "intent": "x" * 281}), "bad 'seal' message: intent"),
        (json.dumps({**SEAL, "moves": ["m"] * 17}), "bad 'seal' message: moves"),
        (json.dumps({"v": 1, "type": "hello"}), "bad 'hello' message: code"),
        ("[" * 5000 + "]" * 5000, "not valid JSON"),  # nested deeper than the parser goes
    ],
)
def test_each_kind_of_bad_message_is_named(raw: str | bytes, reason: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_client(raw)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_message_over_the_limit_is_refused_before_it_is_read() -> None:
    raw = json.dumps({**SEAL, "intent": "x" * MAX_CLIENT_MESSAGE})
    with pytest.raises(ProtocolError, match=f"over the limit of {MAX_CLIENT_MESSAGE:,} bytes"):
        parse_client(raw)


def test_host_messages_round_trip_and_carry_the_version() -> None:
    welcome = Welcome(role="team", side="kabul", label="Kabul", scenario_text="x", scenario_file="t.yaml",
                      scenario_sha256="ab", engine="0")
    assert json.loads(welcome.text())["v"] == PROTOCOL_VERSION
    assert parse_host(welcome.text()) == welcome
    with pytest.raises(ProtocolError, match="unknown message type 'seal'"):
        parse_host(json.dumps(SEAL))
    with pytest.raises(ProtocolError, match="bad 'view' message"):
        parse_host(json.dumps({"v": 1, "type": "view", "room": {}}))
    assert View.model_fields["you"].default is None
    assert Hello(code="K7QM").side is None
