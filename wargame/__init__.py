"""A crisis-escalation decision-support wargame: scenarios as data, a pure engine, exact logs."""

__version__ = "0.1.0"
