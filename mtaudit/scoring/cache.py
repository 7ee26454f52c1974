"""On-disk cache of token surprisals, so an unchanged sentence is never scored twice across runs.

One SQLite file (WAL mode, safe for concurrent runs) in the cache directory, keyed by
``(model key, sha1 of the text)``.  Any SQLite or OS error (read-only directory, full disk,
a locked database) turns the disk cache off for the rest of the run: scoring goes on without it.
"""
from __future__ import annotations

import hashlib
import sqlite3
from array import array
from pathlib import Path
from typing import Dict, Iterable, Optional, Sequence, Tuple

# (start, end, surprisal, rank) of each token: rank = how many tokens the model rated above it
Tokens = Tuple[Tuple[int, int, float, int], ...]

_CHUNK = 500  # below SQLite's oldest limit of 999 bound parameters


def text_digest(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()


def pack(tokens: Tokens) -> bytes:
    starts = array("i", [t[0] for t in tokens])
    ends = array("i", [t[1] for t in tokens])
    surprisal = array("f", [t[2] for t in tokens])
    ranks = array("i", [t[3] for t in tokens])
    return starts.tobytes() + ends.tobytes() + surprisal.tobytes() + ranks.tobytes()


def unpack(data: bytes) -> Tokens:
    n = len(data) // 16
    starts, ends, surprisal, ranks = array("i"), array("i"), array("f"), array("i")
    starts.frombytes(data[: 4 * n])
    ends.frombytes(data[4 * n : 8 * n])
    surprisal.frombytes(data[8 * n : 12 * n])
    ranks.frombytes(data[12 * n :])
    return tuple(zip(starts, ends, surprisal, ranks))


class DiskCache:
    def __init__(self, path: Path, model_key: str) -> None:
        self.model_key = model_key
        self._db: Optional[sqlite3.Connection] = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=5)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS tokens (model TEXT, digest BLOB, data BLOB, "
                "PRIMARY KEY (model, digest)) WITHOUT ROWID"
            )
            db.commit()
            self._db = db
        except (sqlite3.Error, OSError):
            self._db = None

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get_many(self, digests: Sequence[bytes]) -> Dict[bytes, Tokens]:
        found: Dict[bytes, Tokens] = {}
        if self._db is None:
            return found
        try:
            for i in range(0, len(digests), _CHUNK):
                chunk = digests[i : i + _CHUNK]
                rows = self._db.execute(
                    f"SELECT digest, data FROM tokens WHERE model = ? AND digest IN ({','.join('?' * len(chunk))})",
                    (self.model_key, *chunk),
                )
                found.update((digest, unpack(data)) for digest, data in rows)
        except sqlite3.Error:
            self._db = None
        return found

    def put_many(self, items: Iterable[Tuple[bytes, Tokens]]) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO tokens VALUES (?, ?, ?)",
                    ((self.model_key, digest, pack(tokens)) for digest, tokens in items),
                )
        except sqlite3.Error:
            self._db = None
