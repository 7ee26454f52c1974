"""Side by side with Translate Toolkit's pofilter on the same .po files.

    python benchmarks/pofilter_compare.py [--seed 7] [--keep DIR]

Builds, reproducibly from ``--seed``, a German .po file from the hand-written UI strings
in ``benchmarks/data/ui_strings.tsv`` (English, German, French): every pair once as a
clean unit, plus units with one injected error each (placeholder, number, markup, URL or
e-mail, untranslated, wrong language, glossary term) and clean units with inflected
glossary terms; and an English-target .po file (German source) with machine-translation
phrasing next to clean English.  Runs pofilter (all its tests) and ``mtaudit audit
--no-model`` on both, maps pofilter tests and mtaudit rules onto the error types, and
prints per type: recall (injected units caught by a check of that type) and false alarms
(clean units flagged by a check of that type), then the share of clean units with any
finding at all.  Installs translate-toolkit with pip when pofilter is missing.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Callable, Dict, List, Optional, Set, Tuple

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks/data/ui_strings.tsv"
TYPES = ("placeholder", "number", "markup", "url", "untranslated", "wrong-language", "glossary", "fluency")
POFILTER = {  # pofilter test -> error type
    "variables": "placeholder", "printf": "placeholder", "pythonbraceformat": "placeholder",
    "numbers": "number", "xmltags": "markup", "urls": "url", "emails": "url",
    "untranslated": "untranslated", "unchanged": "untranslated", "blank": "untranslated",
    "doublewords": "fluency",
}
MTAUDIT = {  # mtaudit rule (prefix) -> error type
    "MTA401": "placeholder", "MTA402": "number", "MTA403": "markup", "MTA404": "url",
    "MTA405": "untranslated", "MTA406": "wrong-language", "MTA410": "glossary", "MTA411": "glossary",
    "MTA0": "fluency", "MTA1": "fluency", "MTA3": "fluency",
}
PER_TYPE = 30  # injected units per type in the German file
GLOSSARY = "file\tDatei\tde\nfile\t!Akte\tde\nfolder\tOrdner\tde\npassword\tPasswort\tde\n"

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%\d\$[sd]|%[sd]|\{\w+\}")
_NUMBER = re.compile(r"(?<![\w%$.])\d+(?:[.,]\d+)*(?![\w$])")
_TAG = re.compile(r"</?([a-z]+)[^>]*>")
_LINK = re.compile(r"https?://[^\s<>\"]+[\w/]|[\w.+-]+@[\w-]+\.\w+")

# English-target units (German source): machine-translation phrasing and clean English.
# Written for this benchmark; the errors are ones MT and spinners make.
EN_TARGET = [
    ("Wir arbeiten seit zwei Jahren an diesem Projekt.", "We have been working on this project since two years.", True),
    ("Trotz des Regens fand das Fest statt.", "Despite of the rain, the festival took place.", True),
    ("Bitte erklären Sie mir die neuen Regeln.", "Please explain me the new rules.", True),
    ("Der Server hat die Anfrage abgelehnt.", "The server has has rejected the request.", True),
    ("Die Datei wurde nicht gefunden.", "The the file was not found.", True),
    ("Wir müssen über das Budget diskutieren.", "We need to discuss about the budget.", True),
    ("Das hängt von der Version ab.", "That depends of the version.", True),
    ("Sie nahm an der Konferenz teil.", "She participated to the conference.", True),
    ("Er ist nach Hause gegangen.", "He went to home.", True),
    ("Die Gruppe besteht aus fünf Personen.", "The group is comprised of of five people.", True),
    ("Wir arbeiten seit zwei Jahren an diesem Projekt.", "We have been working on this project for two years.", False),
    ("Trotz des Regens fand das Fest statt.", "Despite the rain, the festival took place.", False),
    ("Bitte erklären Sie mir die neuen Regeln.", "Please explain the new rules to me.", False),
    ("Der Server hat die Anfrage abgelehnt.", "The server has rejected the request.", False),
    ("Die Datei wurde nicht gefunden.", "The file was not found.", False),
    ("Wir müssen über das Budget diskutieren.", "We need to discuss the budget.", False),
    ("Das hängt von der Version ab.", "That depends on the version.", False),
    ("Sie nahm an der Konferenz teil.", "She took part in the conference.", False),
    ("Er ist nach Hause gegangen.", "He went home.", False),
    ("Die Gruppe besteht aus fünf Personen.", "The group consists of five people.", False),
]


class Unit:
    def __init__(self, source: str, target: str, error: Optional[str] = None, note: str = "") -> None:
        self.source, self.target, self.error, self.note = source, target, error, note
        self.id = ""


def _pairs() -> List[Tuple[str, str, str]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            en, de, fr = line.split("\t")
            rows.append((en, de, fr))
    return rows


# -- injections: each returns the damaged German target, or None when it does not apply --

def _replace(match: re.Match, text: str, new: str) -> str:
    return text[: match.start()] + new + text[match.end() :]


def inject_placeholder(rng: random.Random, en: str, de: str, fr: str) -> Optional[str]:
    found = list(_PLACEHOLDER.finditer(de))
    if not found:
        return None
    m = rng.choice(found)
    ph = m.group()
    if ph.startswith("{"):
        options = ["", "{" + ph[1:-1].capitalize() + "}", "{" + {"user": "benutzer", "days": "tage", "size": "größe",
                   "filename": "dateiname", "date": "datum", "author": "autor"}.get(ph[1:-1], ph[1:-1] + "x") + "}"]
    elif ph.startswith("%("):
        options = ["", ph.replace("%(", "%(x_"), ph[:-1] + ("d" if ph.endswith("s") else "s")]
    else:
        options = ["", ph[:-1] + ("d" if ph.endswith("s") else "s"), "% " + ph[1:]]
    return _replace(m, de, rng.choice([o for o in options if o != ph]))


def inject_number(rng: random.Random, en: str, de: str, fr: str) -> Optional[str]:
    found = [m for m in _NUMBER.finditer(de) if not _inside(m, _PLACEHOLDER, de) and not _inside(m, _LINK, de)]
    if not found:
        return None
    m = rng.choice(found)
    digits = m.group()
    options = [digits + "0", str(int(re.sub(r"\D", "", digits)) + 1), ""]
    return re.sub(r"  +", " ", _replace(m, de, rng.choice(options)))


def inject_markup(rng: random.Random, en: str, de: str, fr: str) -> Optional[str]:
    tags = list(_TAG.finditer(de))
    if not tags:
        return None
    m = rng.choice(tags)
    name = m.group(1)
    mode = rng.choice(["drop", "rename", "attribute"] if "=" in m.group() else ["drop", "rename"])
    if mode == "drop":
        return _replace(m, de, "")
    if mode == "rename":
        german = {"b": "f", "strong": "stark", "em": "betont", "a": "link", "span": "spanne", "br": "umbruch"}[name]
        return re.sub(rf"(</?){name}\b", rf"\g<1>{german}", de)
    return _replace(m, de, re.sub(r'="([^"]*)"', lambda a: '="' + a.group(1).replace("terms", "bedingungen")
                                  .replace("docs", "doku").replace("key", "taste") + '"', m.group()))


def inject_url(rng: random.Random, en: str, de: str, fr: str) -> Optional[str]:
    found = list(_LINK.finditer(de))
    if not found:
        return None
    m = rng.choice(found)
    link = m.group()
    options = [link.replace("example.com", "beispiel.de").replace("example.org", "beispiel.org"),
               link.replace("help", "hilfe").replace("download", "herunterladen").replace("docs", "doku")
                   .replace("support@", "unterstuetzung@").replace("abuse@", "missbrauch@").replace("status.", "zustand."),
               link.replace("https://", "http://")]
    options = [o for o in options if o != link]
    return _replace(m, de, rng.choice(options))


def inject_untranslated(rng: random.Random, en: str, de: str, fr: str) -> Optional[str]:
    if len(en.split()) < 3 or en == de:
        return None
    return rng.choice([en, ""])


def inject_wrong_language(rng: random.Random, en: str, de: str, fr: str) -> Optional[str]:
    return fr if fr and len(fr.split()) >= 5 else None


def inject_glossary(rng: random.Random, en: str, de: str, fr: str) -> Optional[str]:
    if re.search(r"\bfiles?\b", en) and "Datei" in de:
        return de.replace("Dateien", "Akten").replace("Datei", rng.choice(["Akte", "Dokument"]))
    if re.search(r"\bfolder\b", en) and "Ordner" in de:
        return de.replace("Ordner", "Verzeichnis")
    if re.search(r"\bpasswords?\b", en, re.I) and "Passw" in de:
        return de.replace("Passwort", "Kennwort").replace("Passwörter", "Kennwörter")
    return None


INJECTIONS: Dict[str, Callable] = {
    "placeholder": inject_placeholder, "number": inject_number, "markup": inject_markup, "url": inject_url,
    "untranslated": inject_untranslated, "wrong-language": inject_wrong_language, "glossary": inject_glossary,
}


def _inside(m: re.Match, pattern: re.Pattern, text: str) -> bool:
    return any(o.start() <= m.start() < o.end() for o in pattern.finditer(text))


def build_units(seed: int) -> Tuple[List[Unit], List[Unit]]:
    rng = random.Random(seed)
    pairs = _pairs()
    german = [Unit(en, de) for en, de, _ in pairs]
    # Inflected glossary terms that are right: they must not be flagged.
    german += [Unit("Delete the selected files", "Ausgewählte Dateien löschen"),
               Unit("Rename the file", "Die Datei umbenennen"),
               Unit("The files in this folder are shared.", "Die Dateien in diesem Ordner sind freigegeben.")]
    for error, inject in INJECTIONS.items():
        candidates = [p for p in pairs if inject(random.Random(0), *p) is not None]
        wanted = PER_TYPE if error != "glossary" else 10
        for _ in range(wanted):
            en, de, fr = rng.choice(candidates)
            damaged = inject(rng, en, de, fr)
            german.append(Unit(en, damaged, error))
    rng.shuffle(german)
    english = [Unit(de, en, "fluency" if bad else None) for de, en, bad in EN_TARGET]
    return german, english


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def write_po(path: Path, units: List[Unit], language: str, source_language: str) -> Dict[int, Unit]:
    """Write the units with msgctxt ids; returns the first line of each unit."""
    lines = ['msgid ""', 'msgstr ""', f'"Language: {language}\\n"', f'"X-Source-Language: {source_language}\\n"',
             '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    starts: Dict[int, Unit] = {}
    for n, unit in enumerate(units, 1):
        unit.id = f"{language}{n:04d}"
        starts[len(lines) + 1] = unit
        lines += [f'msgctxt "{unit.id}"', f'msgid "{_escape(unit.source)}"', f'msgstr "{_escape(unit.target)}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return starts


def ensure_pofilter() -> str:
    found = shutil.which("pofilter")
    if found is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "translate-toolkit"], check=True)
        found = shutil.which("pofilter")
    if found is None:
        sys.exit("pofilter is not on PATH even after installing translate-toolkit")
    return found


def run_pofilter(pofilter: str, path: Path, out: Path, language: str) -> Dict[str, Set[str]]:
    """Unit id -> error types pofilter flagged (its tests mapped by POFILTER)."""
    subprocess.run([pofilter, "--progress=none", f"--language={language}", "-i", str(path), "-o", str(out)],
                   check=True, capture_output=True)
    import polib

    flagged: Dict[str, Set[str]] = defaultdict(set)
    if not out.exists():
        return flagged
    for entry in polib.pofile(str(out)):
        for test in re.findall(r"\(pofilter\) (\w+):", entry.tcomment or ""):
            flagged[entry.msgctxt].add(POFILTER.get(test, "other:" + test))
    return flagged


def run_mtaudit(path: Path, starts: Dict[int, Unit], glossary: Path) -> Dict[str, Set[str]]:
    config = path.parent / "setup.cfg"
    config.write_text(f"[mtaudit]\nglossary = {glossary.name}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mtaudit", "audit", "--no-model", "--format", "json",
                             "--config", str(config), str(path)], check=True, capture_output=True, text=True, cwd=ROOT)
    report = json.loads(result.stdout)
    first_lines = sorted(starts)
    flagged: Dict[str, Set[str]] = defaultdict(set)
    for finding in report["files"][0]["findings"]:
        line = max(n for n in first_lines if n <= finding["line"])
        kind = next((t for prefix, t in MTAUDIT.items() if finding["rule"].startswith(prefix)), "other:" + finding["rule"])
        flagged[starts[line].id].add(kind)
    return flagged


def score(units: List[Unit], flagged: Dict[str, Set[str]]) -> Dict[str, Tuple[Optional[float], int, int]]:
    """Per type: (recall or None when nothing was injected, false alarms, clean units)."""
    out = {}
    for kind in TYPES:
        injected = [u for u in units if u.error == kind]
        others = [u for u in units if u.error is None]
        recall = sum(kind in flagged.get(u.id, ()) for u in injected) / len(injected) if injected else None
        out[kind] = (recall, sum(kind in flagged.get(u.id, ()) for u in others), len(others))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the generated .po files and reports here")
    args = parser.parse_args(argv)
    pofilter = ensure_pofilter()
    version = subprocess.run([pofilter, "--version"], capture_output=True, text=True).stdout.strip()
    german, english = build_units(args.seed)
    work = Path(tempfile.mkdtemp(prefix="pofilter-bench-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    glossary = work / "terms.tsv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    results = {"pofilter": {}, "mtaudit": {}}
    for name, units, language, source in (("de.po", german, "de", "en"), ("en.po", english, "en", "de")):
        path = work / name
        starts = write_po(path, units, language, source)
        results["pofilter"].update(run_pofilter(pofilter, path, work / f"pofilter-{name}", language))
        results["mtaudit"].update(run_mtaudit(path, starts, glossary))
    units = german + english
    clean = [u for u in units if u.error is None]
    print(f"{len(german)} German units ({sum(u.error is None for u in german)} clean) and {len(english)} English "
          f"units ({sum(u.error is None for u in english)} clean), seed {args.seed}; {version}\n")
    print("| error type | injected | pofilter recall | pofilter false alarms | mtaudit recall | mtaudit false alarms |")
    print("|---|---|---|---|---|---|")
    scores = {tool: score(units, flagged) for tool, flagged in results.items()}
    for kind in TYPES:
        injected = sum(u.error == kind for u in units)
        cells = []
        for tool in ("pofilter", "mtaudit"):
            recall, false_alarms, total = scores[tool][kind]
            covered = kind in (POFILTER.values() if tool == "pofilter" else MTAUDIT.values())
            cells += [f"{recall:.2f}" if covered else "no check", f"{false_alarms}/{total}" if covered else "–"]
        print(f"| {kind} | {injected} | " + " | ".join(cells) + " |")
    for tool, flagged in results.items():
        noisy = sum(bool(flagged.get(u.id)) for u in clean)
        print(f"\n{tool}: {noisy}/{len(clean)} clean units with any finding (all checks, incl. "
              f"{'endpunc, startcaps, simplecaps…' if tool == 'pofilter' else 'punctuation, length, whitespace'})")
    if args.keep is None:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
