"""The package list in setup.cfg covers every subpackage, and models/ data is found."""
import configparser
from pathlib import Path

from mtaudit.resources import model_file

ROOT = Path(__file__).resolve().parent.parent


def test_setup_cfg_lists_every_subpackage():
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    listed = set(parser.get("options", "packages").split())
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "mtaudit").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert listed == on_disk | {"mtaudit.models"}


def test_models_data_is_found():
    for name in ("boilerplate.txt", "manifest.json", "calibration.json", "tortured_phrases.tsv", "idioms.tsv",
                 "length_ratios.json"):
        assert model_file(name).is_file(), name
