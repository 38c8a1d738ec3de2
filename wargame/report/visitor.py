"""Walking a game log: each metric is a visitor that sees every record once, in order.

Modelled on python-chess's pgn BaseVisitor: the walk is written once, metrics only say what they do
with each kind of record. No visitor keeps a second copy of the game state; each keeps only the
figures it computes, and remembers the record number (1-based line of the log) behind each one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Record = dict[str, Any]


class LogVisitor:
    """Base: override the `visit_<type>` methods a metric needs; the others do nothing."""

    def visit(self, number: int, record: Record) -> None:
        handler = getattr(self, f"visit_{record.get('type', 'unknown')}", None)
        if handler is not None:
            handler(number, record)

    def finish(self) -> None:
        """Called once after the last record."""


def walk(records: Iterable[Record], *visitors: LogVisitor) -> None:
    """Show every record, numbered from 1 like the log's lines, to every visitor in turn."""
    for number, record in enumerate(records, start=1):
        for visitor in visitors:
            visitor.visit(number, record)
    for visitor in visitors:
        visitor.finish()
