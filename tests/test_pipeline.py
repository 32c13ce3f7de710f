"""One pipeline: every entry point honours the same options, and no two outputs share a name."""
from __future__ import annotations

import csv
import io
import re
import shutil
import warnings
from pathlib import Path

import pytest
from conftest import EXAMPLES, read_md, run, write

warnings.filterwarnings("ignore", message=".*httpx.*")


def test_petition_with_missing_attaches_the_ordinance_with_its_in_writing_recital(tmp_path):
    result = run("draft", "petition", "--missing", "--attach-ordinance", "--format", "md",
                 "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = read_md(tmp_path / "city-of-elm-harbor-petition.md")
    attachment = text.split("Attachment: the proposed text")[1]
    assert ("WHEREAS, the City of Elm Harbor already has in its code the Discriminatory "
            "Surveillance Prohibition Rule") in attachment


def test_batch_takes_extra_missing_and_strict(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    for name in ("elm-harbor-city.yaml", "elm-harbor-city.status.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    out = tmp_path / "out"
    result = run("batch", str(folder), "--out", str(out), "--documents", "ordinance",
                 "--format", "md", "--jobs", "1", "--extra", "annual-report", "--missing")
    assert result.exit_code == 0, result.output
    text = read_md(out / "city-of-elm-harbor" / "city-of-elm-harbor-ordinance.md")
    assert "Annual Public Report" in text                       # --extra
    assert "already has in its code the Discriminatory Surveillance" in text   # --missing
    report = list(csv.DictReader(io.StringIO((out / "batch-report.csv").read_text())))
    assert "left out #7 Discriminatory Surveillance Prohibition Rule: already in the code" in \
        report[0]["message"]
    texas = write(tmp_path / "tx.csv", "kind,name,state,oversight_entity\ncity,Lone Oak,TX,the Board\n")
    result = run("batch", str(texas), "--out", str(tmp_path / "tx"), "--documents", "ordinance",
                 "--format", "md", "--jobs", "1", "--strict")
    assert result.exit_code == 1
    row = list(csv.DictReader(io.StringIO((tmp_path / "tx" / "batch-report.csv").read_text())))[0]
    assert row["status"] == "failed" and "Texas" in row["message"]


def test_web_page_offers_the_extra_provisions():
    from starlette.testclient import TestClient

    from drafter.web.app import create_app

    client = TestClient(create_app())
    page = client.get("/")
    assert 'name="extras" value="no-287g"' in page.text
    token = client.cookies.get("drafter_csrf")
    response = client.post("/", data={
        "action": "preview", "kind": "city", "name": "Extraville", "state": "Oregon",
        "oversight_entity": "the Board", "rules": ["judicial-warrant"], "extras": ["annual-report"],
        "documents": ["ordinance"], "format": "pdf", "csrf_token": token},
        headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200
    assert "Annual Public Report" in response.json()["preview"]


def test_two_outputs_with_one_name_are_refused_before_anything_is_written(tmp_path):
    from drafter import DrafterError, Request, write

    with pytest.raises(DrafterError, match="two documents would be written to "
                                           "city-of-elm-harbor-ordinance.md"):
        write(Request(documents=("ordinance", "ordinance"), formats=("md",)), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_document_type_naming_an_unknown_builder_is_reported(tmp_path):
    outline = write(tmp_path / "templates" / "leaflet" / "outline.yaml",
                    "id: leaflet\nname: Leaflet\nsummary: A leaflet.\nbuilder: leaflet\n"
                    "texts:\n  title: petition-title\n")
    result = run("check", "--templates", str(tmp_path / "templates"))
    assert result.exit_code == 1
    assert (f"{outline}: builder: unknown builder 'leaflet'; use one of: explainer, legislation, letter, "
            "petition, report-back, sheet, state-law-memo, testimony, worksheet") in result.stderr
    result = run("draft", "leaflet", "--templates", str(tmp_path / "templates"),
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "unknown builder 'leaflet'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_packet_refuses_two_documents_with_one_file_name(tmp_path):
    import shutil

    from conftest import ROOT

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "tests" / "data" / "user-templates" / "fact-sheet",
                    templates / "testimony-short")
    outline = templates / "testimony-short" / "outline.yaml"
    outline.write_text(outline.read_text().replace("id: fact-sheet", "id: testimony-short"))
    (templates / "testimony-short" / "document.html").unlink()
    out = tmp_path / "out"
    result = run("packet", "--templates", str(templates), "--format", "md", "--out", str(out))
    assert result.exit_code == 1
    assert "two documents would be written to city-of-elm-harbor-testimony-short." in result.stderr
    assert not out.exists()


def test_a_page_template_can_extend_the_built_in_one():
    from conftest import ROOT

    from drafter import build_draft
    from drafter.render.html import render_html

    templates = (ROOT / "tests" / "data" / "user-templates",)
    html = render_html(build_draft("fact-sheet", templates=list(templates)), templates)
    assert "h1.doc-title { color: #0b5394; }" in html       # the user's block
    assert "<main>" in html and "Page " in html              # the built-in page around it


# -- One registry of formats: a new format is one module -------------------------------------
THROWAWAY = '''"""Plain text, one line per paragraph: a format made for a test."""
LABEL = "Plain text"
MEDIA_TYPE = "text/plain; charset=utf-8"
ORDER = 90


def render(draft, templates=()) -> bytes:
    from drafter.render.text import render_markdown

    return ("THROWAWAY\\n" + render_markdown(draft)).encode("utf-8")
'''


@pytest.fixture
def throwaway_format():
    """A format module dropped into drafter/render/formats/ for one test, then removed."""
    from drafter.render import formats
    from drafter.web import serving

    module = Path(formats.__file__).parent / "thrw.py"
    module.write_text(THROWAWAY)
    formats.registry.cache_clear()
    serving._drop_pool()          # the web page's workers start again and find it too
    try:
        yield module
    finally:
        module.unlink()
        formats.registry.cache_clear()
        serving._drop_pool()


def test_a_new_output_format_is_one_module_and_no_other_edit(tmp_path, throwaway_format):
    """A module dropped beside the formats is offered by draft, packet, batch, --help and
    the web page, with nothing else edited."""
    import subprocess
    import sys

    from starlette.testclient import TestClient

    def drafter(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "drafter", *args], capture_output=True,
                              text=True, cwd=tmp_path, timeout=300)
        assert done.returncode == 0, done.stderr
        return " ".join(done.stdout.split())

    for command in ("draft", "packet", "batch"):
        assert "thrw (Plain text)" in drafter(command, "--help")
    drafter("draft", "ordinance", "--format", "thrw", "--out", "a")
    assert (tmp_path / "a" / "city-of-elm-harbor-ordinance.thrw").read_text().startswith("THROWAWAY")
    drafter("packet", "--format", "thrw", "--out", "b")
    assert (tmp_path / "b" / "city-of-elm-harbor-petition.thrw").exists()
    source = write(tmp_path / "rows.csv", "kind,name,state,oversight_entity\ncity,Alder,OR,B\n")
    drafter("batch", str(source), "--documents", "ordinance", "--format", "thrw", "--out", "c",
            "--jobs", "1")
    assert (tmp_path / "c" / "city-of-alder" / "city-of-alder-ordinance.thrw").exists()

    from drafter.web.app import create_app

    client = TestClient(create_app())
    page = client.get("/")
    assert '<option value="thrw">Plain text (.thrw)</option>' in page.text
    answer = client.post("/", data={"kind": "city", "name": "Alder", "state": "Oregon",
                                    "oversight_entity": "the Board", "include_1373": "on",
                                    "rules": ["judicial-warrant"], "documents": ["ordinance"],
                                    "format": "thrw", "csrf_token": client.cookies.get("drafter_csrf")})
    assert answer.status_code == 200, answer.text[:300]
    assert answer.content.startswith(b"THROWAWAY")
    assert answer.headers["content-type"].startswith("text/plain")


# -- Translations along the template search path ----------------------------------------------
USER_TEMPLATES = Path(__file__).parent / "data" / "user-templates"


def test_a_template_folder_carries_its_own_translations(tmp_path):
    """A user's fact sheet drafts in Spanish from the catalog in its own folder."""
    from conftest import pdf_body_text

    out = tmp_path / "out"
    result = run("draft", "fact-sheet", "--templates", str(USER_TEMPLATES), "--lang", "es",
                 "--format", "md,pdf", "--out", str(out))
    assert result.exit_code == 0, result.output
    title = "Por qué la Ciudad de Elm Harbor necesita la Ordenanza de Confianza Comunitaria"
    assert read_md(out / "city-of-elm-harbor-fact-sheet.md").startswith(f"# {title}")
    assert "## Por qué importa" in read_md(out / "city-of-elm-harbor-fact-sheet.md")
    assert title in pdf_body_text(out / "city-of-elm-harbor-fact-sheet.pdf")
    assert "warning" not in result.stderr


@pytest.mark.parametrize("translation, shown", [
    ("Estimado {name.__class__} {name:>1000000000}:", "{name.__class__}, {name:>1000000000}"),
    ("Estimado {name}{{ {name:>1000000000} }}:", "{name:>1000000000}"),     # braces doubled
    ("Estimado {name:{name}}:", "{name:{name}}"),
    ("Estimado {name}\x0b:", "the control character U+000B"),
])
def test_a_folders_translation_may_use_only_its_englishs_fields(tmp_path, translation, shown):
    """Code formats some messages with str.format: a folder's translation may only move
    its English's {fields}, exactly; it is refused with its file and line otherwise."""
    folder = tmp_path / "tpl"
    shutil.copytree(USER_TEMPLATES, folder)
    catalog = folder / "locale" / "es" / "LC_MESSAGES" / "drafter.po"
    catalog.write_text(catalog.read_text() + '\nmsgid "Dear {name}:"\n'
                       f'msgstr "{translation}"\n')
    line = catalog.read_text().splitlines().index('msgid "Dear {name}:"') + 1
    out = tmp_path / "out"
    result = run("draft", "letter", "--templates", str(folder), "--lang", "es",
                 "--out", str(out))
    assert result.exit_code == 1 and not out.exists()
    assert f"{catalog}:{line}: the translation " in result.stderr, result.stderr
    assert shown in result.stderr and "Traceback" not in result.output
    checked = run("check", "--strict", "--templates", str(folder))
    assert checked.exit_code == 1 and f"{catalog}:{line}: " in checked.stderr


def test_user_types_are_on_the_web_page_only_from_the_servers_own_folders():
    """`drafter serve --templates DIR` offers DIR's document types and drafts them; a
    visitor cannot name a folder (an upload's `templates:` is not used)."""
    from starlette.testclient import TestClient

    from drafter.web import app

    try:
        client = TestClient(app.create_app((USER_TEMPLATES,)))
        page = client.get("/").text
        assert 'value="fact-sheet"' in page
        assert page.index('value="ordinance"') < page.index('value="fact-sheet"')
        answer = client.post("/", data={"kind": "city", "name": "Alder", "state": "Oregon",
                                        "oversight_entity": "the Board", "include_1373": "on",
                                        "rules": ["judicial-warrant"], "documents": ["fact-sheet"],
                                        "format": "pdf",
                                        "csrf_token": client.cookies.get("drafter_csrf")})
        assert answer.status_code == 200, answer.text[:300]
        assert answer.headers["content-disposition"].endswith('city-of-alder-fact-sheet.pdf"')
    finally:
        client = TestClient(app.create_app())
    page = client.get("/").text
    assert 'value="fact-sheet"' not in page
    upload = client.post("/", data={"action": "upload",
                                    "csrf_token": client.cookies.get("drafter_csrf")},
                         files={"profile_file": ("p.yaml", b"kind: city\nname: X\nstate: Oregon\n"
                                                 b"templates: [/tmp]\n", "application/x-yaml")})
    assert "not used here: templates" in upload.text and 'value="fact-sheet"' not in upload.text


def test_the_same_request_gives_the_same_files_from_every_entry_point(tmp_path):
    """The ordinance for one place, drafted by the CLI, the API, a batch row and the web
    page: the same DOCX (part by part) and the same PDF (its text and pages)."""
    import datetime as dt
    import zipfile

    from pypdf import PdfReader
    from starlette.testclient import TestClient

    import drafter
    from drafter.web.app import create_app

    fields = {"kind": "city", "name": "Alder", "state": "Oregon",
              "oversight_entity": "the Alder Review Board"}
    profile = write(tmp_path / "alder.yaml", "".join(f"{k}: {v}\n" for k, v in fields.items()))
    source = write(tmp_path / "alder.csv", ",".join(fields) + "\n" + ",".join(fields.values()))
    both = ("--format", "docx,pdf", "--date", "2026-12-01")
    assert run("draft", "ordinance", "-j", str(profile), "--out", str(tmp_path / "cli"),
               *both).exit_code == 0
    assert run("batch", str(source), "--documents", "ordinance", "--jobs", "1",
               "--out", str(tmp_path / "batch"), *both).exit_code == 0
    drafter.draft("ordinance", jurisdiction=profile, out_dir=tmp_path / "api",
                  date=dt.date(2026, 12, 1))
    client = TestClient(create_app())
    client.get("/")
    rules = [rule.id for rule in drafter.pipeline.prepare(drafter.Request()).library.rules()
             if rule.meta.number]
    answer = client.post("/", data={**fields, "rules": rules, "include_1373": "on",
                                    "documents": ["ordinance"], "format": "both",
                                    "csrf_token": client.cookies.get("drafter_csrf")})
    assert answer.status_code == 200, answer.text[:300]
    web = tmp_path / "web"
    zipfile.ZipFile(io.BytesIO(answer.content)).extractall(web)

    def parts(path):
        with zipfile.ZipFile(path) as docx:
            return {name: docx.read(name) for name in docx.namelist()}

    def pdf(path):
        pages = PdfReader(path).pages
        return len(pages), [page.extract_text() for page in pages]

    name = "city-of-alder-ordinance"
    folders = [tmp_path / "cli", tmp_path / "api", tmp_path / "batch" / "city-of-alder", web]
    first = folders[0]
    for folder in folders[1:]:
        assert parts(folder / f"{name}.docx") == parts(first / f"{name}.docx"), folder.name
        assert pdf(folder / f"{name}.pdf") == pdf(first / f"{name}.pdf"), folder.name


# -- One Request: every entry point's options come from its fields -------------------------
def test_the_drafting_commands_offer_exactly_the_requests_options():
    """The options of draft, redline, packet and batch are the Request's fields (plus where to
    write and how a batch runs): none declared twice, none forgotten."""
    from drafter.cli import main
    from drafter.inputs.request import offered

    own = {"draft": {"doc_type", "out_dir"}, "redline": {"doc_type", "out_dir"},
           "packet": {"out_dir"}, "batch": {"source", "out_dir", "jobs", "force", "row_seconds", "counties",
                     "resume"}}
    for command, extra in own.items():
        params = {p.name for p in main.commands[command].params} - {"help"}
        assert params == set(offered(command)) | extra, command
        shown = run(command, "--help").stdout
        assert all(option.flag.split("/")[-1] in shown for option in offered(command).values())
    assert "en, es" in run("draft", "--help").stdout      # the languages, from the catalogs


def test_a_request_checks_every_value_at_once_and_names_unknown_options():
    from drafter import DrafterError, Request, files

    with pytest.raises(DrafterError) as raised:
        Request(sheets=0, qr_url="javascript:alert(1)", minutes=100.0, speaker="Ana\nReyes")
    fields = [problem.field for problem in raised.value.problems]
    assert sorted(fields) == ["--minutes", "--qr", "--sheets", "--speaker"]
    with pytest.raises(DrafterError, match="unknown option 'sheet'; did you mean 'sheets'"):
        files(sheet=3)
    result = run("draft", "petition", "--date", "tomorrow")
    assert result.exit_code == 2 and "write it like 2026-12-01" in result.stderr
    assert "%Y" not in result.stderr


def test_the_web_page_offers_request_options_only():
    """The page's option fields are named by the Request (drafter.inputs.request): a field the
    page offers and the Request does not know cannot be posted."""
    from drafter.inputs.request import web_fields
    from drafter.web.app import OPTION_FIELDS

    assert OPTION_FIELDS and set(OPTION_FIELDS) <= set(web_fields())
    assert {"sheets", "speaker", "qr_url", "letter_date", "state_safe"} <= set(OPTION_FIELDS)


def test_the_api_names_what_is_wrong_with_a_request_instead_of_a_python_error():
    """What a contributor's review found: each of these was a TypeError, an IndexError or a
    silent empty result."""
    import drafter
    from drafter import DrafterError

    cases = {"--sheets: must be a whole number":
             lambda: drafter.files(documents=("petition",), sheets=1.0),
             "--redline: a redline compares one document type":
             lambda: drafter.files(redline=True),
             "nothing to draft": lambda: drafter.files(),
             "documents is set by this function": lambda: drafter.draft("petition",
                                                                         documents=("x",)),
             "--jurisdiction: must be a file or folder path":
             lambda: drafter.files(jurisdiction=5, documents="ordinance")}
    for message, call in cases.items():
        with pytest.raises(DrafterError, match=re.escape(message)):
            call()
    made = drafter.files(documents="petition", formats="docx,md")   # as the CLI takes them
    assert list(made.files) == ["city-of-elm-harbor-petition.docx",
                                "city-of-elm-harbor-petition.md"]
