"""The table's key: an Ed25519 key pair that signs every record of the logs this installation writes.

Made on first use and kept in the user's config folder (platformdirs; `WARGAME_CONFIG_DIR` overrides
it, for tests and portable installs): `table-key.pem` (private, readable by its owner only) and
`table.json` (the table's name). A log's header names the public key; each record carries a
signature of its chain hash. A signature proves which key wrote a record, not who holds the key
(docs/log-format.md says what it proves and what it does not).

Public keys travel as one line, `wargame-table-key ed25519 <base64> <name>`: `wargame keys export`
prints it, and an evaluator's trust file (`--trust FILE`) is such lines, one per trusted table.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from wargame.engine.record import signed_message
from wargame.errors import WargameError
from wargame.files import FileProblem, read_capped, write_atomic

ALGORITHM = "ed25519"
EXPORT_TAG = "wargame-table-key"
CONFIG_ENV = "WARGAME_CONFIG_DIR"
KEY_FILE = "table-key.pem"
INFO_FILE = "table.json"
MAX_NAME = 80
MAX_TRUST_BYTES = 1_000_000


class KeyFileError(WargameError):
    """A key or trust file that cannot be used."""


def config_dir() -> Path:
    """Where the table's key lives: $WARGAME_CONFIG_DIR, else the platform's user config folder."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("wargame", appauthor=False))


@dataclass(frozen=True)
class PublicKey:
    """A table's public key and the name it goes by."""

    raw: bytes  # 32 bytes
    name: str

    @property
    def fingerprint(self) -> str:
        """16 hex digits of the key's SHA-256, in groups of four: short enough to read aloud."""
        digest = hashlib.sha256(self.raw).hexdigest()[:16]
        return ":".join(digest[i : i + 4] for i in range(0, 16, 4))

    @property
    def encoded(self) -> str:
        return base64.b64encode(self.raw).decode("ascii")

    def header(self) -> dict[str, str]:
        """What a log header holds under `key`."""
        return {"alg": ALGORITHM, "public": self.encoded, "name": self.name}

    def export_line(self) -> str:
        return f"{EXPORT_TAG} {ALGORITHM} {self.encoded} {self.name}".rstrip()

    def verifies(self, record_hash: str, signature: object) -> bool:
        """Whether `signature` (base64 text) is this key's signature of a record with `record_hash`."""
        if not isinstance(signature, str) or not isinstance(record_hash, str):
            return False
        try:
            sig = base64.b64decode(signature, validate=True)
            Ed25519PublicKey.from_public_bytes(self.raw).verify(sig, signed_message(record_hash))
        except (InvalidSignature, ValueError, binascii.Error, UnicodeEncodeError):
            return False
        return True

    @classmethod
    def from_header(cls, key: object) -> PublicKey:
        """The key a log header names; ValueError (with a plain reason) if it is not one."""
        if not isinstance(key, dict):
            raise ValueError("the header's key is not a key description")
        if key.get("alg") != ALGORITHM:
            raise ValueError(f"the header's key uses {key.get('alg')!r}, not {ALGORITHM}")
        raw = _decode_key(key.get("public"))
        name = key.get("name", "")
        return cls(raw, name if isinstance(name, str) else "")

    @classmethod
    def from_line(cls, line: str) -> PublicKey:
        """A key from an exported line; ValueError if the line is not one."""
        parts = line.strip().split(maxsplit=3)
        if len(parts) < 3 or parts[0] != EXPORT_TAG or parts[1] != ALGORITHM:
            raise ValueError(f"not a table key line (expected '{EXPORT_TAG} {ALGORITHM} KEY NAME')")
        return cls(_decode_key(parts[2]), parts[3] if len(parts) > 3 else "")


def _decode_key(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("the public key is missing")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the public key is not base64") from None
    if len(raw) != 32:
        raise ValueError("the public key is not 32 bytes long")
    return raw


@dataclass
class TableKey:
    """This table's signing key (the engine's `Signer`): signs the chain hash of each record."""

    private: Ed25519PrivateKey
    name: str
    folder: Path

    @property
    def key(self) -> PublicKey:
        raw = self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return PublicKey(raw, self.name)

    @property
    def public(self) -> dict[str, str]:
        return self.key.header()

    def sign(self, record_hash: str) -> str:
        return base64.b64encode(self.private.sign(signed_message(record_hash))).decode("ascii")


def default_name() -> str:
    try:
        host = socket.gethostname()
    except OSError:
        host = ""
    return clean_name(f"table on {host}" if host else "wargame table")


def clean_name(name: str) -> str:
    """A table name as stored: one line of printable text, at most MAX_NAME characters."""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in name).split())
    if not text:
        raise KeyFileError("a table name needs some text")
    return text[:MAX_NAME]


def load_table_key(create: bool = True) -> TableKey:
    """This table's key; made (with a default name) when there is none yet and `create` is set."""
    folder = config_dir()
    path = folder / KEY_FILE
    try:
        data = read_capped(path, 64_000, "key file")
    except FileProblem as exc:
        if not create or path.exists():
            raise KeyFileError(f"cannot read the table key: {exc}") from None
        return _make(folder, default_name(), replace=False)
    return TableKey(_parse_private(data, path), _read_name(folder), folder)


def table_signer() -> TableKey | None:
    """This table's key for a new log (made on first use). If it cannot be had, the game is still
    played and logged, unsigned, with a warning on stderr: a session is never lost to a missing key."""
    try:
        return load_table_key()
    except KeyFileError as exc:
        print(f"wargame: warning: the log will be unsigned: {exc}", file=sys.stderr)
        return None


def new_table_key(name: str | None, force: bool) -> tuple[TableKey, Path | None]:
    """A new key pair for this table; the old private key, if any, is kept beside it (returned)."""
    folder = config_dir()
    current = folder / KEY_FILE
    kept = None
    if current.exists():
        if not force:
            raise KeyFileError(f"{current}: this table already has a key; add --force to replace it "
                            "(logs it signed still verify: their header holds its public key)")
        old = load_table_key(create=False)
        kept = folder / f"table-key-{old.key.fingerprint.replace(':', '')}.pem.old"
        try:
            os.replace(current, kept)
        except OSError as exc:
            raise KeyFileError(f"cannot set the old key aside: {exc.strerror or exc}") from None
    return _make(folder, clean_name(name) if name else _read_name(folder), replace=True), kept


def _make(folder: Path, name: str, replace: bool) -> TableKey:
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(folder / KEY_FILE, pem, force=replace, mode=0o600)
    except FileProblem as exc:
        if "already exists" in exc.reason and not replace:  # another process made it first: use that one
            return load_table_key(create=False)
        raise KeyFileError(f"cannot make the table key: {exc}") from None
    except OSError as exc:
        raise KeyFileError(f"cannot make the table key in {folder}: {exc.strerror or exc}") from None
    _write_name(folder, name)
    return TableKey(private, name, folder)


def _parse_private(data: bytes, path: Path) -> Ed25519PrivateKey:
    try:
        private = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise KeyFileError(f"{path}: not a readable private key; make a new one with: wargame keys new --force") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise KeyFileError(f"{path}: not an Ed25519 key; make a new one with: wargame keys new --force")
    return private


def _read_name(folder: Path) -> str:
    try:
        info = json.loads(read_capped(folder / INFO_FILE, 10_000, "table file"))
        return clean_name(str(info["name"]))
    except (FileProblem, ValueError, KeyError, TypeError, WargameError):
        return default_name()


def _write_name(folder: Path, name: str) -> None:
    text = json.dumps({"name": name, "since": datetime.now(UTC).replace(microsecond=0).isoformat()}) + "\n"
    try:
        write_atomic(folder / INFO_FILE, text, force=True)
    except FileProblem:
        pass  # the name falls back to the default; the key itself is what matters


def read_trust_file(path: str | os.PathLike[str]) -> dict[bytes, PublicKey]:
    """Trusted tables from a file of exported key lines ('#' comments and blank lines allowed)."""
    try:
        text = read_capped(path, MAX_TRUST_BYTES, "trust file").decode("utf-8")
    except FileProblem as exc:
        raise KeyFileError(f"trust file {exc}") from None
    except UnicodeDecodeError:
        raise KeyFileError(f"trust file {path}: not UTF-8 text") from None
    keys: dict[bytes, PublicKey] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            key = PublicKey.from_line(line)
        except ValueError as exc:
            raise KeyFileError(f"trust file {path}:{number}: {exc}") from None
        keys[key.raw] = key
    if not keys:
        raise KeyFileError(f"trust file {path}: holds no table keys")
    return keys
