"""Staff API tokens: `python -m archive token create|list|revoke`.

A token is shown once, when it is made; the file beside the index keeps only its SHA-256 (a token is
32 random bytes, so a fast hash is enough: there is nothing to guess that a slow hash would protect).
A token names its record (`ast_<id>_<secret>`), so a check is one constant-time comparison. The
file is read again whenever it changes, so a revocation takes effect on a running server's next
request, without a restart.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

TOKENS_FILE = "api-tokens.json"
_TOKEN = re.compile(r"ast_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")
MAX_NAME_CHARS = 100


class TokenError(ValueError):
    """A token command that cannot be done (a name in use, no such token)."""


@dataclass(frozen=True)
class TokenRecord:
    token_id: str
    name: str
    created: str  # ISO 8601, UTC
    sha256: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class TokenStore:
    """The tokens of one index directory."""

    def __init__(self, index_dir: Path) -> None:
        self.path = Path(index_dir) / TOKENS_FILE
        self._lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None
        self._records: dict[str, TokenRecord] = {}

    def records(self) -> list[TokenRecord]:
        """Every live token's record, oldest first."""
        return sorted(self._read().values(), key=lambda r: (r.created, r.token_id))

    def create(self, name: str) -> str:
        """A new token (returned once; only its hash is stored) named `name`."""
        name = " ".join(name.split())
        if not name or len(name) > MAX_NAME_CHARS or not name.isprintable():
            raise TokenError(f"a token's name is 1 to {MAX_NAME_CHARS} printable characters")
        with self._lock:
            records = self._read()
            if any(r.name == name for r in records.values()):
                raise TokenError(f"a token named {name!r} exists; revoke it or choose another name")
            token_id = secrets.token_hex(6)
            token = f"ast_{token_id}_{secrets.token_urlsafe(32)}"
            created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            records[token_id] = TokenRecord(token_id, name, created, _digest(token))
            self._write(records)
        return token

    def revoke(self, name_or_id: str) -> TokenRecord:
        """Remove the token with this name or id; the next request carrying it is refused."""
        with self._lock:
            records = self._read()
            found = [r for r in records.values() if name_or_id in (r.name, r.token_id)]
            if not found:
                raise TokenError(f"no token named {name_or_id!r} (see `token list`)")
            del records[found[0].token_id]
            self._write(records)
        return found[0]

    def holder(self, token: str) -> TokenRecord | None:
        """The record of a valid token, else None."""
        match = _TOKEN.fullmatch(token)
        if not match:
            return None
        record = self._read().get(match.group(1))
        if record is None or not hmac.compare_digest(record.sha256, _digest(token)):
            return None
        return record

    def _read(self) -> dict[str, TokenRecord]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._seen, self._records = None, {}
            return {}
        seen = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if seen != self._seen:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self._records = {r["token_id"]: TokenRecord(**r) for r in data.get("tokens", [])}
            self._seen = seen
        return dict(self._records)

    def _write(self, records: dict[str, TokenRecord]) -> None:
        """Atomically (a reader sees the old file or the new one), readable by its owner only."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"tokens": [asdict(r) for r in records.values()]}, out, indent=1)
        temporary.replace(self.path)
        self._seen = None
