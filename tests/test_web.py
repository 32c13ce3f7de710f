"""`drafter serve`: the web form, its files, its bad-input messages, and a real browser."""
from __future__ import annotations

import contextlib
import re
import io
import json
import shutil
import socket
import tempfile
import threading
import signal
import time
import warnings
import zipfile
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")
from conftest import ROOT, child_pids, normalise, run, running  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from drafter.inputs.jurisdiction import Profile  # noqa: E402
from drafter.inputs.request import options as request_options  # noqa: E402
from drafter.web.app import create_app  # noqa: E402
from drafter.web.serving import MAX_REQUEST_BYTES  # noqa: E402

GOOD = {"action": "draft", "kind": "city", "name": "Testville", "state": "Oregon",
        "oversight_entity": "the Testville Review Board", "rules": ["judicial-warrant", "redress"],
        "include_1373": "on", "documents": ["ordinance"], "format": "pdf"}


@pytest.fixture
def client():
    client = TestClient(create_app())
    page = client.get("/")
    assert page.status_code == 200
    return client, client.cookies.get("drafter_csrf")


def post(client, token, **fields):
    data = {**GOOD, **fields, "csrf_token": token}
    return client.post("/", data={k: v for k, v in data.items() if v is not None})


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return normalise(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


def test_form_page_has_labels_for_every_field(client):
    c, _ = client
    html = c.get("/").text
    import re

    ids = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html))
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
    assert ids and ids <= labelled
    assert 'name="csrf_token"' in html and "Judicial Warrant Rule" in html


@pytest.mark.parametrize("doc_type", ["ordinance", "resolution", "petition", "letter", "testimony",
                                      "worksheet", "executive-order", "department-order"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_every_document_type_and_format(client, doc_type, fmt):
    c, token = client
    response = post(c, token, documents=[doc_type], format=fmt, executive="Mayor",
                    police="Testville Police Department")
    assert response.status_code == 200, response.text[:500]
    if response.headers["content-type"] == "application/zip":      # letters and testimony
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        assert names and all(name.endswith(f".{fmt}") for name in names)
    else:
        disposition = response.headers["content-disposition"]
        assert f"city-of-testville-{doc_type}" in disposition and disposition.endswith(f'.{fmt}"')
        if fmt == "pdf":
            assert "Testville" in pdf_text(response.content)


def test_several_documents_come_as_a_zip_with_the_exact_names(client):
    c, token = client
    response = post(c, token, documents=["ordinance", "petition"], format="both",
                    name="Coeur d'Alene & <Cañon>")
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(
        f"city-of-coeur-d-alene-canon-{t}.{f}" for t in ("ordinance", "petition") for f in ("docx", "pdf"))
    text = pdf_text(archive.read("city-of-coeur-d-alene-canon-ordinance.pdf"))
    assert "City of Coeur d'Alene & <Cañon>" in text and "&amp;" not in text


def test_bad_input_is_shown_beside_the_field(client):
    c, token = client
    response = post(c, token, name="", state="", oversight_entity="",
                    official_email_0="not-an-email", official_name_0="Pat", official_title_0="Sheriff")
    assert response.status_code == 400
    html = response.text
    # The GOV.UK pattern: a summary at the top linking to each field, in the form's order,
    # and each message tied to its field for screen readers.
    import re

    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert [anchor for anchor, _ in links] == ["name", "state", "oversight_entity",
                                               "official_email_0"]
    assert links[0][1] == "Enter the name of your city, county or state, for example Elm Harbor"
    assert links[1][1] == "Choose the state your city or county is in"
    assert links[2][1].startswith("Tell us who takes complaints about the police")
    assert links[3][1] == "Enter an e-mail address like name@example.org"
    for anchor in ("name", "state", "oversight_entity", "official_email_0"):
        assert re.search(rf'id="{anchor}"[^>]*aria-invalid="true" aria-describedby="{anchor}-error"',
                         html), anchor
        assert f'<p class="error" id="{anchor}-error">' in html
    assert "Traceback" not in html and "--rules" not in html
    response = post(c, token, oversight_entity="")
    assert response.status_code == 400
    assert ("Tell us who takes complaints about the police, for example the Police Review "
            "Board, or untick rule 8") in response.text
    assert "--rules" not in response.text and "oversight_entity:" not in response.text
    assert post(c, token, name="x" * 301).status_code == 400
    response = post(c, token, name="{{ 7*7 }}")
    assert response.status_code == 400 and "template markers" in response.text
    response = post(c, token, name="<img src='file:///etc/passwd'>")
    assert response.status_code == 200
    assert "<img src='file:///etc/passwd'>" in pdf_text(response.content)


def test_csrf_and_size_limits(client):
    c, token = client
    assert post(c, "wrong-token").status_code == 403
    fresh = TestClient(create_app())
    assert fresh.post("/", data={**GOOD, "csrf_token": token}).status_code == 403   # no cookie
    big = post(c, token, oversight_entity="x" * (MAX_REQUEST_BYTES + 10))
    assert big.status_code == 413


def test_preview_and_state_law_warning(client):
    c, token = client
    response = c.post("/", data={**GOOD, "action": "preview", "state": "Texas", "csrf_token": token},
                      headers={"X-Requested-With": "fetch"})
    result = response.json()
    assert "City of Testville, Texas" in result["preview"]
    assert any("Texas SB 4" in w for w in result["warnings"])
    page = post(c, token, action="preview", state="Florida")       # without JavaScript
    assert "srcdoc=" in page.text and "Florida ban on sanctuary policies (SB 168, 2019" in page.text


def test_profile_download_and_upload(client):
    c, token = client
    saved = post(c, token, action="profile", official_name_0="Pat Smith", official_title_0="Sheriff")
    assert saved.headers["content-disposition"].endswith('testville-answers.zip"')
    with zipfile.ZipFile(io.BytesIO(saved.content)) as archive:
        profile = archive.read("profile.yaml")
    assert b"name: Testville" in profile and b"Pat Smith" in profile
    page = c.post("/", data={"action": "upload", "csrf_token": token, "kind": "city"},
                  files={"profile_file": ("profile.yaml", profile, "application/x-yaml")})
    assert page.status_code == 200 and 'value="Testville"' in page.text and 'value="Pat Smith"' in page.text
    evil = c.post("/", data={"action": "upload", "csrf_token": token},
                  files={"profile_file": ("p.yaml", b"name: !!python/object/apply:os.system ['id']\n",
                                          "application/x-yaml")})
    assert evil.status_code == 400 and "is not allowed" in evil.text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server():
    """The real server with drafter's uvicorn settings, on a free port of 127.0.0.1."""
    import uvicorn

    from drafter.web.serving import server_config

    port = _free_port()
    instance = uvicorn.Server(server_config(create_app(), host="127.0.0.1", port=port))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.05)
    try:
        yield port
    finally:
        instance.should_exit = True
        thread.join(timeout=5)


def wait_until_ready(port: int, seconds: float = 60, path: str = "/readyz") -> None:
    """Until the server answers `path` with 200: /readyz, its render workers are warm;
    /healthz, it answers at all."""
    import httpx

    for _ in range(int(seconds * 10)):
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"http://127.0.0.1:{port}{path}", timeout=1).status_code == 200:
                return
        time.sleep(0.1)
    raise AssertionError(f"the server never answered {path}")


def test_drafter_serve_stops_with_its_render_workers():
    """SIGTERM (a service manager, or the benchmark) ends `drafter serve` and its render
    workers: none is left behind running."""
    import subprocess
    import sys

    port = _free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "drafter"), "serve", "--port",
                               str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    try:
        wait_until_ready(port)
        workers = child_pids(server.pid)
        assert len(workers) >= 2
        assert ended_by_sigterm(server, workers) == []
    finally:
        server.kill()


def ended_by_sigterm(server, processes: list[int]) -> list[int]:
    """SIGTERM to the server, as a service manager sends it: which of `processes` (its
    render workers, its server processes) are still running afterwards."""
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    time.sleep(0.3)
    return [pid for pid in processes if running(pid)]


@pytest.fixture
def server():
    with running_server() as port:
        yield f"http://127.0.0.1:{port}/"


@contextlib.contextmanager
def browser_page(size=(1280, 900), **options):
    """Debian's Chromium driven by Playwright: one page of the given size."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        try:
            yield browser.new_page(viewport={"width": size[0], "height": size[1]}, **options)
        finally:
            browser.close()


def fill_ithaca(page) -> None:
    page.fill("#name", "Ithaca")
    page.select_option("#state", "New York")
    page.fill("#oversight_entity", "the Community Police Board")


AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
# The words a person clicks and reads, in each language the page speaks.
PAGE_WORDS = {
    "en": {"locale": "en-US", "add": "Add another official", "usual": "leave empty for the usual one",
           "petition": "Petition to the City Council", "switch": "Español"},
    "es": {"locale": "es-MX", "add": "Agregar otra autoridad", "usual": "déjelo en blanco",
           "petition": "Petición al Concejo Municipal", "switch": "English"},
}


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page as it stands (run through the DevTools protocol,
    which the page's Content-Security-Policy does not govern)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate("""() => axe.run(document, {resultTypes: ["violations"]}).then(
        r => r.violations.map(v => v.id + ": " + v.help + " " +
                              v.nodes.map(n => n.target.join(" ")).join(", ")))""")


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed "
                    "(make test installs it when run as root)")
@pytest.mark.parametrize("language", ["en", "es"])
def test_real_browser_fills_the_form_previews_and_downloads(server, tmp_path, language):
    """The same steps in each language; a Spanish browser (Accept-Language) gets the page
    and the campaign papers in Spanish. axe-core finds no violation in either."""
    words = PAGE_WORDS[language]
    with browser_page(accept_downloads=True, locale=words["locale"]) as page:
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(server)
        assert page.get_attribute("html", "lang") == ("es-US" if language == "es" else "en-US")
        if AXE.is_file():
            assert axe_violations(page) == []
        page.fill("#name", "Browserton")
        page.select_option("#state", "Oregon")
        page.fill("#oversight_entity", "the Browserton Review Board")
        frame = page.frame_locator("#preview")
        frame.locator("text=AN ORDINANCE of the City of Browserton, Oregon").wait_for(timeout=15000)
        page.fill("#name", "Newtown")                       # the preview follows the form
        frame.locator("text=AN ORDINANCE of the City of Newtown, Oregon").wait_for(timeout=15000)
        page.select_option("#kind", "county")
        assert words["usual"] in page.inner_text("#governing-hint")
        assert "Board of County Commissioners" in page.inner_text("#governing-hint")
        page.select_option("#state", "Texas")               # the state's own body, from the data
        assert "Commissioners Court" in page.inner_text("#governing-hint")
        page.select_option("#state", "Oregon")
        page.select_option("#kind", "city")
        page.click(f"text={words['add']}")
        assert page.locator(".official").count() == 2
        page.check("input[value=petition]")
        page.select_option("#format", "pdf")
        with page.expect_download() as info:
            page.click("#draft-button")
        pdf = tmp_path / f"first-{info.value.suggested_filename}"
        info.value.save_as(pdf)
        assert pdf.name == "first-city-of-newtown-documents.zip" or pdf.suffix == ".pdf"
        page.uncheck("input[value=resolution]")
        page.uncheck("input[value=petition]")
        page.select_option("#format", "docx")
        with page.expect_download() as info:
            page.click("#draft-button")
        docx = tmp_path / info.value.suggested_filename
        info.value.save_as(docx)
        page.evaluate("window.scrollTo(0, 0)")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(tmp_path / "desktop.png"), full_page=False)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=False)
        page.fill("#name", "")                 # errors shown next to their fields
        page.click("#draft-button")
        page.wait_for_selector("#name-error")
        if AXE.is_file():
            assert axe_violations(page) == []
        page.click(f"button[name=switch_lang] >> text={words['switch']}")   # answers kept
        page.wait_for_selector(f"html[lang={'en-US' if language == 'es' else 'es-US'}]")
        assert page.input_value("#oversight_entity") == "the Browserton Review Board"
    # The Content-Security-Policy lets the page's own script and the preview run.
    assert not [m for m in console if "Content Security Policy" in m], console
    from docx import Document

    if language == "es":        # the ordinance, and its courtesy translation beside it
        with zipfile.ZipFile(docx) as archive:
            assert sorted(archive.namelist()) == ["city-of-newtown-ordinance-es.docx",
                                                  "city-of-newtown-ordinance.docx"]
            archive.extractall(tmp_path / "unzipped")
        courtesy = Document(str(tmp_path / "unzipped" / "city-of-newtown-ordinance-es.docx"))
        assert "Traducción de cortesía" in courtesy.paragraphs[0].text
        docx = tmp_path / "unzipped" / "city-of-newtown-ordinance.docx"
    assert docx.name == "city-of-newtown-ordinance.docx"
    text = " ".join(p.text for p in Document(str(docx)).paragraphs)
    assert "City officials shall require a judicial warrant" in text and "City of Newtown" in text
    with zipfile.ZipFile(pdf) as archive:
        assert "city-of-newtown-ordinance.pdf" in archive.namelist()
        assert "City of Newtown" in pdf_text(archive.read("city-of-newtown-ordinance.pdf"))
        petition = "city-of-newtown-petition" + ("-es" if language == "es" else "") + ".pdf"
        assert words["petition"] in pdf_text(archive.read(petition))


def test_control_characters_and_alias_bombs_are_refused(client):
    c, token = client
    response = post(c, token, name="Elm\x0bHarbor")
    assert response.status_code == 400 and "control character U+000B" in response.text
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n".encode()
    page = c.post("/", data={"action": "upload", "csrf_token": token},
                  files={"profile_file": ("p.yaml", bomb, "application/x-yaml")})
    assert page.status_code == 400 and "aliases" in page.text
    huge = c.post("/", data={"action": "upload", "csrf_token": token},
                  files={"profile_file": ("p.yaml", b"# " + b"x" * 70000, "application/x-yaml")})
    assert huge.status_code == 400 and "larger than 64 KB" in huge.text


# -- A server one client cannot stall or exhaust (SECURITY.md rows 17 and 20) ----------------
def test_every_response_carries_hardening_headers(client):
    import base64
    import hashlib
    import re

    c, token = client
    page = c.get("/")
    for response in (page, post(c, token, name=""), post(c, token)):
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    # The page's one inline script is allowed by its hash, and nothing else is.
    script = re.search(r"<script>(.*?)</script>", page.text, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = page.headers["content-security-policy"]
    assert f"script-src 'sha256-{digest}';" in csp and "unsafe-inline' " not in csp.split("script-src")[1][:20]


def test_a_document_listed_380_times_is_drafted_once(client):
    c, token = client
    response = post(c, token, documents=["ordinance"] * 380, format="docx", rules=["judicial-warrant"] * 5)
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith('city-of-testville-ordinance.docx"')
    assert post(c, token, documents=["ordinance", "../../etc/passwd"]).status_code == 400
    too_many = post(c, token, documents=["ordinance"] * 1000)
    assert too_many.status_code == 400 and "too many fields" in too_many.text


def test_chunked_body_is_counted_as_it_arrives(client):
    c, token = client
    boundary = "drafterboundary"

    def body():
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
               f"--{boundary}\r\nContent-Disposition: form-data; name=\"profile_file\"; "
               f"filename=\"p.yaml\"\r\nContent-Type: application/x-yaml\r\n\r\n").encode()
        for _ in range(30 * 16):                  # 30 MB in 64 KB pieces, no Content-Length
            yield b"x" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    response = c.post("/", content=body(),
                      headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413
    assert "too large" in response.text


@pytest.mark.parametrize("profile, message", [
    ("kind: city\nname: X\nofficials: 5\n", "officials should be a list of people"),
    ("kind: metropolis\nname: X\nstate: OR\n", "Choose the kind of government from the list"),
    ("kind: [a, b]\nname: X\n", "kind should be one line of text"),
    ("kind: city\nname: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
])
def test_bad_uploaded_profiles_get_a_message_not_a_500(client, profile, message):
    c, token = client
    page = c.post("/", data={"action": "upload", "csrf_token": token},
                  files={"profile_file": ("p.yaml", profile.encode(), "application/x-yaml")})
    assert page.status_code == 400, page.text[-500:]
    assert message in page.text
    assert "Traceback" not in page.text


def test_bad_format_is_shown_beside_the_field(client):
    c, token = client
    response = post(c, token, format="exe")
    assert response.status_code == 400
    assert re.search(r'id="format-error">.*?Choose Word, PDF or both</p>', response.text)
    assert 'value="Testville"' in response.text          # nothing typed is lost


def test_slow_headers_and_half_sent_bodies_are_cut_off(monkeypatch, caplog):
    from drafter.web import serving

    monkeypatch.setattr(serving, "HEADER_SECONDS", 0.5)
    monkeypatch.setattr(serving, "BODY_PIECE_SECONDS", 0.5)
    with running_server() as port:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as slow:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")          # and never the blank line
            started = time.monotonic()
            assert slow.recv(1024) == b""                             # closed by the server
            assert time.monotonic() - started < 3
        with socket.create_connection(("127.0.0.1", port), timeout=5) as half:
            half.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\n\r\nname=")
            reply = half.recv(1024)
            assert reply.startswith(b"HTTP/1.1 408"), reply
        with socket.create_connection(("127.0.0.1", port), timeout=5) as gone:
            gone.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\n\r\nname=")
        time.sleep(0.3)
    assert "Traceback" not in caplog.text
    said = [r.getMessage() for r in caplog.records if r.name == "drafter.serve"]
    assert "a client disconnected while sending the form" in said
    assert "a request body arrived too slowly; refused" in said


def test_the_form_asks_only_for_real_profile_fields():
    from drafter.inputs.jurisdiction import Profile
    from drafter.web.app import PROFILE_FIELDS

    assert set(PROFILE_FIELDS) <= set(Profile.model_fields)


def test_preview_shows_the_notes_on_the_form_of_government(client):
    c, token = client
    response = c.post("/", data={**GOOD, "action": "preview", "kind": "county", "name": "Fairfax",
                                 "state": "Virginia", "csrf_token": token},
                      headers={"X-Requested-With": "fetch"})
    result = response.json()
    assert "BY THE BOARD OF SUPERVISORS OF FAIRFAX COUNTY" in result["preview"]
    assert any("no source confirmed them" in note for note in result["notices"])
    page = post(c, token, action="preview", kind="county", name="Fairfax", state="Virginia")
    assert 'class="notice">Fairfax County: drafter&#39;s forms of government data' in page.text


def test_line_numbers_can_be_asked_for(client):
    c, token = client
    page = c.get("/")
    assert 'name="line_numbers"' in page.text
    response = post(c, token, documents=["ordinance"], format="docx", line_numbers="on")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        assert "<w:lnNumType" in docx.read("word/document.xml").decode()
    plain = post(c, token, documents=["ordinance"], format="docx")
    with zipfile.ZipFile(io.BytesIO(plain.content)) as docx:
        assert "<w:lnNumType" not in docx.read("word/document.xml").decode()


def test_the_page_speaks_spanish_by_accept_language_link_or_switch(client):
    c, token = client
    page = c.get("/", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.8"})
    assert page.headers["content-language"] == "es"
    assert '<html lang="es-US">' in page.text and "Redacte sus documentos de Freedom City" in page.text
    assert "Regla de la orden judicial" in page.text and "Descargar mis documentos" in page.text
    assert '<input type="hidden" name="lang" value="es">' in page.text
    assert "Redacte" in c.get("/?lang=es").text and "Redacte" not in c.get("/?lang=xx").text
    assert "Draft your Freedom City papers" in c.get(
        "/", headers={"Accept-Language": "fr-FR,de;q=0.5"}).text
    # An error in Spanish beside its field, everything typed kept.
    bad = post(c, token, name="", lang="es", oversight_entity="la Junta de Revisión")
    assert bad.status_code == 400
    assert re.search(r'id="name-error">.*?Escriba el nombre de su ciudad, condado o estado',
                     bad.text)
    assert "Hay un problema" in bad.text
    assert 'value="la Junta de Revisión"' in bad.text
    # The switch re-renders the same answers in the other language, drafting nothing.
    switched = post(c, token, switch_lang="en", lang="es", name="Testville")
    assert switched.status_code == 200 and "Draft your Freedom City papers" in switched.text
    assert 'value="Testville"' in switched.text
    # The campaign papers come in the page's language; the ordinance in English.
    files = post(c, token, lang="es", documents=["petition", "ordinance"], format="pdf")
    with zipfile.ZipFile(io.BytesIO(files.content)) as archive:
        assert "Petición al Concejo Municipal de la Ciudad de Testville" in pdf_text(
            archive.read("city-of-testville-petition-es.pdf"))      # its own name
        assert "BE IT ORDAINED" in pdf_text(archive.read("city-of-testville-ordinance.pdf"))


def test_papers_in_two_languages_from_the_page(client):
    c, token = client
    page = c.get("/?lang=es").text
    assert '<option value="en,es">Inglés y español</option>' in page
    files = post(c, token, lang="es", papers_lang="en,es", documents=["petition", "letter"],
                 format="pdf", official_name_0="Dana Whitfield", official_title_0="Mayor")
    assert files.status_code == 200, files.text[:500]
    with zipfile.ZipFile(io.BytesIO(files.content)) as archive:
        names = sorted(archive.namelist())
        assert names == ["city-of-testville-letter-mayor-dana-whitfield-es.pdf",
                         "city-of-testville-letter-mayor-dana-whitfield.pdf",
                         "city-of-testville-petition-en-es.pdf"]
        petition = pdf_text(archive.read("city-of-testville-petition-en-es.pdf"))
        assert "Printed name / Nombre en letra de molde" in petition
    bad = post(c, token, papers_lang="fr")
    assert bad.status_code == 400 and 'id="papers_lang-error"' in bad.text


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed "
                    "(make test installs it when run as root)")
@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_errors_are_summarised_linked_and_announced_in_a_real_browser(server, tmp_path, size):
    """Four problems in three sections, found in one round (rule 8's oversight entity with
    the form's own): the summary takes the focus, each link moves it to its field; a
    preview with a problem says so where the document would be."""
    with browser_page(size) as page:
        page.goto(server)
        # A preview with a field missing: the problem is shown, in a live region.
        page.select_option("#state", "Oregon")
        page.click("#preview-button")
        status = page.locator("#preview-status")
        status.locator("text=Enter the name of your city").wait_for(timeout=15000)
        assert status.get_attribute("aria-live") == "polite"
        if size[0] < 600:         # on a phone the preview is brought into view
            top = page.evaluate("document.getElementById('preview-heading')"
                                ".getBoundingClientRect().top")
            assert -2 <= top < size[1]
        page.screenshot(path=str(tmp_path / f"preview-error-{size[0]}.png"))
        # Four problems in three sections: jurisdiction, sender, documents.
        page.fill("#sender_group", "Eastside Neighbors")
        page.fill("#sender_contact", "Ana Reyes")
        page.fill("#sender_email", "not-an-email")
        for box in page.locator("input[name=documents]").all():
            box.uncheck()
        page.click("#draft-button")
        page.wait_for_selector("#error-summary")
        assert page.evaluate("document.activeElement.id") == "error-summary"
        links = page.locator("#error-summary a")
        assert links.count() == 4
        assert [links.nth(i).get_attribute("href") for i in range(4)] == \
            ["#name", "#oversight_entity", "#sender_email", "#document-ordinance"]
        page.screenshot(path=str(tmp_path / f"summary-{size[0]}.png"), full_page=False)
        if AXE.is_file():
            assert axe_violations(page) == []
        for index, field in enumerate(["name", "oversight_entity", "sender_email",
                                       "document-ordinance"]):
            links.nth(index).click()
            assert page.evaluate("document.activeElement.id") == field
        assert page.get_attribute("#name", "aria-describedby") == "name-error"
        assert page.input_value("#sender_email") == "not-an-email"        # nothing lost


def test_without_javascript_officials_kinds_zip_names_and_icon(client):
    c, token = client
    page = c.get("/").text
    assert '<option value="city-and-county"' in page and ">City and county</option>" in page
    assert '<link rel="icon" href="data:image/svg+xml,' in page
    icon = c.get("/favicon.ico")      # asked for anyway by some browsers and tools
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in icon.content
    assert "img-src data:" in c.get("/").headers["content-security-policy"]
    # "Add another official" posts back: one more row, what was typed kept, no errors.
    more = post(c, token, action="add_official", name="", official_name_0="Dana Whitfield",
                official_title_0="Mayor")
    assert more.status_code == 200 and 'id="error-summary"' not in more.text
    assert 'id="official_name_1"' in more.text and 'value="Dana Whitfield"' in more.text
    # A zip is named after the place.
    both = post(c, token, documents=["ordinance", "resolution"])
    assert both.headers["content-disposition"] == \
        'attachment; filename="city-of-testville-documents.zip"'
    assert ">Ciudad y Condado</option>" in c.get("/?lang=es").text


def form_state(html: str) -> dict:
    """What a person sees filled in: text fields, selected options and ticked boxes."""
    import html as html_module

    state = {}
    for name, value in re.findall(r'<input type="(?:text|email|date)"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        state[name] = html_module.unescape(value)
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        state[name] = html_module.unescape(body)
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', options)
        state[name] = chosen[0] if chosen else ""
    for name, value in re.findall(r'<input type="checkbox"[^>]*name="([^"]+)" value="([^"]+)" checked', html):
        state.setdefault(name, []).append(value)
    state["kept"] = html_module.unescape(re.search(r'name="kept" value="([^"]*)"', html)[1])
    return state


def test_save_and_load_keep_every_answer(client):
    c, token = client
    # A profile with fields the page does not show, loaded first: kept, and said so.
    loaded = c.post("/", data={"csrf_token": token, "action": "upload"},
                    files={"profile_file": ("mine.yaml", b"kind: town\nname: Westbrook\n"
                                            b"state: Maine\nlegal_name: Town of Westbrook Mills\n"
                                            b"clerk: Town Recorder\ncode_name: Westbrook Code\n"
                                            b"wards: 4\n")})
    assert "Kept from your file, not shown on this page: legal name, clerk, code name." in loaded.text
    assert "not used here: wards" in loaded.text
    answers = {**GOOD, "kind": "town", "name": "Westbrook", "state": "Maine",
               "kept": form_state(loaded.text)["kept"], "sender_group": "Eastside Neighbors",
               "sender_contact": "Ana Reyes", "sender_email": "ana@example.org",
               "sender_address": "PO Box 1\nWestbrook, ME 04092", "official_name_0": "Dana Whitfield",
               "official_title_0": "Mayor", "official_name_1": "Luis Ortega",
               "official_title_1": "Chief of Police", "rules": ["judicial-warrant", "redress", "dont-ask"],
               "include_1373": None, "extras": ["annual-report"],
               "documents": ["petition", "letter", "explainer"], "format": "docx",
               "line_numbers": "on", "papers_lang": "en,es"}
    saved = post(c, token, **{**answers, "action": "profile"})
    assert saved.headers["content-disposition"] == 'attachment; filename="westbrook-answers.zip"'
    with zipfile.ZipFile(io.BytesIO(saved.content)) as archive:
        assert sorted(archive.namelist()) == ["choices.yaml", "profile.yaml", "sender.yaml"]
        profile = archive.read("profile.yaml").decode()
        assert "legal_name: Town of Westbrook Mills" in profile and "Luis Ortega" in profile
    before = form_state(post(c, token, **{**answers, "action": "add_official"}).text)
    restored = c.post("/", data={"csrf_token": token, "action": "upload"},
                      files={"profile_file": ("westbrook-answers.zip", saved.content)})
    assert restored.status_code == 200, re.findall(r'class="error"[^>]*>(.*?)</p>', restored.text)
    after = form_state(restored.text)
    for key in ("official_name_2", "official_title_2", "official_salutation_2",
                "official_email_2", "official_address_2"):
        before.pop(key, None)       # the empty row "add another" gave
    assert after == before
    # The saved profile works with the command line as it is.
    from drafter.inputs.jurisdiction import load_jurisdiction

    path = Path(tempfile.mkdtemp()) / "profile.yaml"
    path.write_text(profile)
    assert load_jurisdiction(path).clerk == "Town Recorder"


def test_a_zip_that_is_not_saved_answers_gets_a_message(client):
    c, token = client
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("notes.txt", "hello")
    page = c.post("/", data={"csrf_token": token, "action": "upload", "name": "Keepme"},
                  files={"profile_file": ("x.zip", other.getvalue())})
    assert page.status_code == 400 and "That zip is not one saved by this page." in page.text
    assert 'value="Keepme"' in page.text                  # what was typed is still there


def test_preview_any_document_and_download_the_whole_packet(client):
    from pypdf import PdfReader

    c, token = client
    preview = c.post("/", data={**GOOD, "csrf_token": token, "action": "preview",
                                "preview_type": "petition", "lang": "es"},
                     headers={"X-Requested-With": "fetch"})
    assert preview.status_code == 200
    assert "Petición al Concejo Municipal de la Ciudad de Testville" in preview.json()["preview"]
    packet = post(c, token, action="packet", rules=["judicial-warrant", "redress"])
    assert packet.status_code == 200
    assert packet.headers["content-disposition"] == \
        'attachment; filename="city-of-testville-packet.zip"'
    with zipfile.ZipFile(io.BytesIO(packet.content)) as archive:
        names = archive.namelist()
        combined = PdfReader(io.BytesIO(archive.read("city-of-testville-packet.pdf")))
    assert "city-of-testville-ordinance.docx" in names and "city-of-testville-petition.pdf" in names
    assert "Freedom City Campaign Packet" in combined.pages[0].extract_text()
    titles = [item.title for item in combined.outline]
    assert titles[0] == "Cover and contents" and "Ordinance" in titles and "Petition" in titles


def test_the_papers_options_reach_the_papers(client):
    c, token = client
    files = post(c, token, documents=["petition", "testimony"], format="pdf", sheets="3",
                 address_column="ward", circulator="on", qr_url="https://example.org/sign",
                 speaker="Ana Reyes", agenda_item="Item 7")
    assert files.status_code == 200, re.findall(r'class="error"[^>]*>(.*?)</p>', files.text)
    with zipfile.ZipFile(io.BytesIO(files.content)) as archive:
        petition = pdf_text(archive.read("city-of-testville-petition.pdf"))
        testimony = pdf_text(archive.read("city-of-testville-testimony-short.pdf"))
    assert "Sheet ____ of 3" in petition and "Ward" in petition and "Circulator" in petition
    assert "Sign online: https://example.org/" in petition         # wrapped in the PDF
    assert "Speaker: Ana Reyes" in testimony and "Agenda item: Item 7" in testimony
    bad = post(c, token, sheets="500", qr_url="javascript:alert(1)", letter_date="tomorrow")
    assert bad.status_code == 400
    for field in ("sheets", "qr_url", "letter_date"):
        assert f'id="{field}-error"' in bad.text, field
    assert 'value="500"' in bad.text                      # what was typed is kept
    safe = post(c, token, state="Texas", documents=["ordinance"], format="pdf", state_safe="on")
    assert safe.status_code == 200
    assert "to the extent permitted by the law of Texas" in pdf_text(safe.content)


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed "
                    "(make test installs it when run as root)")
@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_save_load_bad_upload_and_packet_in_a_real_browser(server, tmp_path, size):
    """A person's whole session: answers saved and loaded back equal, a bad file refused
    with its problems listed and the form kept, and the whole packet downloaded."""
    from pypdf import PdfReader

    with browser_page(size, accept_downloads=True) as page:
        page.goto(server)
        fill_ithaca(page)
        page.fill("#sender_group", "Ithaca Freedom City")
        page.fill("#sender_contact", "Ana Reyes")
        page.fill("#official_name_0", "Dana Whitfield")
        page.fill("#official_title_0", "Mayor")
        page.uncheck("#rule-dont-ask")
        page.check("#document-petition")
        page.click("#paper-options summary")           # the papers' options
        page.fill("#sheets", "4")
        page.fill("#speaker", "Ana Reyes")
        before = {field: page.input_value(f"#{field}") for field in
                  ("name", "state", "oversight_entity", "sender_group", "sender_contact",
                   "official_name_0", "official_title_0", "sheets", "speaker")}
        with page.expect_download() as saving:
            page.click("button[value=profile]")
        saved = tmp_path / saving.value.suggested_filename
        saving.value.save_as(saved)
        assert saved.name == "ithaca-answers.zip"
        # A bad file: its problems listed, everything typed still there.
        bad = tmp_path / "bad.yaml"
        bad.write_text("kind: metropolis\nname: Ithaca\nwards: 4\n")
        page.set_input_files("#profile_file", str(bad))
        page.click("button[value=upload]")
        page.wait_for_selector("#error-summary")
        summary = page.inner_text("#error-summary")
        assert "Choose the kind of government from the list" in summary
        assert "not used here: wards" in summary
        assert page.input_value("#sender_group") == "Ithaca Freedom City"
        if AXE.is_file():
            assert axe_violations(page) == []
        page.screenshot(path=str(tmp_path / f"bad-upload-{size[0]}.png"))
        # Load the saved answers: every field as it was.
        page.goto(server)
        page.set_input_files("#profile_file", str(saved))
        page.click("button[value=upload]")
        page.wait_for_selector("#name[value=Ithaca]")
        after = {field: page.input_value(f"#{field}") for field in before}
        assert after == before
        assert not page.is_checked("#rule-dont-ask") and page.is_checked("#document-petition")
        # The whole packet: the buttons are busy while it is drafted (it cannot be asked
        # for twice), then the page says what the zip holds and what to do with each paper.
        with page.expect_download(timeout=60000) as packing:
            page.click("#packet-button")
            assert page.get_attribute("#packet-button", "aria-busy") == "true"
            assert page.is_disabled("#packet-button") and page.is_disabled("#draft-button")
            assert "Drafting the packet" in page.inner_text("#packet-button")
        page.wait_for_selector("#download-status li")
        done = page.inner_text("#download-status")
        assert "Downloaded: city-of-ithaca-packet.zip. It holds:" in done
        assert "Print the petition and its signature sheets, gather signatures" in done
        assert "city-of-ithaca-petition.docx, city-of-ithaca-petition.pdf" in done
        assert "Sign each letter and send it" in done and "Book the meeting" in done
        assert "The whole packet" in done and "have a lawyer review" in done
        assert page.is_enabled("#packet-button") and page.get_attribute("#packet-button", "aria-busy") is None
        if AXE.is_file():
            assert axe_violations(page) == []
        page.screenshot(path=str(tmp_path / f"after-packet-{size[0]}.png"), full_page=False)
        packet = tmp_path / packing.value.suggested_filename
        packing.value.save_as(packet)
        assert packet.name == "city-of-ithaca-packet.zip"
        with zipfile.ZipFile(packet) as archive:
            combined = PdfReader(io.BytesIO(archive.read("city-of-ithaca-packet.pdf")))
        assert "Freedom City Campaign Packet" in combined.pages[0].extract_text()
        assert [item.title for item in combined.outline][0] == "Cover and contents"


def test_record_answers_then_report_back_scorecard_and_save(client):
    c, token = client
    answers = {"meeting_date": "2026-11-20", "meeting_official": "Chief of Police Pat Lee",
               "answer_judicial-warrant_in_place": "yes",
               "answer_judicial-warrant_in_writing": "policy",
               "answer_judicial-warrant_where": "General Order 4.12",
               "answer_judicial-warrant_position": "supports",
               "answer_judicial-warrant_note": "A judge's warrant since 2019.",
               "answer_redress_in_place": "no", "answer_redress_position": "opposes"}
    missing = post(c, token, documents=["report-back"], format="pdf")
    assert missing.status_code == 400
    assert "Record what law enforcement said, under “After the meeting”" in missing.text
    report = post(c, token, documents=["report-back"], format="pdf", **answers)
    assert report.status_code == 200, re.findall(r'class="error"[^>]*>(.*?)</p>', report.text)
    text = pdf_text(report.content)
    assert "We met with Chief of Police Pat Lee on November 20, 2026" in text
    assert "In a department policy: General Order 4.12" in text and "A judge's warrant since 2019." in text
    card = post(c, token, action="scorecard", **answers)
    assert card.headers["content-type"] == "image/png" and card.content[:4] == b"\x89PNG"
    assert card.headers["content-disposition"].endswith('city-of-testville-scorecard.png"')
    bad = post(c, token, documents=["report-back"], meeting_date="last Tuesday",
               **{k: v for k, v in answers.items() if k != "meeting_date"})
    assert bad.status_code == 400 and 'id="meeting_date-error"' in bad.text
    # Saved with the answers as the status file `drafter record` writes, and loaded back.
    saved = post(c, token, action="profile", **answers)
    with zipfile.ZipFile(io.BytesIO(saved.content)) as archive:
        status = archive.read("profile.status.yaml").decode()
    assert "in_writing: policy" in status and "where: General Order 4.12" in status
    back = c.post("/", data={"csrf_token": token, "action": "upload"},
                  files={"profile_file": ("a.zip", saved.content)})
    state = form_state(back.text)
    for key, value in answers.items():
        assert state[key] == value, key


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed "
                    "(make test installs it when run as root)")
@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_recording_answers_gives_the_scorecard_and_report_back_in_a_real_browser(server,
                                                                                 tmp_path, size):
    with browser_page(size, accept_downloads=True) as page:
        page.goto(server)
        fill_ithaca(page)
        page.click("#after-meeting summary")
        page.fill("#meeting_date", "2026-11-20")
        page.fill("#meeting_official", "Chief of Police Pat Lee")
        page.select_option("#answer_judicial-warrant_in_place", "yes")
        page.select_option("#answer_judicial-warrant_in_writing", "policy")
        page.fill("#answer_judicial-warrant_where", "General Order 4.12")
        page.select_option("#answer_redress_position", "opposes")
        if AXE.is_file():
            assert axe_violations(page) == []
        page.screenshot(path=str(tmp_path / f"recording-{size[0]}.png"))
        with page.expect_download() as card:
            page.click("#scorecard-button")
        assert card.value.suggested_filename == "city-of-ithaca-scorecard.png"
        card.value.save_as(tmp_path / "card.png")
        assert (tmp_path / "card.png").read_bytes()[:4] == b"\x89PNG"
        for box in page.locator("input[name=documents]").all():
            box.uncheck()
        page.check("#document-report-back")
        page.select_option("#format", "pdf")
        with page.expect_download() as report:
            page.click("#draft-button")
        report.value.save_as(tmp_path / "report.pdf")
        text = pdf_text((tmp_path / "report.pdf").read_bytes())
        assert "We met with Chief of Police Pat Lee on November 20, 2026" in text
        assert "General Order 4.12" in text


def test_only_the_rules_not_yet_in_the_code(client):
    c, token = client
    refused = post(c, token, missing="on", rules=["judicial-warrant", "redress"])
    assert refused.status_code == 400
    assert "to draft only the rules not yet in the code" in refused.text
    drafted = post(c, token, missing="on", rules=["judicial-warrant", "redress"], format="pdf",
                   **{"answer_judicial-warrant_in_place": "yes",
                      "answer_judicial-warrant_in_writing": "code",
                      "answer_judicial-warrant_where": "Code 2-40"})
    assert drafted.status_code == 200, re.findall(r'class="error"[^>]*>(.*?)</p>', drafted.text)
    text = pdf_text(drafted.content)
    assert "Redress Rule" in text and "Judicial Warrant Rule" not in text.split("WHEREAS")[-1]


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed "
                    "(make test installs it when run as root)")
def test_pressing_enter_in_a_field_keeps_the_spanish_page_spanish(server):
    """Enter presses a form's first submit button: the page's main action, never the
    language buttons that come before the form (they switched the page to English)."""
    with browser_page(locale="es-MX") as page:
        page.goto(server)
        assert page.get_attribute("html", "lang") == "es-US"
        page.fill("#name", "Enterville")                 # no state chosen: the form says so
        with page.expect_navigation():
            page.press("#name", "Enter")
        assert page.get_attribute("html", "lang") == "es-US"
        assert page.input_value("#name") == "Enterville"
        assert "Error" in page.inner_text("body") and "Draft your" not in page.inner_text("body")


def test_the_page_title_says_error_when_a_submit_has_problems(client):
    """GOV.UK's pattern: a screen reader hears 'Error:' first when the page comes back
    with problems; the title is plain otherwise."""
    c, token = client
    assert re.search(r"<title>drafter: draft", c.get("/").text)
    bad = post(c, token, name="")
    assert re.search(r"<title>Error: drafter: draft your Freedom City papers</title>", bad.text)
    spanish = post(c, token, name="", lang="es")
    assert re.search(r"<title>Error: drafter: redacte", spanish.text)


def test_saved_answers_work_with_the_readmes_commands(client, tmp_path):
    """"Save my answers", unzipped, used as the README says: -j profile.yaml finds
    profile.status.yaml beside it for the report back, --from sender.yaml signs the letters,
    and an address typed in a textarea (\\r\\n) reaches the letter without a stray \\r."""
    c, token = client
    answers = {"meeting_date": "2026-11-20", "meeting_official": "Chief of Police Pat Lee",
               "answer_judicial-warrant_in_place": "yes",
               "answer_judicial-warrant_in_writing": "policy",
               "answer_judicial-warrant_where": "General Order 4.12"}
    saved = post(c, token, action="profile", official_name_0="Dana Whitfield",
                 official_title_0="Mayor", official_address_0="City Hall\r\n100 Main Street",
                 sender_group="Testville Rights Coalition", sender_contact="Jo Reyes",
                 sender_address="PO Box 1\r\nTestville", **answers)
    assert saved.status_code == 200
    with zipfile.ZipFile(io.BytesIO(saved.content)) as archive:
        assert "profile.status.yaml" in archive.namelist()
        archive.extractall(tmp_path)
    out = tmp_path / "out"
    report = run("draft", "report-back", "-j", str(tmp_path / "profile.yaml"), "--format", "md",
                 "--out", str(out))
    assert report.exit_code == 0, report.output
    text = next(out.glob("*report-back*.md")).read_text(encoding="utf-8")
    assert "General Order 4.12" in text
    letter = run("draft", "letter", "-j", str(tmp_path / "profile.yaml"),
                 "--from", str(tmp_path / "sender.yaml"), "--format", "md", "--out", str(out))
    assert letter.exit_code == 0, letter.output
    for path in out.glob("*letter*.md"):
        raw = path.read_bytes()
        assert b"\r" not in raw and b"100 Main Street" in raw and b"PO Box 1" in raw



def test_an_uploaded_kind_or_state_the_form_can_show_is_normalised(client):
    """'kind: City' and 'state: TX' load as the city choice and Texas, with no error beside
    them (they used to show 'City' next to 'choose City')."""
    c, token = client
    profile = b"kind: City\nname: Elmo\nstate: TX\noversight_entity: the Board\n"
    back = c.post("/", data={"csrf_token": token, "action": "upload"},
                  files={"profile_file": ("elmo.yaml", profile)})
    state = form_state(back.text)
    assert state["kind"] == "city" and state["state"] == "Texas"
    assert 'id="kind-error"' not in back.text and 'id="state-error"' not in back.text
    from drafter.inputs.jurisdiction import Profile       # a profile file, the same way

    assert Profile.model_validate({"kind": "City and County", "name": "X",
                                   "state": "CA"}).kind == "city-and-county"


NINE_RULES = ["judicial-warrant", "no-facilitation", "defined-access", "clear-identification",
              "dont-ask", "privacy-protection", "discriminatory-surveillance", "redress",
              "fair-impartial-policing"]
# A page state: the fields a person filled in (over GOOD) and the button they pressed.
PAGE_STATES = {
    "a Louisiana county that is a parish": dict(kind="county", name="Orleans", state="Louisiana"),
    "Texas, every rule": dict(state="Texas", rules=NINE_RULES),
    "Texas, state-safe": dict(state="Texas", rules=NINE_RULES, state_safe="on"),
    "a mayor not known to answer to the council": dict(executive="Mayor",
                                                       documents=["resolution"]),
    "a form of government no source confirmed": dict(kind="county", name="Fairfax",
                                                     state="Virginia"),
    "a county name the Census list lacks": dict(kind="county", name="Jonnson", state="Texas"),
    "extra provisions not verified": dict(extras=["no-287g", "data-sharing"]),
    "an executive order with no executive": dict(kind="county", name="Lane", state="Oregon",
                                                 documents=["executive-order"]),
    "a report back with no answers": dict(documents=["report-back"]),
    "only the missing rules, no answers": dict(missing="on"),
    "the state runs the jail": dict(state="Alaska", rules=NINE_RULES),
    "nothing filled in": dict(name="", oversight_entity="", state=""),
    "a bad date": dict(letter_date="12/01/2026", documents=["letter"]),
}
# What belongs to a command line or a profile file, not a page: a backtick, an option
# (--state-safe), a drafter command, a profile or option field name (executive_elected,
# kind: parish, (manager)).
FIELD_NAMES = sorted({*Profile.model_fields, *request_options()})
COMMAND_LINE_WORDS = re.compile(
    r"`|(?<![\w-])--[a-z]|\bdrafter (?:draft|record|check|list|packet|init|batch|serve)\b"
    r"|\b(?:" + "|".join(f for f in FIELD_NAMES if "_" in f) + r")\b"
    r"|\b(?:" + "|".join(FIELD_NAMES) + r"):\s|\((?:" + "|".join(FIELD_NAMES) + r")\)")


def visible_text(html: str) -> str:
    """What a person reads on the page: its text, not its markup, script or attributes."""
    import html as entities

    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return entities.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("state", list(PAGE_STATES))
def test_every_page_state_speaks_in_words_not_commands(client, state, language):
    """Issue 29, item 1: whatever the page says (its labels, errors, warnings and notes,
    after a preview or a download), it says what to do on the page: no option, command or
    profile key a person who has never seen a command line would have to decode."""
    c, token = client
    for action in ("preview", "draft"):
        page = post(c, token, action=action, lang=language, **PAGE_STATES[state])
        if not page.headers["content-type"].startswith("text/html"):
            continue                  # the files were drafted: nothing to read on a page
        text = visible_text(page.text)
        leaks = sorted({m.group(0) for m in COMMAND_LINE_WORDS.finditer(text)})
        assert not leaks, (action, leaks, [line.strip() for line in text.splitlines()
                                           if COMMAND_LINE_WORDS.search(line)][:3])
        assert action != "preview" or "class=\"warning\"" in page.text \
            or "class=\"notice\"" in page.text or "error-summary" in page.text, \
            "each state says something"


def test_every_problem_of_a_submit_is_shown_at_once(client):
    """Issue 29, item 2: the pipeline's problems (rule 8 without an oversight entity, an
    executive order without an executive) are shown with the form's own (no name, a bad
    date), in one round, each beside its field and in the summary."""
    c, token = client
    page = post(c, token, name="", oversight_entity="", letter_date="12/01/2026",
                documents=["ordinance", "letter"])
    assert page.status_code == 400
    for field in ("name", "oversight_entity", "letter_date"):
        assert f'id="{field}-error"' in page.text, field
        assert f'<a href="#{field}">' in page.text, field
    assert "Tell us who takes complaints about the police" in page.text
    county = post(c, token, kind="county", name="Lane", state="", oversight_entity="",
                  documents=["executive-order"])
    # Without the state, what the state decides (is there an executive?) is not judged.
    assert 'id="state-error"' in county.text and 'id="oversight_entity-error"' in county.text
    assert 'id="executive-error"' not in county.text
    fixed_state = post(c, token, kind="county", name="", state="Oregon", oversight_entity="",
                       documents=["executive-order"])
    for field in ("name", "oversight_entity", "executive"):
        assert f'id="{field}-error"' in fixed_state.text, field
    assert "Enter the executive" in fixed_state.text
    # No state either (a city needs one): still every problem, the state's among them.
    no_state = post(c, token, name="", state="", oversight_entity="")
    for field in ("name", "state", "oversight_entity"):
        assert f'id="{field}-error"' in no_state.text, field
    # The same with the live preview: every problem in its place.
    preview = c.post("/", data={**GOOD, "name": "", "oversight_entity": "", "action": "preview",
                                "csrf_token": token}, headers={"X-Requested-With": "fetch"})
    assert {e["field"] for e in preview.json()["errors"]} == {"name", "oversight_entity"}


def test_who_runs_the_departments_is_asked_on_the_page(client):
    """The note on a mayor not known to answer to the council points to two fields on the
    page; answered there, the resolution directs (the manager) and the note is gone; saved,
    the profile holds true/false as the command line reads it, and loads back."""
    c, token = client
    asked = post(c, token, action="preview", executive="Mayor", documents=["resolution"],
                 preview_type="resolution")
    assert "enter the manager under Your jurisdiction" in asked.text
    answered = post(c, token, action="preview", executive="Mayor", executive_elected="no",
                    manager="City Manager", documents=["resolution"], preview_type="resolution")
    assert "enter the manager under Your jurisdiction" not in answered.text
    assert "directs the City Manager" in visible_text(answered.text) or \
        "directs the City Manager" in answered.text.replace("&#34;", '"')
    saved = post(c, token, action="profile", executive="Mayor", executive_elected="no",
                 manager="City Manager")
    with zipfile.ZipFile(io.BytesIO(saved.content)) as archive:
        profile = archive.read("profile.yaml")
    assert b"executive_elected: false" in profile and b"manager: City Manager" in profile
    loaded = c.post("/", data={"action": "upload", "csrf_token": token},
                    files={"profile_file": ("profile.yaml", profile, "application/x-yaml")})
    state = form_state(loaded.text)
    assert state["executive_elected"] == "no" and state["manager"] == "City Manager"


def test_one_paper_asks_only_what_it_needs(client):
    """Issue 29, item 9: "I want a petition for my city" (?paper=petition) shows the place,
    the rules, who it is from and the petition's options, not officials, extras or the
    meeting; it drafts that paper alone. A letter asks for the officials too."""
    c, token = client
    petition = c.get("/?paper=petition").text
    assert 'id="sheets"' in petition and 'id="sender_group"' in petition
    for absent in ('id="officials"', 'id="extra-', 'id="after-meeting"', 'id="document-ordinance"',
                   'id="executive"', 'id="police"',
                   'id="speaker"', 'id="packet-button"'):
        assert absent not in petition, absent
    assert 'name="documents" value="petition"' in petition and "Draft all the papers instead" in petition
    letter = c.get("/?paper=letter&lang=es").text
    assert 'id="officials"' in letter and 'id="letter_date"' in letter and 'id="sheets"' not in letter
    assert "Un solo documento: Carta." in letter
    drafted = post(c, token, paper="petition", documents=["petition"], format="pdf",
                   rules=["judicial-warrant"], oversight_entity="")
    assert drafted.headers["content-disposition"] == \
        'attachment; filename="city-of-testville-petition.pdf"'
    # A problem keeps the person on their one paper's page.
    again = post(c, token, paper="petition", documents=["petition"], name="")
    assert again.status_code == 400 and 'name="paper" value="petition"' in again.text
    assert 'id="officials"' not in again.text


def test_check_your_answers_shows_what_will_be_drafted_with_change_links(client):
    """Issue 29, item 9: "Check my answers" lists each answer as drafter will use it (the
    legal name, the governing body its form of government gives), each with a Change link
    to a field that is on the page; a problem is shown instead, beside its field."""
    c, token = client
    page = post(c, token, action="check", name="Ithaca", state="New York",
                documents=["ordinance", "petition"], sender_group="Ithaca Freedom City", sender_contact="Ana Reyes",
                official_name_0="Dana Whitfield", official_title_0="Mayor")
    assert page.status_code == 200
    section = re.search(r'<section class="check-answers".*?</section>', page.text, re.S).group(0)
    rows = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", section))
    assert rows["Place"] == "City of Ithaca, New York"
    assert rows["Governing body"] == "Common Council"        # New York's word for it
    assert rows["Documents"] == "Ordinance, Petition"
    assert rows["Officials to write to"] == "Dana Whitfield, Mayor"
    assert rows["Your group"] == "Ithaca Freedom City, Ana Reyes"
    ids = set(re.findall(r'\bid="([^"]+)"', page.text))
    links = re.findall(r'<a href="#([^"]+)">Change', section)
    assert len(links) == len(rows) and set(links) <= ids
    spanish = post(c, token, action="check", name="Ithaca", state="New York", lang="es")
    assert "Revise sus respuestas antes de descargar" in spanish.text and ">Cambiar<" in spanish.text
    spanish_rows = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", spanish.text))
    assert spanish_rows["Disposiciones adicionales"] == "Ninguna"     # agrees with what is missing
    assert spanish_rows["Su grupo"] == "Nadie"
    problem = post(c, token, action="check", oversight_entity="")
    assert problem.status_code == 400 and 'id="oversight_entity-error"' in problem.text
    assert '<section class="check-answers"' not in problem.text


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed "
                    "(make test installs it when run as root)")
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_one_paper_checked_changed_and_downloaded_in_a_real_browser(server, tmp_path, size,
                                                                     language):
    """The guided path a person on a phone takes: one paper, check the answers, change one
    with its link (the focus lands on the field), download from the check."""
    words = {"en": ("Petition", "Check my answers", "City of Ithaca, New York"),
             "es": ("Petición", "Revisar mis respuestas", "City of Ithaca, Nueva York")}[language]
    with browser_page(size, accept_downloads=True) as page:
        page.goto(f"{server}?lang={language}")
        page.click(f"nav >> text={words[0]}")
        page.wait_for_selector("input[name=paper][value=petition]", state="attached")
        fill_ithaca(page)
        page.fill("#name", "Ithca")
        page.click("#check-button")
        page.wait_for_selector(".check-answers")
        assert page.evaluate("document.activeElement.id") == "check-title"
        if AXE.is_file():
            assert axe_violations(page) == []
        page.screenshot(path=str(tmp_path / f"check-{language}-{size[0]}.png"))
        page.click(".check-answers .row:first-child a")
        assert page.evaluate("document.activeElement.id") == "name"
        page.fill("#name", "Ithaca")
        page.click("#check-button")
        page.wait_for_selector(".check-answers")
        assert words[2] in page.inner_text(".check-answers")
        with page.expect_download(timeout=60000) as saving:
            page.click(".check-answers button[value=draft]")
        assert saving.value.suggested_filename == "city-of-ithaca-documents.zip"   # Word and PDF
        page.wait_for_selector("#check-download-status li")      # said where it was pressed
        assert words[0] in page.inner_text("#check-download-status")
        assert page.evaluate("document.activeElement.id") == "check-download-status"


def test_readmes_pictures_of_the_page_are_there():
    """README's web section shows the page (make screenshots takes the pictures again)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", readme)
    assert len(pictures) >= 6
    for picture in pictures:
        assert (ROOT / picture).stat().st_size > 10_000, picture


def test_the_readmes_deployment_runs_two_processes_and_drafts_through_them(tmp_path):
    """Issue 30: README's way to host the page (its command, with this test's port), two
    server processes with one render worker each: alive and ready answers, a visitor
    drafts an ordinance through it, a bad limit in the environment stops it with a
    message, and SIGTERM ends every process."""
    import os
    import subprocess
    import sys

    import httpx

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^(DRAFTER_RENDER_WORKERS=\d+ drafter serve --host 0\.0\.0\.0 "
                        r"--port \d+ --workers 2)$", readme, re.M).group(1)
    variable, *arguments = command.split()
    name, value = variable.split("=")
    port = _free_port()
    arguments = [a if a != "0.0.0.0" else "127.0.0.1" for a in arguments]
    arguments[arguments.index("--port") + 1] = str(port)
    drafter = str(Path(sys.executable).parent / "drafter")
    bad = subprocess.run([drafter, *arguments[1:]], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "DRAFTER_RENDERS_PER_CLIENT": "lots"})
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "DRAFTER_RENDERS_PER_CLIENT: must be a whole number from 1 to 4096, not 'lots'" \
        in bad.stderr
    server = subprocess.Popen([drafter, *arguments[1:]], env={**os.environ, name: value},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_ready(port, 30, "/healthz")
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).text == "ok"
        wait_until_ready(port)
        # /readyz answers for whichever process takes the request: wait for the other's
        # render worker too (on a loaded machine it may start a moment later).
        deadline = time.monotonic() + 30
        while True:
            processes = child_pids(server.pid)
            servers = [pid for pid in processes if child_pids(pid)]
            if len(servers) == 2 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert len(servers) == 2, processes                     # each with its render worker
        assert all(len(child_pids(pid)) == 1 for pid in servers)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as visitor:
            visitor.get("/")
            token = visitor.cookies["drafter_csrf"]
            drafted = visitor.post("/", data={**GOOD, "csrf_token": token}, timeout=60)
        assert drafted.status_code == 200
        assert "ORDINANCE NO." in pdf_text(drafted.content)
        everyone = [server.pid, *processes, *(c for pid in servers for c in child_pids(pid))]
        assert ended_by_sigterm(server, everyone) == []
    finally:
        server.kill()



def test_the_containerfile_installs_what_the_makefile_installs():
    """The container image gets the Debian packages WeasyPrint needs (the Makefile's one
    list), the data folders the wheel carries, and runs README's command with its health
    check. (No container engine here to build it: the file is checked, not run.)"""
    containerfile = (ROOT / "Containerfile").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    packages = re.search(r"^SYSTEM_PACKAGES := (.+)$", makefile, re.M).group(1).split()
    installed = re.search(r"--no-install-recommends \\\n\s+(.+?) \\", containerfile).group(1).split()
    assert sorted(installed) == sorted(packages)
    for folder in ("drafter", "clauses", "jurisdictions", "templates", "locale"):
        assert f"COPY {folder} {folder}" in containerfile
    assert '"--workers", "2"' in containerfile and "/healthz" in containerfile


def test_a_spanish_page_speaks_spanish_whatever_the_papers_language(client):
    """The page's notes are in the page's language even when the papers are in English and
    Spanish (they were in the papers' first language, English); kinds and states are named
    as the page names them; a rule's summary never shows a placeholder."""
    c, token = client
    page = post(c, token, action="preview", lang="es", papers_lang="en,es", kind="county",
                name="Orleans", state="Louisiana")
    text = visible_text(page.text)
    assert "la lista del Censo tiene Orleans Parish en Luisiana; ¿es de tipo Parroquia? Si es " \
        "así, elija Parroquia en Tipo" in " ".join(text.split())
    assert "drafter no tiene datos sobre un(a) condado en Luisiana" in " ".join(text.split())
    assert "[oversight entity]" not in c.get("/?lang=es").text
    assert "[oversight entity]" not in c.get("/").text


def test_what_a_reviewer_on_a_phone_missed_is_said_where_they_are(client):
    """Read as an activist on a phone: Check your answers carries the state-law warning
    (the preview's column is far below); the warning does not ask to tick what is ticked;
    a report back without answers points into "After the meeting" (opened) and says it can
    be unticked; switching the page to Spanish switches papers that followed it; a loaded
    file is said to be loaded."""
    c, token = client
    texas = post(c, token, action="check", state="Texas", rules=NINE_RULES)
    section = re.search(r'<section class="check-answers".*?</section>', texas.text, re.S).group(0)
    assert "Texas law restricts these rules" in section and "Tick “Leave out" in section
    safe = post(c, token, action="check", state="Texas", rules=NINE_RULES, state_safe="on")
    assert "Texas law restricts these rules" in safe.text and "Tick “Leave out" not in safe.text
    report = post(c, token, documents=["report-back"])
    assert 'id="meeting_date-error"' in report.text and "or untick Report Back" in report.text
    assert re.search(r'<details class="options" id="after-meeting" open>', report.text)
    switched = post(c, token, action="draft", switch_lang="es", lang="en", papers_lang="en")
    assert form_state(switched.text)["papers_lang"] == "es"
    kept = post(c, token, action="draft", switch_lang="es", lang="en", papers_lang="en,es")
    assert form_state(kept.text)["papers_lang"] == "en,es"
    loaded = c.post("/", data={"action": "upload", "csrf_token": token},
                    files={"profile_file": ("ithaca.yaml", b"kind: city\nname: Ithaca\nstate: NY\n",
                                            "application/x-yaml")})
    assert "Your answers were loaded from ithaca.yaml" in loaded.text


def test_forged_forms_get_words_not_a_500_and_cost_little(client):
    """Read as an attacker: template markers in a testimony field, fields sent as files, a
    CSRF token that is not ASCII, and a file of 11,000 keys each get a message (a 4xx),
    never a 500; the file's thousands of problems are summed up, not all listed."""
    c, token = client
    for field in ("speaker", "neighborhood", "agenda_item"):
        marked = post(c, token, **{field: "Ann {{ x }}"})
        assert marked.status_code == 400 and "template markers" in marked.text, field
    for field in ("name", "kept", "action"):
        as_file = c.post("/", data={**GOOD, "csrf_token": token},
                         files={field: ("f.txt", b"Testville", "text/plain")})
        assert as_file.status_code in (200, 400) and "Error" in as_file.text or \
            as_file.headers["content-type"] == "application/pdf", field
    assert c.post("/", data={**GOOD, "csrf_token": "é"}).status_code == 403
    many = ("names: {" + ",".join(str(i) for i in range(11000)) + "}").encode()
    started = time.perf_counter()
    answer = c.post("/", data={"action": "upload", "csrf_token": token},
                    files={"profile_file": ("n.yaml", many, "application/x-yaml")})
    assert answer.status_code == 400 and "too long to keep here" in answer.text
    assert len(answer.content) < 200_000 and time.perf_counter() - started < 5
    forged = json.dumps({"names": {str(i): {} for i in range(1400)}})   # under 16 KB
    kept = post(c, token, kept=forged)
    assert kept.status_code == 400 and "more problems like these" in kept.text
    assert len(kept.content) < 200_000
