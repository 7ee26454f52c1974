from pathlib import Path

import pytest

from mtaudit.config import find_config, resolve
from mtaudit.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_setup_cfg_section_found_upward(tmp_path):
    write(tmp_path / "setup.cfg", "[mtaudit]\nselect = MTA001, MTA002\nfail-on = error\nno-model = true\n"
          "exclude =\n    drafts/**\n\n[mtaudit.rules.MTA004]\nmin-probability = 0.95\n")
    nested = tmp_path / "docs" / "en"
    nested.mkdir(parents=True)
    config = resolve(nested)
    assert config.select == ["MTA001", "MTA002"]
    assert config.fail_on == "error" and config.no_model is True
    assert config.exclude == ["drafts/**"]
    assert config.options_for("MTA004") == {"min-probability": "0.95"}
    assert config.source == tmp_path / "setup.cfg"


def test_pyproject_wins_over_setup_cfg_in_the_same_folder(tmp_path):
    write(tmp_path / "setup.cfg", "[mtaudit]\nlang = de\n")
    write(tmp_path / "pyproject.toml", '[tool.mtaudit]\nlang = "fr"\nignore = ["MTA003"]\n'
          '[tool.mtaudit.rules.mta201]\nmin-fluency = 30\n')
    config = resolve(tmp_path)
    assert config.lang == "fr" and config.ignore == ["MTA003"]
    assert config.options_for("MTA201") == {"min-fluency": 30}


def test_options_override_file(tmp_path):
    write(tmp_path / "setup.cfg", "[mtaudit]\nlang = de\nselect = MTA001\n")
    config = resolve(tmp_path, lang="en", select=[], no_model=None)
    assert config.lang == "en" and config.select == ["MTA001"]


def test_files_without_a_section_are_skipped(tmp_path):
    write(tmp_path / "setup.cfg", "[metadata]\nname = x\n")
    assert find_config(tmp_path) is None


@pytest.mark.parametrize("body,needle", [
    ("[mtaudit]\nselct = MTA001\n", "unknown key 'selct'"),
    ("[mtaudit]\nfail-on = fatal\n", "'fail-on' must be one of"),
    ("[mtaudit]\nno-model = maybe\n", "'no-model' must be true or false"),
    ("[mtaudit]\nmin-fluency = high\n", "'min-fluency' must be a number"),
])
def test_bad_settings_name_the_file_and_key(tmp_path, body, needle):
    write(tmp_path / "setup.cfg", body)
    with pytest.raises(ConfigError) as error:
        resolve(tmp_path)
    assert needle in str(error.value) and "setup.cfg" in str(error.value)


def test_explicit_config_file_must_exist_and_have_a_section(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        resolve(tmp_path, tmp_path / "missing.cfg")
    with pytest.raises(ConfigError, match="no mtaudit section"):
        resolve(tmp_path, write(tmp_path / "other.toml", "[tool.black]\n"))
