"""Configuration: ``[mtaudit]`` in setup.cfg or ``[tool.mtaudit]`` in pyproject.toml, then options.

The nearest file upward from the start directory that has an mtaudit section wins.
Per-rule options live in ``[mtaudit.rules.MTA201]`` (setup.cfg) or
``[tool.mtaudit.rules.MTA201]`` (pyproject.toml).  Unknown keys are errors.
"""
from __future__ import annotations

import configparser
import dataclasses
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

from mtaudit.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SEVERITIES = ("info", "warning", "error")


@dataclass
class Config:
    select: List[str] = field(default_factory=list)
    ignore: List[str] = field(default_factory=list)
    exclude: List[str] = field(default_factory=list)
    lang: str = "en"
    fail_on: str = "warning"
    model: Optional[str] = None  # path of a Hugging Face causal LM directory; None = default model
    no_model: bool = False
    offline: bool = False
    min_fluency: Optional[float] = None  # `check` fails a file whose fluency is below this
    input_format: Optional[str] = None
    allow: List[str] = field(default_factory=list)  # accepted phrases: findings inside them are dropped
    report_unused_suppressions: bool = False
    locales: List[str] = field(default_factory=list)  # locale file patterns, e.g. locales/{lang}.json
    source_locale: str = "en"  # the locale that locale files are translated from
    glossary: Optional[str] = None  # terminology TSV (see mtaudit.bilingual.glossary)
    rule_options: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    source: Optional[Path] = None  # the file the settings came from

    def options_for(self, rule_id: str) -> Mapping[str, Any]:
        return self.rule_options.get(rule_id, {})

    def relative(self, path: str) -> Path:
        """A path from the settings: relative to the config file's folder, if there is one."""
        return (self.source.parent / path) if self.source and not Path(path).is_absolute() else Path(path)

_LISTS = {"select", "ignore", "exclude", "allow", "locales"}
_BOOLS = {"no-model", "offline", "report-unused-suppressions"}
_FLOATS = {"min-fluency"}
_STRINGS = {"lang", "fail-on", "model", "input-format", "source-locale", "glossary"}
KEYS = _LISTS | _BOOLS | _FLOATS | _STRINGS


def find_config(start: Path) -> Optional[Tuple[Path, Dict[str, Any], Dict[str, Dict[str, Any]]]]:
    """The nearest mtaudit settings upward from ``start``: (file, settings, rule options)."""
    start = start.resolve()
    for directory in [start, *start.parents] if start.is_dir() else list(start.parents):
        for loader in (_load_pyproject, _load_setup_cfg):
            found = loader(directory)
            if found is not None:
                return found
    return None


def load_file(path: Path) -> Tuple[Path, Dict[str, Any], Dict[str, Dict[str, Any]]]:
    """Settings from an explicit ``--config`` file (setup.cfg-style or TOML)."""
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    loader = _load_toml_file if path.suffix == ".toml" else _load_cfg_file
    found = loader(path)
    if found is None:
        raise ConfigError(f"{path} has no mtaudit section ([mtaudit] or [tool.mtaudit])")
    return found


def _load_pyproject(directory: Path):
    path = directory / "pyproject.toml"
    return _load_toml_file(path) if path.is_file() else None


def _load_setup_cfg(directory: Path):
    path = directory / "setup.cfg"
    return _load_cfg_file(path) if path.is_file() else None


def _load_toml_file(path: Path):
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    section = data.get("tool", {}).get("mtaudit")
    if section is None:
        return None
    rules = section.pop("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise ConfigError(f"{path}: [tool.mtaudit.rules] must hold one table per rule id")
    return path, _check(path, section), {k.upper(): dict(v) for k, v in rules.items()}


def _load_cfg_file(path: Path):
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    if not parser.has_section("mtaudit"):
        return None
    settings: Dict[str, Any] = {}
    for key, value in parser.items("mtaudit"):
        if key in _LISTS:
            settings[key] = [v.strip() for v in value.replace(",", "\n").splitlines() if v.strip()]
        else:
            settings[key] = value.strip()
    rules = {
        name.split(".", 2)[2].upper(): dict(parser.items(name))
        for name in parser.sections()
        if name.startswith("mtaudit.rules.")
    }
    return path, _check(path, settings), rules


def _check(path: Path, settings: Dict[str, Any]) -> Dict[str, Any]:
    for key in settings:
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown key '{key}' in the mtaudit section (known: {', '.join(sorted(KEYS))})")
    out: Dict[str, Any] = {}
    for key, value in settings.items():
        name = key.replace("-", "_")
        if key in _LISTS:
            out[name] = [value] if isinstance(value, str) else list(value)
        elif key in _BOOLS:
            out[name] = _to_bool(path, key, value)
        elif key in _FLOATS:
            try:
                out[name] = float(value)
            except (TypeError, ValueError):
                raise ConfigError(f"{path}: '{key}' must be a number, not {value!r}") from None
        else:
            out[name] = str(value)
    if out.get("fail_on", "warning") not in SEVERITIES:
        raise ConfigError(f"{path}: 'fail-on' must be one of {', '.join(SEVERITIES)}")
    return out


def _to_bool(path: Path, key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{path}: '{key}' must be true or false, not {value!r}")


def resolve(start: Path, config_file: Optional[Path] = None, **overrides: Any) -> Config:
    """Config from ``config_file`` (or the nearest one from ``start``) with CLI ``overrides``
    applied; overrides that are None or empty are left out."""
    found = load_file(config_file) if config_file else find_config(start)
    config = Config()
    if found:
        path, settings, rules = found
        config = dataclasses.replace(config, source=path, rule_options=rules, **settings)
    for key, value in overrides.items():
        if value is None or value == () or value == []:
            continue
        setattr(config, key, list(value) if isinstance(value, tuple) else value)
    return config
