"""Campaign papers in Spanish (--lang es) from the gettext catalog, read back as a reader
would: the words in the DOCX, the PDF and the Markdown."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from drafter import i18n
from drafter.i18n import Translator

from conftest import EXAMPLES, ROOT, docx_text, normalise, pdf_pages, read_md, run

PAPERS = ("petition", "letter", "testimony", "worksheet", "report-back", "explainer",
          "state-law-memo")
CATALOG = ROOT / "locale" / "es" / "LC_MESSAGES" / "drafter.po"
SENDER = EXAMPLES / "senders" / "elm-harbor-coalition.yaml"
NAMES = {"legal name", "governing body", "kind of government", "executive", "office", "agency",
         "oversight", "article of an English name", "state", "office title"}


def english_fragments() -> set[str]:
    """Every stretch of English the catalog translates, long enough to be a sentence's
    worth: the literal text between a message's placeholders and Jinja tags."""
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    fragments = set()
    for message in catalog:
        if not message.id or not message.string or isinstance(message.id, tuple):
            continue
        if (message.context or "").split(" (")[0] in NAMES:   # proper names may stay English
            continue
        for piece in re.split(r"\{\{.*?\}\}|\{%.*?%\}|\{\w+\}|_{4,}", message.id, flags=re.S):
            for sentence in re.split(r"(?<=[.:;?])\s+|\n+", piece):
                sentence = normalise(sentence)
                if len(sentence) >= 10 and sentence not in normalise(message.string):
                    fragments.add(sentence)
    return fragments


@pytest.fixture(scope="module")
def spanish(tmp_path_factory):
    out = tmp_path_factory.mktemp("es")
    files: dict[str, list[Path]] = {}
    for paper in PAPERS:
        result = run("draft", paper, "--lang", "es", "--from", str(SENDER), "--date",
                     "2026-11-26", "--format", "docx,pdf,md", "--out", str(out))
        assert result.exit_code == 0, result.output
        assert "catalog" not in result.stderr, result.stderr     # nothing left in English
        files[paper] = [Path(line.split()[1]) for line in result.stdout.splitlines()
                        if line.startswith("wrote ")]
    return files


def texts(path: Path) -> str:
    if path.suffix == ".docx":
        return docx_text(path)
    if path.suffix == ".pdf":
        return normalise(" ".join(re.sub(r"-\n", "-", page) for page in pdf_pages(path)))
    return normalise(read_md(path))


def law_data_quoted_in_english(state: str) -> list[str]:
    """The memo quotes its state's law data in English, marked as English: every text of
    the state's file, longest first, as the memo prints it."""
    from drafter.inputs.statelaw import state_law

    found: list[str] = []

    def walk(value):
        if isinstance(value, str):
            found.append(normalise(value))
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item)
        elif hasattr(value, "model_dump"):
            walk(list(value.model_dump().values()))
        elif isinstance(value, dict):
            walk(list(value.values()))
    walk(state_law().states[state])
    return sorted(found, key=len, reverse=True)


@pytest.mark.parametrize("paper", PAPERS)
def test_no_english_sentence_the_tool_writes_remains(spanish, paper):
    fragments = english_fragments()
    assert len(fragments) > 200          # the comparison has something to compare
    quoted = law_data_quoted_in_english("Michigan") if paper == "state-law-memo" else []
    for path in spanish[paper]:
        text = texts(path)
        for data in quoted:              # the example city is in Michigan
            text = text.replace(data, " ")
        left = [f for f in fragments if f in text]
        assert not left, (path.name, left[:3])
        assert not re.search(r"\bPage \d+ of\b|\bthe (City|Council)\b", text), path.name


def test_spanish_words_dates_and_language_tags(spanish):
    from pypdf import PdfReader

    petition = {p.suffix: p for p in spanish["petition"]}
    for suffix in (".docx", ".pdf", ".md"):
        text = texts(petition[suffix])
        assert "Petición al Concejo Municipal de la Ciudad de Elm Harbor" in text, suffix
        assert "Nombre en letra de molde" in text and "Firma" in text, suffix
        assert "con el título “Elm Harbor Community Trust Ordinance”" in text, suffix
        assert "al Concejo Municipal" in text and "a el " not in text, suffix
    assert "Página 1 de" in texts(petition[".pdf"])
    assert PdfReader(str(petition[".pdf"])).trailer["/Root"]["/Lang"] == "es-US"
    from docx import Document

    assert Document(str(petition[".docx"])).core_properties.language == "es-US"
    letter = next(p for p in spanish["letter"] if p.suffix == ".md" and "mayor" in p.name)
    text = texts(letter)
    assert "26 de noviembre de 2026" in text and "a más tardar el 10 de diciembre de 2026" in text
    assert "Estimada alcaldesa Whitfield:" in text and "Atentamente," in text
    assert "Alcaldesa" in text and "Mayor\n" not in text        # her title, in Spanish
    report = next(p for p in spanish["report-back"] if p.suffix == ".md")
    # Plural forms from the catalog's rule: "5 están" but "1 está".
    assert re.search(r"De las nueve reglas, \d+ están en vigor y \d+ est(á|án) por escrito",
                     texts(report))


def test_other_governments_are_named_in_spanish(tmp_path):
    result = run("draft", "petition", "-j", str(EXAMPLES / "juniper-county.yaml"), "--lang",
                 "es", "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = read_md(next(tmp_path.glob("*.md")))
    assert "Petición a la Junta de Comisionados del Condado de Juniper" in text
    assert "del Condado del Condado" not in text
    assert "agencias del Condado:" in text


def test_legislation_stays_english_in_a_spanish_packet(tmp_path):
    english, spanish = tmp_path / "en", tmp_path / "es"
    for lang, out in (("en", english), ("es", spanish)):
        result = run("packet", "--lang", lang, "--date", "2026-11-26", "--format", "md,pdf",
                     "--out", str(out))
        assert result.exit_code == 0, result.output
    for name in ("city-of-elm-harbor-ordinance.md", "city-of-elm-harbor-resolution.md",
                 "city-of-elm-harbor-executive-order.md", "city-of-elm-harbor-department-order.md"):
        assert (spanish / name).read_text() == (english / name).read_text(), name
    cover = pdf_pages(spanish / "city-of-elm-harbor-packet.pdf")[0]
    assert "Paquete de la campaña Freedom City" in cover and "26 de noviembre de 2026" in cover
    assert "Ordenanza (en inglés)" in cover and "Petición" in cover
    assert "los documentos de la campaña están en español" in normalise(cover)
    last = normalise(pdf_pages(spanish / "city-of-elm-harbor-packet.pdf")[-1])
    assert re.search(r"Página \d+ de \d+ del paquete$", last)


@pytest.fixture
def catalogs(tmp_path, monkeypatch):
    """A locale folder of our own: the Spanish catalog, and room for more."""
    root = tmp_path / "locale"
    shutil.copytree(ROOT / "locale", root)
    monkeypatch.setattr(i18n, "locale_dir", lambda: root)
    for cached in (i18n.languages, i18n._catalog, i18n._messages, i18n._plurals):
        cached.cache_clear()
    yield root
    for cached in (i18n.languages, i18n._catalog, i18n._messages, i18n._plurals):
        cached.cache_clear()


def test_a_message_the_catalog_lacks_is_english_with_a_warning(catalogs, tmp_path):
    path = catalogs / "es" / "LC_MESSAGES" / "drafter.po"
    with path.open("rb") as po:
        catalog = read_po(po)
    for message in catalog:
        if message.id in ("Printed name",) or message.context == "petition-closing":
            message.string = ""
    with path.open("wb") as po:
        write_po(po, catalog)
    result = run("draft", "petition", "--lang", "es", "--format", "md,pdf", "--out",
                 str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "has no translation for 2 text(s), written in English instead" in result.stderr
    assert "Printed name" in result.stderr and "petition-closing" in result.stderr
    text = read_md(next((tmp_path / "out").glob("*.md")))
    assert "Printed name" in text and "These rules help everyone in" in text
    assert "Firma" in text                     # the rest still Spanish


def test_a_new_language_is_one_catalog_and_right_to_left_does_not_crash(catalogs, tmp_path):
    folder = catalogs / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (ROOT / "locale" / "drafter.pot").open("rb") as pot:
        catalog = read_po(pot, locale="ar")
    for message in catalog:
        if message.id == "Printed name":
            message.string = "الاسم بخط واضح"
    with (folder / "drafter.po").open("wb") as po:
        write_po(po, catalog)
    listed = run("list", "languages")
    assert listed.exit_code == 0 and re.search(r"^ar\s+العربية\s+1 of \d+", listed.stdout, re.M)
    result = run("draft", "petition", "--lang", "ar", "--format", "docx,pdf,md", "--out",
                 str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "written in English instead" in result.stderr
    assert "الاسم بخط واضح" in read_md(next((tmp_path / "out").glob("*.md")))


def test_list_languages_and_an_unknown_language():
    listed = run("list", "languages")
    assert listed.exit_code == 0
    assert re.search(r"^es\s+español\s+\d+ of \d+ messages translated", listed.stdout, re.M)
    refused = run("draft", "petition", "--lang", "fr", "--out", "/tmp/never")
    assert refused.exit_code != 0 and "Traceback" not in refused.output
    assert "no catalog for 'fr'" in refused.output and "drafter list languages" in refused.output
    assert not Path("/tmp/never").exists()


def test_spanish_contractions():
    finish = Translator("es").finish
    assert finish("Le pedimos a el Concejo de el Condado") == "Le pedimos al Concejo del Condado"
    assert finish("vive en el Condado de El Paso, a El Salvador") == \
        "vive en el Condado de El Paso, a El Salvador"


def test_the_catalogs_hold_every_message_the_code_and_clauses_write():
    """`make catalogs` was run after the last change to a message: Babel's extractors find
    exactly the messages the template and the Spanish catalog hold."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map):
        found.add((context, message if isinstance(message, str) else message[0]))
    for path in (ROOT / "locale" / "drafter.pot", CATALOG):
        with path.open("rb") as po:
            held = {(m.context, m.id if isinstance(m.id, str) else m.id[0])
                    for m in read_po(po) if m.id}
        assert found == held, (path.name, "run `make catalogs`",
                               sorted(found - held)[:3], sorted(held - found)[:3])


def test_a_bilingual_petition_anyone_at_the_door_can_read_and_sign(tmp_path):
    result = run("draft", "petition", "--lang", "en,es", "--sheets", "2", "--format",
                 "pdf,md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = read_md(tmp_path / "city-of-elm-harbor-petition-en-es.md")
    # The ask and every rule in both languages, English first, rule by rule.
    assert "We, the undersigned residents" in text and "Quienes firmamos abajo" in text
    english = text.index("#1 Judicial Warrant Rule:")
    assert english < text.index("Regla de la orden judicial (n.º 1):") < text.index(
        "#2 No Facilitation Rule:")
    assert "| No. / N.º | Printed name / Nombre en letra de molde | Residence address / " \
           "Dirección de residencia | Signature / Firma | Date / Fecha |" in text
    assert "Sheet ____ of 2 / Hoja ____ de 2" in text
    # Each sheet is one landscape page holding its header row and its last note in both
    # languages.
    pages = [normalise(p) for p in pdf_pages(tmp_path / "city-of-elm-harbor-petition-en-es.pdf")]
    sheets = [p for p in pages if "Hoja ____ de 2" in p]
    assert len(sheets) == 2
    for page in sheets:
        assert "Printed name / Nombre en letra de molde" in page
        assert "does not place anything on a ballot" in page and "no pone nada en la boleta" in page


@pytest.mark.parametrize("extra", [["--contact-column"], ["--circulator"]])
def test_bilingual_sheets_with_more_notes_still_fit_or_are_refused(tmp_path, extra):
    result = run("draft", "petition", "--lang", "es,en", "--sheets", "2", *extra, "--format",
                 "pdf", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    pages = [normalise(p) for p in pdf_pages(tmp_path / "city-of-elm-harbor-petition-es-en.pdf")]
    sheets = [p for p in pages if "Hoja ____ de 2" in p]
    assert len(sheets) == 2 and all("does not place anything on a ballot" in p for p in sheets)
    assert all(("agree that the organizers" in p) == ("--contact-column" in extra) for p in sheets)
    both = run("draft", "petition", "--lang", "es,en", "--contact-column", "--circulator",
               "--out", str(tmp_path / "refused"))
    assert both.exit_code == 1 and "draft one petition per language" in both.output
    assert not (tmp_path / "refused").exists()


def test_letters_and_testimony_in_each_language_as_their_own_files(tmp_path):
    result = run("draft", "letter", "--lang", "en,es", "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.glob("*.md"))
    assert names == ["city-of-elm-harbor-letter-chief-of-police-luis-ortega-es.md",
                     "city-of-elm-harbor-letter-chief-of-police-luis-ortega.md",
                     "city-of-elm-harbor-letter-mayor-dana-whitfield-es.md",
                     "city-of-elm-harbor-letter-mayor-dana-whitfield.md"]
    assert "Dear Mayor Whitfield:" in read_md(
        tmp_path / "city-of-elm-harbor-letter-mayor-dana-whitfield.md")
    assert "Estimada alcaldesa Whitfield:" in read_md(
        tmp_path / "city-of-elm-harbor-letter-mayor-dana-whitfield-es.md")
    refused = run("draft", "letter", "--lang", "en,es,es", "--out", str(tmp_path / "x"))
    assert refused.exit_code == 1 and "two separated by a comma" in refused.output


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_explainer_is_one_page_with_every_rule_and_why_it_matters(tmp_path, language):
    from drafter.inputs.clauses import load_library

    result = run("draft", "explainer", "--lang", language, "--from", str(SENDER), "--format",
                 "pdf,docx,md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    stem = "city-of-elm-harbor-explainer" + ("" if language == "en" else f"-{language}")
    pages = pdf_pages(tmp_path / f"{stem}.pdf")
    assert len(pages) == 1                       # a flyer
    text = read_md(tmp_path / f"{stem}.md")
    _ = Translator(language)
    library = load_library()
    for rule in library.rules():
        summary = _.pgettext(f"{rule.id} summary", " ".join(rule.meta.summary.split()))
        entity = ("the Elm Harbor Civilian Police Review Board" if language == "en" else
                  "la Junta Civil de Revisión Policial de Elm Harbor")   # its names: es:
        assert summary.replace("[oversight entity]", entity) in text, rule.id
    for group in library.groups.values():
        if group.why:
            assert _.pgettext(f"{group.id} why", group.why) in text, group.id
    assert "coalition@elmharbor.example.org" in text
    assert normalise(pages[0]).startswith(
        "Las reglas de Freedom City" if language == "es" else "The Freedom City Rules")


def test_the_state_law_memo_in_spanish_quotes_the_law_data_in_english(tmp_path):
    result = run("draft", "state-law-memo", "-j", str(EXAMPLES / "pecan-springs-city.yaml"),
                 "--lang", "es", "--format", "md,pdf", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = read_md(next(tmp_path.glob("*.md")))
    assert "Memorando sobre la ley estatal: Texas" in text and "Conclusión para Texas: restringe." in text
    assert "| Regla en riesgo | En estos documentos | Alcance | Dónde y por qué |" in text
    assert "Destitución del cargo: violating § 752.053 forfeits an elective or appointive" in text
    assert "Lo que una campaña en Texas todavía puede hacer:" in text
    assert "se citan en inglés" in text
    from drafter.pipeline import Request, build, prepare
    from drafter.render.html import render_html

    # The English law data is marked as English for screen readers.
    job = prepare(Request(jurisdiction=EXAMPLES / "pecan-springs-city.yaml", languages=("es",)))
    html = render_html(build(job, "state-law-memo")[0])
    assert '<p class="body" lang="en-US">A local entity or campus police department may not adopt' in html


def test_every_model_rule_has_a_spanish_translation_of_its_current_text():
    from drafter.inputs.clauses import load_library, load_translations, model_hash

    library = load_library()
    translations = load_translations("es")
    for clause in [*library.rules(), *library.extras()]:
        translation = translations[clause.id]
        assert translation.meta.translation_of.sha256 == model_hash(clause.body), clause.id
        assert not translation.meta.reviewed          # until a lawyer reads both languages
        assert "[County/City/State]" not in translation.body


def test_check_strict_flags_a_translation_whose_english_changed(tmp_path, monkeypatch):
    from drafter import paths
    from drafter.inputs import clauses

    data = tmp_path / "data"
    for folder in ("clauses", "templates", "jurisdictions", "locale"):
        shutil.copytree(ROOT / folder, data / folder)
    rule = data / "clauses" / "rules" / "judicial-warrant.md"
    rule.write_text(rule.read_text().replace("prior to detaining", "before detaining"))
    monkeypatch.setattr(paths, "data_root", lambda: data)
    clauses.load_translations.cache_clear()
    try:
        result = run("check", "--strict")
    finally:
        clauses.load_translations.cache_clear()
    assert result.exit_code == 1
    translation = data / "clauses" / "translations" / "es" / "judicial-warrant.md"
    assert f"{translation}:6: translation_of.sha256: the English text of 'judicial-warrant'" \
        in result.stderr
    assert "update the translation, then set translation_of.sha256 to" in result.stderr
    assert run("check").exit_code == 0        # not strict: drafting is not stopped


@pytest.fixture(scope="module")
def courtesy(tmp_path_factory):
    out = tmp_path_factory.mktemp("courtesy")
    for lang, folder in (("en", "en"), ("es", "es")):
        for doc in ("ordinance", "resolution"):
            result = run("draft", doc, "--lang", lang, "--format", "md,pdf,docx", "--out",
                         str(out / folder))
            assert result.exit_code == 0, result.output
            assert "catalog" not in result.stderr, result.stderr
    return out


@pytest.mark.parametrize("doc", ["ordinance", "resolution"])
def test_a_courtesy_translation_beside_the_english_never_replacing_it(courtesy, doc):
    english, spanish = courtesy / "en", courtesy / "es"
    stem = f"city-of-elm-harbor-{doc}"
    assert (spanish / f"{stem}.md").read_text() == (english / f"{stem}.md").read_text()
    assert not (english / f"{stem}-es.md").exists()
    note = ("Traducción de cortesía. Solo la versión en inglés se presentará y, si se aprueba, "
            "tendrá validez oficial.")
    pages = [normalise(p) for p in pdf_pages(spanish / f"{stem}-es.pdf")]
    assert len(pages) > 1 and all(note in page for page in pages)      # every page
    assert all("BORRADOR" in page and re.search(r"Página \d+ de \d+", page) for page in pages)
    text = texts(spanish / f"{stem}-es.md")
    assert text.startswith(f"**BORRADOR** {note}")
    assert texts(spanish / f"{stem}-es.docx").startswith(note)
    # No sentence of the tool's English left in it, and the rules from the clause library's
    # translations, word for word.
    left = [f for f in english_fragments() if f in text]
    assert not left, left[:3]
    from drafter.inputs.clauses import load_translations

    rule = load_translations("es")["judicial-warrant"].body.replace(
        "{{ jurisdiction.the_word }}", "la Ciudad")
    assert rule in text
    assert ("Sección 1." in text) and ("Section 1." not in text)


def test_a_rule_a_lawyer_reworded_stays_english_in_the_courtesy_translation(tmp_path):
    from drafter.inputs.clauses import load_library

    original = load_library().clauses["judicial-warrant"]
    folder = tmp_path / "clauses"
    folder.mkdir()
    (folder / "judicial-warrant.md").write_text(
        original.path.read_text().replace("prior to detaining", "before detaining"))
    result = run("draft", "ordinance", "--lang", "es", "--clauses", str(folder), "--format",
                 "md", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "judicial-warrant: [County/City/State] officials shall require" in result.stderr
    text = read_md(tmp_path / "out" / "city-of-elm-harbor-ordinance-es.md")
    assert "City officials shall require a judicial warrant before detaining" in text
    assert "Los funcionarios de la Ciudad no arrestarán" in text      # the others translated


def test_final_courtesy_translation_keeps_its_note_but_no_draft_mark(tmp_path):
    result = run("draft", "ordinance", "--lang", "es", "--final", "--format", "pdf",
                 "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    pages = [normalise(p) for p in pdf_pages(tmp_path / "city-of-elm-harbor-ordinance-es.pdf")]
    assert all("Solo la versión en inglés se presentará" in p and "no revisada por un abogado" in p
               for p in pages)
    assert not any("BORRADOR" in p for p in pages)


@pytest.mark.parametrize("paper", PAPERS)
def test_every_campaign_paper_in_english_and_spanish(tmp_path, paper):
    result = run("draft", paper, "--lang", "en,es", "--from", str(SENDER), "--format",
                 "docx,pdf,md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = {p.name for p in tmp_path.iterdir()}
    stems = {name.rsplit(".", 1)[0] for name in written}
    assert all(f"{stem}.{fmt}" in written for stem in stems for fmt in ("docx", "pdf", "md"))
    spanish = [s for s in stems if s.endswith("-es")]
    if paper == "petition":               # one paper in both languages
        assert stems == {"city-of-elm-harbor-petition-en-es"}
        text = texts(tmp_path / "city-of-elm-harbor-petition-en-es.pdf")
        assert "Quienes firmamos abajo" in text and "We, the undersigned" in text
    else:                                 # one file per language
        assert spanish and len(spanish) * 2 == len(stems)
        for stem in spanish:
            english = texts(tmp_path / f"{stem.removesuffix('-es')}.docx")
            assert texts(tmp_path / f"{stem}.docx") != english


SPANISH_PROFILES = ("elm-harbor-city", "juniper-county", "bayou-verde-parish", "cedar-township",
                    "stonebridge-borough", "westbrook-town", "oak-bluff-village")


@pytest.mark.parametrize("profile", SPANISH_PROFILES)
def test_spanish_papers_name_places_once_call_a_detainer_a_request_and_title_officials(
        tmp_path, profile):
    """What a legal translator found: 'orden de detención' for a request, names built
    twice ('del Condado del Condado'), 'de el', and English titles in Spanish letters."""
    for paper in ("petition", "letter", "testimony", "explainer", "ordinance", "resolution"):
        result = run("draft", paper, "-j", str(EXAMPLES / f"{profile}.yaml"), "--lang", "es",
                     "--from", str(SENDER), "--format", "md", "--out", str(tmp_path / paper))
        assert result.exit_code == 0, result.output
    for path in tmp_path.glob("*/*-es*.md"):
        text = read_md(path)
        for wrong in ("orden de detención", "órdenes de detención", r"\b[Dd]e el\b", r"\b[Aa] el\b",
                      "del Condado del Condado", "de la Parroquia de la Parroquia",
                      "del Municipio del Municipio", "del Distrito Municipal del Distrito"):
            assert not re.search(wrong, text), (path.name, wrong)
        assert "ante Elm Harbor" not in text and "miembros de Elm Harbor" not in text
    for letter in tmp_path.glob("letter/*-es.md"):
        lines = read_md(letter).splitlines()
        for title in ("Mayor", "Chief of Police", "Council Member", "Sheriff's Office"):
            assert title not in lines, (letter.name, title)


def test_list_languages_counts_what_each_paper_lacks_and_what_no_lawyer_reviewed():
    result = run("list", "languages")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    spanish = lines[lines.index(next(l for l in lines if l.startswith("es "))):]
    rows = {line.split()[0]: line for line in spanish[1:] if line.startswith(" ")}
    assert {"ordinance", "resolution", "petition", "letter", "testimony", "worksheet",
            "explainer", "state-law-memo", "report-back"} <= set(rows)
    assert re.search(r"ordinance +\d+ text\(s\) in English; \d+ of 10 rule translations not "
                     r"reviewed by a lawyer", rows["ordinance"])
    assert "rule translations" not in rows["petition"]


@pytest.mark.parametrize("profile", ["elm-harbor-city", "juniper-county"])
def test_the_petitions_ask_stays_on_its_front_page_in_spanish_too(tmp_path, profile):
    """Spanish runs a fifth longer than English: the ask, every rule and why still fit on
    the front page, with the QR code beside them, and the signature sheet starts page 2."""
    result = run("draft", "petition", "-j", str(EXAMPLES / f"{profile}.yaml"), "--lang", "es",
                 "--qr", "https://example.org/firmar", "--format", "pdf", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    [pdf] = tmp_path.glob("*-es.pdf")
    pages = [normalise(p) for p in pdf_pages(pdf)]
    assert "pedimos que se pongan por escrito" in pages[0]      # the closing, on page 1
    assert "Hoja ____ de ____" in pages[1] and "Nombre en letra de molde" in pages[1]


def test_the_run_speaks_spanish_on_the_terminal_too(tmp_path):
    """--lang es: the state-law warning's frame, the notes about the profile and the state's
    name come from the catalog; the laws' names and citations stay as their sources give them."""
    profile = tmp_path / "la.yaml"
    profile.write_text("kind: parish\nname: Testtown\nstate: LA\n"
                       "oversight_entity: the Police Review Board\n", encoding="utf-8")
    result = run("draft", "ordinance", "-j", str(profile), "--lang", "es", "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "warning: La ley de Luisiana restringe estas reglas." in result.stderr
    assert "Louisiana prohibition on sanctuary policies (SB 208, 2024)" in result.stderr
    assert "Lo que una campaña en Luisiana todavía puede hacer:" in result.stderr
    assert "la lista del Censo no tiene ningún condado, parroquia ni distrito" in result.stderr
    assert "law restricts these rules" not in result.stderr
    english = run("check", str(profile))
    assert "Louisiana law restricts these rules." in english.stderr


def test_the_resolution_asks_each_officer_in_good_spanish(tmp_path):
    result = run("draft", "resolution", "-j", str(EXAMPLES / "juniper-county.yaml"), "--lang",
                 "es", "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = read_md(tmp_path / "juniper-county-resolution-es.md")
    assert ("solicita e insta al Ejecutivo del Condado y a la Oficina del Sheriff del Condado "
            "de Juniper a incorporar las reglas de la Sección 1") in text
    assert "County Executive" not in text and "reales o supuestos" not in text


def test_a_spanish_paper_never_overwrites_the_english_one(tmp_path):
    for language in ("en", "es", "en,es"):
        result = run("draft", "petition", "--lang", language, "--format", "md",
                     "--out", str(tmp_path))
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.md")) == [
        "city-of-elm-harbor-petition-en-es.md", "city-of-elm-harbor-petition-es.md",
        "city-of-elm-harbor-petition.md"]
    assert "Quienes firmamos abajo" in read_md(tmp_path / "city-of-elm-harbor-petition-es.md")
    assert "We, the undersigned" in read_md(tmp_path / "city-of-elm-harbor-petition.md")
