"""Volunteer lawyers: layered clause folders, which/copy, extras, the linter and the redline."""
from __future__ import annotations

import copy
import io
import zipfile

import pytest
from conftest import EXAMPLES, docx_paragraphs, normalise, pdf_body_text, run, write, read_md
from lxml import etree

from drafter import build_draft
from drafter.inputs.clauses import load_library, model_hash

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def copy_and_edit(folder, clause_id, old, new):
    result = run("clause", "copy", clause_id, "--to", str(folder))
    assert result.exit_code == 0, result.output
    path = folder / f"{clause_id}.md"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path


@pytest.fixture
def lawyer(tmp_path):
    """A lawyer's folder: two rules reworded and one new provision."""
    folder = tmp_path / "my-clauses"
    copy_and_edit(folder, "judicial-warrant", "a judicial warrant prior to detaining",
                  "a judicial warrant signed by a judge before detaining")
    copy_and_edit(folder, "redress", "a written complaint", "a written or oral complaint")
    write(folder / "language-access.md", """
    ---
    id: language-access
    kind: extra
    title: Language Access
    group: extra
    summary: Complaints may be made in any language.
    terms: [def-official]
    source: Drafted by a volunteer lawyer for this test.
    ---
    {{ jurisdiction.word }} officials shall accept complaints under {{ section("redress") }} in any language.
    """)
    return folder


def test_copy_records_model_and_hash(lawyer):
    text = (lawyer / "judicial-warrant.md").read_text()
    model = load_library().clauses["judicial-warrant"]
    assert f'copied_from:\n  id: judicial-warrant\n  sha256: "{model_hash(model.body)}"\n' in text
    assert run("clause", "copy", "judicial-warrant", "--to", str(lawyer)).exit_code == 1
    assert run("clause", "copy", "../etc/passwd", "--to", str(lawyer)).exit_code == 1


def test_which_names_the_winner_and_what_it_shadows(lawyer, tmp_path):
    result = run("which", "judicial-warrant", "--clauses", str(lawyer))
    assert result.stdout.splitlines() == [
        f"judicial-warrant: {lawyer}/judicial-warrant.md",
        f"  shadows {load_library().clauses['judicial-warrant'].path}"]
    # A folder named in the profile is more specific than --clauses.
    local = tmp_path / "city-clauses"
    copy_and_edit(local, "judicial-warrant", "prior to detaining", "before detaining")
    profile = write(tmp_path / "city.yaml", (EXAMPLES / "elm-harbor-city.yaml").read_text()
                    + "clauses: [city-clauses]\n")
    result = run("which", "judicial-warrant", "-j", str(profile), "--clauses", str(lawyer))
    lines = result.stdout.splitlines()
    assert lines[0] == f"judicial-warrant: {local}/judicial-warrant.md"
    assert lines[1:] == [f"  shadows {lawyer}/judicial-warrant.md",
                         f"  shadows {load_library().clauses['judicial-warrant'].path}"]
    draft = build_draft("ordinance", jurisdiction=profile, clause_dirs=[lawyer])
    text = " ".join(draft.paragraphs())
    assert "City officials shall require a judicial warrant before detaining" in text
    assert "a written or oral complaint" in text        # from the --clauses folder
    assert run("which", "no-such-clause").exit_code == 1


def test_extra_provisions(lawyer, tmp_path):
    result = run("draft", "ordinance", "--clauses", str(lawyer), "--extra", "language-access",
                 "--extra", "no-287g", "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = read_md(tmp_path / "city-of-elm-harbor-ordinance.md")
    assert "## Sec. ____-13. Language Access" in text       # in the order given
    assert "## Sec. ____-14. No 287(g) Agreements" in text
    assert "City officials shall accept complaints under Section ____-11 in any language." in text
    assert "warning: no-287g" in result.stderr and "unverified" in result.stderr
    assert run("draft", "ordinance", "--format", "md", "--out", str(tmp_path / "plain")).exit_code == 0
    assert "287(g)" not in read_md(tmp_path / "plain" / "city-of-elm-harbor-ordinance.md")
    bad = run("draft", "ordinance", "--extra", "nope", "--out", str(tmp_path / "x"))
    assert bad.exit_code == 1 and "--extra: unknown extra provision 'nope'" in bad.stderr
    listing = run("list", "extras").stdout
    assert "annual-report" in listing and "5 ILCS 805/25" in listing


def test_strict_check_is_clean_for_the_library_and_a_good_lawyer_folder(lawyer):
    result = run("check", "--strict")
    assert result.exit_code == 0, result.stderr
    result = run("check", "--strict", "--clauses", str(lawyer))
    assert result.exit_code == 0, result.stderr


def lint_errors(folder):
    result = run("check", "--strict", "--clauses", str(folder))
    assert result.exit_code == 1
    return result.stderr


def test_lint_terms_defined_but_unused_and_used_but_not_listed(lawyer):
    path = lawyer / "judicial-warrant.md"
    text = path.read_text().replace("- def-cbp\n", "- def-cbp\n- def-surveillance\n")
    path.write_text(text.replace("judge before detaining", "judge before detaining or placing under "
                                 "surveillance, or holding on an immigration detainer,"))
    errors = lint_errors(lawyer)
    assert "judicial-warrant.md" in errors
    assert "uses the defined term “Immigration detainer” but does not list def-immigration-detainer" in errors
    path.write_text(text)
    errors = lint_errors(lawyer)
    assert "lists the term “Surveillance” (def-surveillance) but its text never uses it" in errors


@pytest.mark.parametrize("body, message", [
    ("Complaints go to [insert office].", "leftover placeholder [insert office]"),
    ("Complaints are welcome. TODO check the statute", "leftover TODO note"),
    ("XXX Complaints are welcome.", "leftover XXX note"),
    ("As {{ section('no-such-rule') }} says.", "cross-reference to 'no-such-rule'"),
])
def test_lint_placeholders_markers_and_cross_references(lawyer, body, message):
    path = lawyer / "redress.md"
    front, _ = path.read_text().rsplit("---\n", 1)
    path.write_text(front + "---\nFirst line.\n" + body + "\n")
    line = len(front.splitlines()) + 3          # the body's second line
    assert f"{path}:{line}: {message}" in lint_errors(lawyer)


def test_lint_override_whose_model_changed(lawyer):
    path = lawyer / "redress.md"
    current = model_hash(load_library().clauses["redress"].body)
    path.write_text(path.read_text().replace(current, "0123456789abcdef" * 4))
    errors = lint_errors(lawyer)
    assert f"{path}:4: copied_from.sha256: the model clause 'redress'" in errors
    assert model_hash(load_library().clauses["redress"].body) in errors


def test_lint_duplicate_and_malformed_ids_and_template_errors(lawyer):
    write(lawyer / "sub" / "redress.md", (lawyer / "redress.md").read_text())
    errors = lint_errors(lawyer)
    assert "duplicate id 'redress'" in errors
    (lawyer / "sub" / "redress.md").unlink()
    write(lawyer / "Bad_Id.md", "---\nid: Bad_Id\nkind: supporting\ntitle: x\nsource: x\n---\ntext\n")
    assert "Bad_Id.md:2: id: 'Bad_Id' is not a valid id" in lint_errors(lawyer)
    (lawyer / "Bad_Id.md").unlink()
    path = lawyer / "language-access.md"
    path.write_text(path.read_text().replace('{{ section("redress") }}', "{{ jurisdiction.nickname }}"))
    assert f"{path}:10: undefined variable" in lint_errors(lawyer)
    path.write_text(path.read_text().replace("{{ jurisdiction.nickname }}", "{% if %}"))
    assert f"{path}:10: template error" in lint_errors(lawyer)


# -- redline -------------------------------------------------------------------

def body_paragraphs(docx_bytes: bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def resolve(root, accept: bool) -> list[str]:
    """Accept or reject every tracked change in the XML, then read the paragraphs' text."""
    root = copy.deepcopy(root)
    keep, drop = ("ins", "del") if accept else ("del", "ins")
    texts = []
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in ("RedlineNote", "PartHeading"):
            continue
        mark = paragraph.find(f"{W}pPr/{W}rPr/{W}{drop}")
        if mark is not None:
            continue                       # a paragraph the chosen side does not have
        for element in list(paragraph.iter(f"{W}{drop}")):
            element.getparent().remove(element)
        words = "".join(t.text or "" for t in paragraph.iter(f"{W}t", f"{W}delText"))
        texts.append(words)
    return [t for t in texts]


def test_redline_tracked_changes_accept_and_reject(lawyer, tmp_path):
    result = run("draft", "ordinance", "--clauses", str(lawyer), "--extra", "language-access",
                 "--rules", "1-7,8", "--redline", "--date", "2026-11-25", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    redline = (tmp_path / "city-of-elm-harbor-ordinance-redline.docx").read_bytes()
    root = body_paragraphs(redline)
    insertions, deletions = list(root.iter(f"{W}ins")), list(root.iter(f"{W}del"))
    assert insertions and deletions
    for change in insertions + deletions:
        assert change.get(f"{W}author") == "drafter"
        assert change.get(f"{W}date") == "2026-11-25T00:00:00Z"
    assert "prior to " in [t.text for t in root.iter(f"{W}delText")]
    custom = build_draft("ordinance", clause_dirs=[lawyer], rules="1-7,8",
                         extras=("language-access",))
    model = build_draft("ordinance", rules="1-7,8")
    assert [normalise(t) for t in resolve(root, accept=True)] == [normalise(p) for p in custom.paragraphs()]
    assert [normalise(t) for t in resolve(root, accept=False)] == [normalise(p) for p in model.paragraphs()]
    # The summary at the top, in the DOCX and the PDF.
    text = " ".join(t for _, t in docx_paragraphs(tmp_path / "city-of-elm-harbor-ordinance-redline.docx"))
    assert "Changed from the model: Judicial Warrant Rule (judicial-warrant.md), Redress Rule (redress.md)." in text
    assert "Added (not in the model): Language Access (language-access.md)." in text
    assert "Model rules left out: #9 Fair and Impartial Policing Rule." in text
    pdf = pdf_body_text(tmp_path / "city-of-elm-harbor-ordinance-redline.pdf")
    assert "Changed from the model: Judicial Warrant Rule" in pdf
    assert "a judicial warrant prior to signed by a judge before detaining" in pdf
    assert (tmp_path / "city-of-elm-harbor-ordinance.docx").exists()


def test_redline_pdf_marks_insertions_and_deletions(lawyer, tmp_path):
    from drafter.documents.redline import make_redline, redline_html
    from drafter.inputs.doctypes import load_document_type
    from drafter.pipeline import Request, prepare

    job = prepare(Request(jurisdiction=EXAMPLES / "elm-harbor-city.yaml", clause_dirs=(lawyer,)))
    made = make_redline(load_document_type("resolution"), job, load_library())
    html = redline_html(made)
    assert "<del>prior to </del><ins>signed by a judge before </ins>" in html
    assert "text-decoration: underline" in html and "text-decoration: line-through" in html


def test_redline_refuses_campaign_papers(tmp_path):
    result = run("redline", "petition", "--out", str(tmp_path))
    assert result.exit_code == 1 and "a redline compares legal text" in result.stderr
    result = run("draft", "letter", "--redline", "--out", str(tmp_path))
    assert result.exit_code == 1 and not any(tmp_path.iterdir())


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_shows_the_tracked_changes(lawyer, tmp_path):
    import subprocess

    result = run("redline", "ordinance", "--clauses", str(lawyer), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    docx = tmp_path / "city-of-elm-harbor-ordinance-redline.docx"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(docx)],
                   check=True, capture_output=True, timeout=180)
    text = pdf_body_text(tmp_path / "lo" / docx.with_suffix(".pdf").name)
    # LibreOffice prints tracked changes in place: the deleted and the inserted words.
    assert "prior to signed by a judge before" in text
    assert "a written or oral complaint" in text


def test_library_cache_sees_an_edited_clause(lawyer):
    """The parsed folders are cached per process (the web page, batch workers); an edit to a
    clause file must still show on the next load."""
    path = lawyer / "redress.md"
    assert "written or oral complaint" in load_library([lawyer]).clauses["redress"].body
    path.write_text(path.read_text().replace("written or oral complaint", "complaint in any form"))
    assert "complaint in any form" in load_library([lawyer]).clauses["redress"].body
