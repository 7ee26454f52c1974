import pytest

from mtaudit.bilingual.glossary import parse_glossary
from mtaudit.rules.base import RuleContext
from mtaudit.rules.mta410_glossary import ForbiddenTerm, GlossaryTerm

from .helpers import flagged, run_pairs

GLOSSARY = parse_glossary("file\tDatei\tde\nfile\t!Akte\tde\nfolder\tOrdner|Verzeichnis\tde\n\t!Mappe\tde\n"
                          "password\tPasswort\tde\nfile\tfichier\tfr\n")
CONTEXT = RuleContext(glossary=GLOSSARY)


@pytest.mark.parametrize("source, target", [
    ("Delete the file", "Die Datei löschen"),
    ("Delete the selected files", "Ausgewählte Dateien löschen"),
    ("Passwords must be long", "Passwörter müssen lang sein"),
    ("Open the folder", "Das Verzeichnis öffnen"),
    ("Uploading {filename}", "{filename} wird hochgeladen"),  # "filename" is not "file"
])
def test_required_term_inflected_passes(source, target):
    assert run_pairs(GlossaryTerm, source, target, context=CONTEXT) == []


def test_missing_required_term_is_reported():
    (finding,) = run_pairs(GlossaryTerm, "Delete the file", "Das Dokument löschen", context=CONTEXT)
    assert finding.message == "Glossary: 'file' should be translated as 'Datei'"


def test_terms_apply_to_their_language_only():
    assert run_pairs(GlossaryTerm, "Delete the file", "Supprimer le document", context=CONTEXT, target_language="fr")
    assert run_pairs(GlossaryTerm, "Delete the file", "Eliminar el documento", context=CONTEXT, target_language="es") == []


def test_forbidden_term_is_reported_at_its_span_with_the_required_term():
    target = "Die Akten löschen"
    (finding,) = run_pairs(ForbiddenTerm, "Delete the files", target, context=CONTEXT)
    assert flagged(finding, target) == "Akten" and finding.suggestions == ("Datei",)


def test_forbidden_everywhere():
    target = "In der Mappe speichern"
    (finding,) = run_pairs(ForbiddenTerm, "Save in the binder", target, context=CONTEXT)
    assert flagged(finding, target) == "Mappe" and finding.suggestions == ()


def test_without_glossary_nothing_is_reported():
    assert run_pairs(GlossaryTerm, "Delete the file", "Akte löschen") == []
    assert run_pairs(ForbiddenTerm, "Delete the file", "Akte löschen") == []
