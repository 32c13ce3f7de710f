"""A translation holds what its English holds: for every document type, every kind of
place drafter has an example of, and every language it has a catalog for, the same
recitals, sections, rules, subsections, paragraphs and table rows, block by block; and a
translation that falls short says so when it is drafted."""
from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import EXAMPLES, run

from drafter import i18n
from drafter.documents.parity import differences
from drafter.pipeline import Request, build, prepare

PROFILES = sorted(p for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".status.yaml"))
TYPES = ("ordinance", "resolution", "petition", "letter", "testimony", "worksheet",
         "explainer", "state-law-memo", "report-back")
LANGUAGES = [code for code in i18n.language_codes() if code != "en"]
SENDER = EXAMPLES / "senders" / "elm-harbor-coalition.yaml"


def drafts(profile, doc_type, language):
    from drafter.inputs.status import StatusFile
    from drafter.inputs.yamlfile import load_yaml_file

    # The report back needs a campaign's answers: Elm Harbor's, for every kind of place.
    status = StatusFile.model_validate(load_yaml_file(
        EXAMPLES / "elm-harbor-city.status.yaml")[0]) if doc_type == "report-back" else None
    job = prepare(Request(jurisdiction=profile, documents=(doc_type,), languages=(language,),
                          sender=SENDER, status=status))
    return build(job, doc_type)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("doc_type", TYPES)
@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_every_translation_has_every_block_of_its_english(profile, doc_type, language):
    english = drafts(profile, doc_type, "en")
    translated = drafts(profile, doc_type, language)
    if doc_type in ("ordinance", "resolution"):       # the English law, then its translation
        english, translated = translated[:len(translated) // 2], translated[len(translated) // 2:]
    assert len(english) == len(translated) > 0
    for source, translation in zip(english, translated):
        assert differences(source, translation) == [], translation.stem
        assert "does not match the English" not in translation.untranslated


def test_a_translation_short_of_a_recital_is_named_when_drafted():
    from drafter.documents.registry import _matched
    from drafter.document import Recital

    job = prepare(Request(documents=("ordinance",), languages=("es",)))
    english, spanish = build(job, "ordinance")
    [printz] = [b for b in spanish.blocks if isinstance(b, Recital) and "Printz" in b.text]
    short = replace(spanish, blocks=tuple(b for b in spanish.blocks if b is not printz))
    [checked] = _matched([english], [short], "es")
    assert "city-of-elm-harbor-ordinance-es: the Spanish text does not match the English" \
        in checked.untranslated
    assert "(no recital for “WHEREAS, enforcing federal civil immigration law is the " \
        "responsibility…”)" in checked.untranslated


def test_a_spanish_courtesy_translation_drafts_without_a_parity_warning(tmp_path):
    result = run("draft", "ordinance", "--lang", "es", "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "does not match the English" not in result.stderr
    text = (tmp_path / "city-of-elm-harbor-ordinance-es.md").read_text(encoding="utf-8")
    assert text.count("CONSIDERANDO QUE") == 12
    assert "orden de detención" not in text.lower() and "solicitud de detención migratoria" in text


def test_a_courtesy_translation_is_compared_when_drafted_from_the_command_line(
        tmp_path, monkeypatch):
    """The run compares the courtesy translation it writes with the English law (it once
    compared nothing when Spanish was the papers' language): a shortfall reaches stderr."""
    import drafter.documents.parity as parity

    monkeypatch.setattr(parity, "differences",
                        lambda english, translation: ["no recital for “WHEREAS, test…”"])
    result = run("draft", "ordinance", "--lang", "es", "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert ("city-of-elm-harbor-ordinance-es: the Spanish text does not match the English "
            "block for block (no recital for “WHEREAS, test…”)") in result.stderr
