"""Corpus files: JSONL and Parquet input rows, result writers, and what a previous run wrote.

Every reader streams: JSONL line by line, Parquet one record batch at a time.  Parquet
needs ``pyarrow`` (``pip install 'mtaudit[parquet]'``), imported only when used.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Set

from mtaudit.corpus.rows import MISSING, InputRow, id_key
from mtaudit.errors import ConfigError, InputFormatError

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
READ_BATCH = 1_000  # Parquet rows per record batch


def corpus_format(path: Path, what: str) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ConfigError(f"{what} {path}: unknown corpus format '{path.suffix}' (use .jsonl or .parquet)")
    return fmt


def errors_path(output: Path) -> Path:
    """Where the rows that could not be audited go: ``results.jsonl`` -> ``results.errors.jsonl``."""
    return output.with_name(output.name[: -len(output.suffix)] + ".errors.jsonl")


def import_pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ConfigError("Parquet needs pyarrow: pip install 'mtaudit[parquet]'") from None
    return pyarrow


# -- input -------------------------------------------------------------------------------

def read_rows(path: Path, text_field: str, id_field: Optional[str]) -> Iterator[InputRow]:
    """The rows of the corpus at ``path``, in order; unreadable rows carry an ``error``."""
    if corpus_format(path, "--corpus") == "parquet":
        return _read_parquet(path, text_field, id_field)
    return _read_jsonl(path, text_field, id_field)


def count_rows(path: Path) -> Optional[int]:
    """The number of rows (for a progress bar), cheaply: Parquet metadata or counting lines."""
    if corpus_format(path, "--corpus") == "parquet":
        return import_pyarrow().parquet.ParquetFile(path).metadata.num_rows
    count, last = 0, b"\n"
    with _open(path) as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def _open(path: Path):
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise ConfigError(f"--corpus {path}: no such file") from None
    except OSError as e:
        raise ConfigError(f"--corpus {path}: {e.strerror or e}") from None


def _read_jsonl(path: Path, text_field: str, id_field: Optional[str]) -> Iterator[InputRow]:
    f = _open(path)  # now, so that a missing file is reported before any output is written

    def rows() -> Iterator[InputRow]:
        with f:
            for seq, raw in enumerate(f, 1):
                no_id = None if id_field else seq
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as e:
                    yield InputRow(seq, no_id, error=f"invalid UTF-8 at byte {e.start}")
                    continue
                if seq == 1:
                    line = line.removeprefix("\ufeff")
                if not line.strip():
                    yield InputRow(seq, no_id, error="empty line")
                    continue
                try:
                    record = json.loads(line)
                except ValueError as e:
                    yield InputRow(seq, no_id, error=f"invalid JSON: {e}")
                    continue
                if not isinstance(record, dict):
                    yield InputRow(seq, no_id, error="not a JSON object")
                    continue
                yield InputRow(seq, record.get(id_field, MISSING) if id_field else seq, record.get(text_field, MISSING))

    return rows()


def _read_parquet(path: Path, text_field: str, id_field: Optional[str]) -> Iterator[InputRow]:
    pa = import_pyarrow()
    try:
        parquet = pa.parquet.ParquetFile(path)
    except FileNotFoundError:
        raise ConfigError(f"--corpus {path}: no such file") from None
    except (OSError, pa.ArrowException) as e:
        raise ConfigError(f"--corpus {path}: not a readable Parquet file ({e})") from None
    names = parquet.schema_arrow.names
    for field in filter(None, (text_field, id_field)):
        if field not in names:
            raise ConfigError(f"--corpus {path} has no column '{field}' (columns: {', '.join(names)})")
    columns = list(dict.fromkeys(filter(None, (text_field, id_field))))

    def rows() -> Iterator[InputRow]:
        seq = 0
        try:
            for batch in parquet.iter_batches(batch_size=READ_BATCH, columns=columns):
                texts = batch.column(text_field).to_pylist()
                ids = batch.column(id_field).to_pylist() if id_field else None
                for i, text in enumerate(texts):
                    seq += 1
                    yield InputRow(seq, ids[i] if ids is not None else seq, text)
        except (OSError, pa.ArrowException) as e:
            raise InputFormatError(f"--corpus {path}: cannot read row {seq + 1} onwards ({e})") from None

    return rows()


# -- what a previous run wrote -------------------------------------------------------------

def done_in_jsonl(path: Path, key: str) -> Set[Any]:
    """The ``key`` values (ids as :func:`id_key`) of the rows an earlier run wrote to the JSONL
    file ``path``.  An incomplete last line (a run killed mid-write) is cut off."""
    found: Set[Any] = set()
    if not path.exists():
        return found
    good = 0  # bytes up to the end of the last complete line
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            if not raw.endswith(b"\n"):
                break
            try:
                record = json.loads(raw)
            except ValueError:
                record = None
            if not isinstance(record, dict) or key not in record:
                raise InputFormatError(f"{path}: line {number} is not an mtaudit result; remove the file to start over")
            good += len(raw)
            found.add(id_key(record[key]) if key == "id" else record[key])
    if good != path.stat().st_size:
        os.truncate(path, good)
    return found


def done_in_parquet(path: Path) -> Set[str]:
    if not path.exists():
        return set()
    pa = import_pyarrow()
    try:
        parquet = pa.parquet.ParquetFile(path)
        return {id_key(v) for batch in parquet.iter_batches(columns=["id"]) for v in batch.column(0).to_pylist()}
    except (OSError, KeyError, pa.ArrowException) as e:
        raise InputFormatError(f"{path} is not a readable mtaudit Parquet output ({e}); remove it to start over") from None


# -- output --------------------------------------------------------------------------------

class JsonlWriter:
    """Appends rows as JSON lines; a resumed run continues the same file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(path, "a", encoding="utf-8", newline="\n")

    def write(self, rows: Iterable[Dict[str, Any]]) -> None:
        self._file.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        self._file.flush()  # a killed run loses at most the rows of the current chunk

    def close(self) -> None:
        self._file.close()


def result_schema(pa):
    finding = pa.struct([
        ("rule", pa.string()), ("name", pa.string()), ("severity", pa.string()),
        ("line", pa.int32()), ("column", pa.int32()), ("end_line", pa.int32()), ("end_column", pa.int32()),
        ("text", pa.string()), ("message", pa.string()), ("confidence", pa.float64()),
        ("suggestions", pa.list_(pa.string())),
    ])
    edit = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()), ("replacement", pa.string())])
    return pa.schema([
        ("id", pa.string()), ("fluency", pa.float64()), ("mt_likelihood", pa.float64()),
        ("findings", pa.list_(finding)), ("suggestions", pa.list_(edit)),
    ])


class ParquetWriter:
    """Writes rows to a Parquet file, one row group per chunk; ids are stored as text.

    A Parquet file cannot be appended to, so rows go to a hidden ``.NAME.partial`` file
    that replaces ``path`` on :meth:`close`; a resumed run first copies the rows of the
    existing ``path`` into it.  Interrupting a run (Ctrl-C) still closes the file; a run
    that is killed outright leaves ``path`` as it was before that run.
    """

    def __init__(self, path: Path) -> None:
        pa = self._pa = import_pyarrow()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._partial = path.with_name(f".{path.name}.partial")
        self._schema = result_schema(pa)
        self._writer = pa.parquet.ParquetWriter(self._partial, self._schema)
        if path.exists():
            for batch in pa.parquet.ParquetFile(path).iter_batches():
                self._writer.write_table(pa.Table.from_batches([batch]).cast(self._schema))

    def write(self, rows: Iterable[Dict[str, Any]]) -> None:
        rows = [{**row, "id": id_key(row["id"])} for row in rows]
        if rows:
            self._writer.write_table(self._pa.Table.from_pylist(rows, schema=self._schema))

    def close(self) -> None:
        self._writer.close()
        os.replace(self._partial, self._path)


def open_writer(path: Path):
    return ParquetWriter(path) if corpus_format(path, "--output") == "parquet" else JsonlWriter(path)


def read_results(path: Path) -> List[Dict[str, Any]]:
    """Every result row of an output file, for tests and small corpora (not streaming)."""
    if corpus_format(path, "output") == "parquet":
        return import_pyarrow().parquet.read_table(path).to_pylist()
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]
