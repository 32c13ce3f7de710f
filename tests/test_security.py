"""The second round of hostile input (SECURITY.md rows 21-28): a server idle sockets and one
greedy client cannot take down, template folders and letterheads held to the limits of
clause folders, clear errors, nothing read from the server's disk, and files and
processes that behave when runs overlap or are killed."""
from __future__ import annotations

import io
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import warnings
import zipfile
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")
from conftest import ROOT, child_pids, run, running, write  # noqa: E402
from test_bad_input import GOOD, assert_refused  # noqa: E402
from test_web import _free_port, running_server  # noqa: E402

from drafter import paths  # noqa: E402

DRAFTER = str(Path(sys.executable).parent / "drafter")
REFERENCE = paths.templates_dir() / "base" / "reference.docx"
FORM = {"kind": "city", "name": "Testville", "state": "Oregon",
        "oversight_entity": "the Testville Review Board", "include_1373": "on",
        "rules": ["judicial-warrant", "redress"], "documents": ["ordinance"], "format": "pdf"}


# -- Row 21: idle sockets do not take the page down ----------------------------------------
def test_a_hundred_idle_sockets_do_not_keep_others_out():
    import httpx

    from drafter.web import serving

    with running_server() as port:
        idle = []
        for _ in range(100):                       # connected, never a byte sent
            sock = socket.socket()
            sock.bind(("127.0.0.2", 0))
            sock.connect(("127.0.0.1", port))
            idle.append(sock)
        try:
            times = []
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as visitor:
                for _ in range(20):
                    started = time.perf_counter()
                    assert visitor.get("/").status_code == 200
                    times.append(time.perf_counter() - started)
            assert max(times) < 1.0, times
            # The idle ones beyond one address's share were closed, oldest first.
            time.sleep(0.2)
            still_open = 0
            for sock in idle:
                sock.setblocking(False)
                try:
                    still_open += sock.recv(1) != b""
                except BlockingIOError:
                    still_open += 1
            assert still_open <= serving.CONNECTIONS_PER_CLIENT
        finally:
            for sock in idle:
                sock.close()


def test_too_many_connections_close_the_oldest_idle_ones(monkeypatch):
    """All addresses together: past MAX_CONNECTIONS the oldest idle connections of the
    address holding the most are closed; a new visitor still gets the page."""
    import httpx

    from drafter.web import serving

    monkeypatch.setattr(serving, "MAX_CONNECTIONS", 40)
    with running_server() as port:
        idle = []
        for index in range(60):
            sock = socket.socket()
            sock.bind((f"127.0.0.{10 + index % 3}", 0))
            sock.connect(("127.0.0.1", port))
            idle.append(sock)
        try:
            response = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
            assert response.status_code == 200
            assert serving._open.count <= 41
        finally:
            for sock in idle:
                sock.close()


def test_slow_bodies_from_a_few_addresses_give_way_to_a_visitor():
    """Four addresses each trickling 16 request bodies (every request slot taken): a
    visitor from a fifth address is still served, and a slow one gives way."""
    import httpx

    with running_server() as port:
        slow = []
        for index in range(64):
            sock = socket.socket()
            sock.bind((f"127.0.0.{2 + index % 4}", 0))
            sock.connect(("127.0.0.1", port))
            sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\n\r\nname=")
            slow.append(sock)
        try:
            time.sleep(0.3)
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5,
                              transport=httpx.HTTPTransport(local_address="127.0.0.9")) as visitor:
                answers = [visitor.get("/").status_code for _ in range(5)]
            assert answers == [200] * 5
            given_way = 0
            for sock in slow:
                sock.settimeout(0.05)
                try:
                    given_way += sock.recv(100).startswith(b"HTTP/1.1 503")
                except (socket.timeout, BlockingIOError):
                    pass
            assert given_way >= 1
        finally:
            for sock in slow:
                sock.close()


# -- Row 22: one client cannot hold every render slot --------------------------------------
def _session(base: str, address: str) -> tuple:
    """A visitor from `address`, with the page's CSRF cookie and token."""
    import httpx

    client = httpx.Client(base_url=base, timeout=120,
                          transport=httpx.HTTPTransport(local_address=address))
    client.get("/")
    return client, client.cookies.get("drafter_csrf")


def _packets_then_a_preview(base: str, greedy: list[str]) -> tuple[list[int], object]:
    """A packet request from each of `greedy`'s addresses at once, then a preview from
    127.0.0.9 while they are under way: the packets' statuses and the preview's answer."""
    sessions = [_session(base, address) for address in greedy]
    statuses: list[int] = []

    def packet(client, token):
        statuses.append(client.post("/", data={**FORM, "action": "packet",
                                               "csrf_token": token}).status_code)

    threads = [threading.Thread(target=packet, args=pair) for pair in sessions]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    client, token = _session(base, "127.0.0.9")
    answer = client.post("/", data={**FORM, "action": "preview", "csrf_token": token},
                         headers={"X-Requested-With": "fetch"})
    for thread in threads:
        thread.join(timeout=180)
    return statuses, answer


def test_one_greedy_client_is_told_busy_and_others_are_served():
    with running_server() as port:
        statuses, answer = _packets_then_a_preview(f"http://127.0.0.1:{port}", ["127.0.0.3"] * 8)
    assert answer.status_code == 200 and "Testville" in answer.json()["preview"]
    assert statuses.count(200) == 2 and statuses.count(503) == 6, statuses


def test_a_few_greedy_addresses_cannot_fill_the_render_queue():
    """Four addresses with two packets each fill every render slot; a visitor from a fifth
    takes a waiting one's place and is served in turn, not told "busy"."""
    with running_server() as port:
        statuses, answer = _packets_then_a_preview(
            f"http://127.0.0.1:{port}", [f"127.0.0.{2 + index % 4}" for index in range(8)])
    assert answer.status_code == 200 and "Testville" in answer.json()["preview"]
    assert statuses.count(503) == 1 and statuses.count(200) == 7, statuses


# -- Row 23: template and clause folders are read from their own files only --------------
def _linked_template(folder: Path, target: str = "/proc/self/environ") -> Path:
    (folder / "ordinance").mkdir(parents=True)
    (folder / "ordinance" / "secret.html").symlink_to(target)
    write(folder / "ordinance" / "document.html",
          '{% extends "default:base/document.html" %}'
          '{% block extra_style %}{% include "ordinance/secret.html" %}{% endblock %}')
    return folder


@pytest.mark.parametrize("route", ["--templates", "profile", "packet", "batch"])
def test_a_template_linked_outside_its_folder_is_refused(tmp_path, route, monkeypatch):
    monkeypatch.setenv("DRAFTER_TEST_SECRET", "do-not-print-me")
    folder = _linked_template(tmp_path / "tpl")
    out = tmp_path / "out"
    profile = write(tmp_path / "p" / "city.yaml", GOOD + "templates: [../tpl]\n")
    if route == "--templates":
        result = run("draft", "ordinance", "--templates", str(folder), "--out", str(out),
                     "--format", "pdf")
    elif route == "profile":
        result = run("draft", "ordinance", "-j", str(profile), "--out", str(out), "--format", "pdf")
    elif route == "packet":
        result = run("packet", "-j", str(profile), "--out", str(out), "--format", "pdf")
    else:
        result = run("batch", str(profile.parent), "--out", str(out), "--documents", "ordinance",
                     "--format", "pdf", "--jobs", "1")
        report = (out / "batch-report.csv").read_text()
        assert "is a link to a file outside its folder" in report
        assert result.exit_code == 1
        assert not list(out.rglob("*.pdf"))
        return
    assert_refused(result, out, "secret.html: is a link to a file outside its folder")
    assert "do-not-print-me" not in result.output


def test_check_strict_reports_links_leaving_template_and_clause_folders(tmp_path):
    folder = _linked_template(tmp_path / "tpl", "/etc/hostname")
    (folder / "base").mkdir()
    (folder / "base" / "print.css").symlink_to("/etc/passwd")
    clauses = tmp_path / "clauses"
    clauses.mkdir()
    (clauses / "judicial-warrant.md").symlink_to("/etc/passwd")
    result = run("check", "--strict", "--templates", str(folder), "--clauses", str(clauses))
    assert result.exit_code == 1 and "Traceback" not in result.output
    for name in ("ordinance/secret.html", "base/print.css", "judicial-warrant.md"):
        assert f"{name}: is a link to a file outside its folder" in result.stderr, result.stderr


def test_a_link_inside_the_folder_is_followed(tmp_path):
    folder = tmp_path / "tpl"
    write(folder / "shared" / "style.html", "<style>p { color: #111; }</style>")
    (folder / "ordinance").mkdir()
    (folder / "ordinance" / "style.html").symlink_to(folder / "shared" / "style.html")
    write(folder / "ordinance" / "document.html",
          '{% extends "default:base/document.html" %}'
          '{% block extra_style %}{% include "ordinance/style.html" %}{% endblock %}')
    out = tmp_path / "out"
    result = run("draft", "ordinance", "--templates", str(folder), "--out", str(out),
                 "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert run("check", "--strict", "--templates", str(folder)).exit_code == 0


def test_a_hard_link_in_a_shared_folder_is_refused(tmp_path):
    """A hard link is another name for a file that may live anywhere: refused, in template
    and clause folders, by drafting and by check --strict."""
    secret = write(tmp_path / "elsewhere" / "secret.txt", "do-not-print-me")
    folder = tmp_path / "tpl"
    (folder / "ordinance").mkdir(parents=True)
    os.link(secret, folder / "ordinance" / "secret.html")
    write(folder / "ordinance" / "document.html", '{% include "ordinance/secret.html" %}')
    clauses = tmp_path / "clauses"
    clauses.mkdir()
    os.link(secret, clauses / "short-title.md")
    out = tmp_path / "out"
    result = run("draft", "ordinance", "--templates", str(folder), "--out", str(out),
                 "--format", "pdf")
    assert_refused(result, out, "secret.html: is a hard link")
    checked = run("check", "--strict", "--templates", str(folder), "--clauses", str(clauses))
    assert checked.exit_code == 1 and "do-not-print-me" not in checked.output
    assert "secret.html: is a hard link" in checked.stderr
    assert "short-title.md: is a hard link" in checked.stderr


def test_a_link_to_itself_is_a_message(tmp_path):
    folder = tmp_path / "tpl"
    (folder / "ordinance").mkdir(parents=True)
    (folder / "ordinance" / "document.html").symlink_to("document.html")
    out = tmp_path / "out"
    result = run("draft", "ordinance", "--templates", str(folder), "--out", str(out),
                 "--format", "pdf")
    assert_refused(result, out, "document.html: is a link that leads back to itself")
    checked = run("check", "--strict", "--templates", str(folder))
    assert checked.exit_code == 1 and "leads back to itself" in checked.stderr
    assert "Traceback" not in checked.output


# -- Row 24: a letterhead is checked before it is parsed -----------------------------------
def _letterhead(folder: Path, change) -> Path:
    """A copy of the built-in reference document, changed by change(name, data) -> data
    for each part (None drops it), with extra parts from change("+", None)."""
    target = folder / "base" / "reference.docx"
    target.parent.mkdir(parents=True)
    with zipfile.ZipFile(REFERENCE) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as letterhead:
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                letterhead.writestr(info, data)
        for name, data in (change("+", None) or {}).items():
            letterhead.writestr(name, data)
    return folder


EXTERNAL = (b'<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/attachedTemplate" Target="http://169.254.169.254/t.dotm" '
            b'TargetMode="External"/></Relationships>')


@pytest.mark.parametrize("change, message", [
    (lambda name, data: data.replace(b"</Relationships>", EXTERNAL)
     if name == "word/_rels/document.xml.rels" else data,
     "a link to 'http://169.254.169.254/t.dotm' outside the file (attachedTemplate)"),
    (lambda name, data: {"word/vbaProject.bin": b"\0" * 64} if name == "+" else data,
     "it holds 'word/vbaProject.bin' (macros or an embedded object)"),
    (lambda name, data: {"word/embeddings/oleObject1.bin": b"x"} if name == "+" else data,
     "(macros or an embedded object)"),
    (lambda name, data: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + data[data.index(b"?>") + 2:]
     if name == "word/styles.xml" else data, "a DOCTYPE or entity declaration"),
    (lambda name, data: {"word/media/huge.xml": b"<a>" + b" " * (40 * 1024 * 1024) + b"</a>"}
     if name == "+" else data, "it unpacks to 40 MB, more than 25 MB"),
    (lambda name, data: None if name == "word/document.xml" else data,
     "it is not a Word document (.docx)"),
    (lambda name, data: data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
     .encode("utf-16") if name == "word/document.xml" else data,
     "word/document.xml: it is not UTF-8 XML"),
    (lambda name, data: data[:len(data) // 2] if name == "word/header1.xml" else data,
     "word/header1.xml: it is not well-formed XML"),
    (lambda name, data: data.replace(b"</Relationships>",
                                     b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats'
                                     b'.org/officeDocument/2006/relationships/image" '
                                     b'Target="file:///etc/passwd"/></Relationships>')
     if name == "word/_rels/document.xml.rels" else data,
     "a relationship (image) to 'file:///etc/passwd', which is not a part of this file"),
    (lambda name, data: data.replace(b"</w:hdr>", b'<w:p><w:r><w:fldChar w:fldCharType="begin"/>'
                                     b'</w:r><w:r><w:instrText> DDEAUTO c:\\windows\\cmd.exe'
                                     b' "/k calc"</w:instrText></w:r></w:p></w:hdr>')
     if name.startswith("word/header") else data, "a field that reaches out or runs"),
    (lambda name, data: data.replace(b"</w:hdr>", b'<w:p><w:fldSimple w:instr="INCLUDEPICTURE '
                                     b'&quot;http://127.0.0.1:9/t.png&quot;"/></w:p></w:hdr>')
     if name.startswith("word/header") else data, "a field that reaches out or runs"),
    (lambda name, data: data.replace(b"</w:hdr>", b'<w:p><w:r><w:pict><v:imagedata xmlns:v='
                                     b'"urn:schemas-microsoft-com:vml" src="http://127.0.0.1:9/'
                                     b'v.png"/></w:pict></w:r></w:p></w:hdr>')
     if name.startswith("word/header") else data,
     "a link to 'http://127.0.0.1:9/v.png' outside the file (src)"),
    (lambda name, data: {"word/notes.dat": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]>'
                         b"<r>&a;</r>"} if name == "+" else data,
     "word/notes.dat: a DOCTYPE or entity declaration"),
    # A letterhead saved without two of the styles drafter writes with (a KeyError before).
    (lambda name, data: re.sub(rb'<w:style w:type="(table|paragraph)"[^>]*w:styleId="(TableGrid|'
                               rb'DraftBody)".*?</w:style>', b"", data, flags=re.S)
     if name == "word/styles.xml" else data,
     "it lacks Word styles drafter writes with (Draft Body, Table Grid); add styles with these "
     "names in Word"),
])
def test_a_bad_letterhead_is_refused_naming_what_is_wrong(tmp_path, change, message):
    folder = _letterhead(tmp_path / "tpl", change)
    out = tmp_path / "out"
    result = run("draft", "ordinance", "--templates", str(folder), "--out", str(out),
                 "--format", "docx,pdf")
    assert_refused(result, out, "base/reference.docx: letterhead refused: ", message)
    checked = run("check", "--strict", "--templates", str(folder))
    assert checked.exit_code == 1 and message in checked.stderr


def test_a_letterhead_that_lies_about_its_size_is_stopped_at_its_claim(tmp_path):
    """A part that says 1 KB and holds 200 MB: read in pieces, refused, little memory."""
    folder = _letterhead(tmp_path / "tpl", lambda name, data: data)
    path = folder / "base" / "reference.docx"
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as letterhead:
        letterhead.writestr("word/liar.xml", b"<a>" + b" " * (200 * 1024 * 1024) + b"</a>")
    data = bytearray(path.read_bytes())
    # The central directory's claim for the last part: 1 KB uncompressed.
    entry = data.rindex(b"PK\x01\x02")
    data[entry + 24:entry + 28] = (1024).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    # VmHWM: this process's peak memory (ru_maxrss would carry the test's own, over exec).
    script = ("import re\nfrom pathlib import Path\n"
              "from drafter.inputs.letterhead import letterhead_problems\n"
              f"problems = letterhead_problems(Path({str(path)!r}), Path({str(folder)!r}))\n"
              "print(problems[0])\n"
              "status = Path('/proc/self/status').read_text()\n"
              "print(int(re.search(r'VmHWM:\\s+(\\d+)', status)[1]) // 1024)\n")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           timeout=60)
    message, peak_mb = shown.stdout.splitlines()
    assert "letterhead refused: part 'word/liar.xml' cannot be read" in message
    assert int(peak_mb) < 200


@pytest.mark.parametrize("damage, message", [
    ("encrypted", "cannot be read"), ("corrupt", "cannot be read (Error -3 while decompressing"),
])
def test_a_letterhead_part_that_cannot_be_unpacked_is_a_message(tmp_path, damage, message):
    folder = _letterhead(tmp_path / "tpl", lambda name, data: data)
    path = folder / "base" / "reference.docx"
    data = bytearray(path.read_bytes())
    local = data.index(b"word/styles.xml") - 30            # its local header
    central = data.rindex(b"word/styles.xml") - 46         # its central directory entry
    if damage == "encrypted":            # the general-purpose flag's bit 0, in both headers
        data[local + 6] |= 1
        data[central + 8] |= 1
    else:                                # the deflate stream's first bytes
        start = local + 30 + int.from_bytes(data[local + 26:local + 28], "little") + \
            int.from_bytes(data[local + 28:local + 30], "little")
        data[start:start + 4] = b"\xff\xff\xff\xff"
    path.write_bytes(bytes(data))
    out = tmp_path / "out"
    result = run("draft", "ordinance", "--templates", str(folder), "--out", str(out),
                 "--format", "docx")
    assert_refused(result, out, "letterhead refused: part 'word/styles.xml' ", message)
    checked = run("check", "--strict", "--templates", str(folder))
    assert checked.exit_code == 1 and "Traceback" not in checked.output


def test_a_good_letterhead_of_ones_own_is_used(tmp_path):
    folder = _letterhead(tmp_path / "tpl", lambda name, data: data.replace(
        b"</w:hdr>", b"<w:p><w:r><w:t>Elm Harbor Coalition</w:t></w:r></w:p></w:hdr>")
        if name.startswith("word/header") else data)
    out = tmp_path / "out"
    assert run("draft", "ordinance", "--templates", str(folder), "--out", str(out),
               "--format", "docx").exit_code == 0
    with zipfile.ZipFile(out / "city-of-elm-harbor-ordinance.docx") as docx:
        headers = b"".join(docx.read(n) for n in docx.namelist() if n.startswith("word/header"))
    assert b"Elm Harbor Coalition" in headers


# -- Row 25: page templates and outlines have limits ---------------------------------------
@pytest.mark.parametrize("template, message", [
    ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
     "refused: the text is longer than 4,000,000 characters"),
    ("{% for i in range(1000) %}<p style='break-before: page'>{{ i }}</p>{% endfor %}",
     "the document would be longer than 400 pages"),
    ("{{ ''.join(['x'] * 100) * 100000 }}", "refused: the text would be larger than"),
    ("{{ draft.__class__ }}", "refused by the template sandbox: access to attribute "
                              "'__class__' of 'mappingproxy' object is unsafe; a page template"),
    ("{% for a in range(2) %}" * 21 + "x" + "{% endfor %}" * 21, "nests too deeply"),
    ("{% include 'ordinance/document.html' %}", "calls itself without end"),
    ("{% set a = (" + ",".join(["range(100000)|list"] * 395) + ") %}{{ a|length }}",
     "refused: the text builds more than 40,000,000 characters in all"),
    ("{% for i in range(3000) %}<div>{% endfor %}x", "the page nests boxes too deeply"),
    ("{% set s = 'a ' * 50000 %}{% set L = (" + ",".join(["s.split()"] * 390) + ") %}"
     "{{ L|length }}", "refused: the text builds more than 40,000,000 characters in all"),
])
def test_page_templates_are_held_to_limits(tmp_path, template, message):
    folder = tmp_path / "tpl"
    write(folder / "ordinance" / "document.html", template)
    out = tmp_path / "out"
    result = run("draft", "ordinance", "--templates", str(folder), "--out", str(out),
                 "--format", "pdf")
    assert_refused(result, out, message)
    assert str(folder / "ordinance" / "document.html") in result.stderr or \
        "city-of-elm-harbor-ordinance.pdf: " in result.stderr


def test_a_page_template_running_long_is_stopped(tmp_path, monkeypatch):
    from drafter import jinja
    from drafter.render import html

    monkeypatch.setattr(html, "PAGE_LIMITS", jinja.Limits(4_000_000, 40_000_000, 1.0,
                                                          "page template"))
    folder = tmp_path / "tpl"
    write(folder / "ordinance" / "document.html",
          "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    out = tmp_path / "out"
    started = time.monotonic()
    result = run("draft", "ordinance", "--templates", str(folder), "--out", str(out),
                 "--format", "pdf")
    assert_refused(result, out, "document.html: the page template took longer than 1 seconds")
    assert time.monotonic() - started < 10


def test_laying_out_and_writing_a_pdf_is_held_to_its_time(tmp_path, monkeypatch):
    from drafter.render import pdf

    monkeypatch.setattr(pdf, "PDF_SECONDS", 1.0)
    folder = tmp_path / "tpl"          # about 290 pages of table: half a minute, unlimited
    write(folder / "ordinance" / "document.html", "<table>{% for i in range(8000) %}<tr>"
          + "<td>cell</td>" * 8 + "</tr>{% endfor %}</table>")
    out = tmp_path / "out"
    started = time.monotonic()
    result = run("draft", "ordinance", "--templates", str(folder), "--out", str(out),
                 "--format", "pdf")
    assert_refused(result, out, "city-of-elm-harbor-ordinance.pdf: laying out and writing the "
                                "pages took longer than 1 seconds")
    assert time.monotonic() - started < 15


def test_a_control_character_written_as_a_yaml_escape_is_refused_at_its_line(tmp_path):
    model = (paths.clauses_dir() / "rules" / "judicial-warrant.md").read_text()
    clauses = tmp_path / "clauses"
    write(clauses / "judicial-warrant.md",
          model.replace("title: Judicial Warrant Rule", 'title: "Judicial\\x0bWarrant Rule"'))
    line = (clauses / "judicial-warrant.md").read_text().splitlines().index(
        'title: "Judicial\\x0bWarrant Rule"') + 1
    out = tmp_path / "out"
    result = run("draft", "ordinance", "--clauses", str(clauses), "--out", str(out),
                 "--format", "docx")
    assert_refused(result, out, f"judicial-warrant.md:{line}: title: contains the control character "
                                "U+000B")


def test_a_file_swapped_between_the_check_and_the_open_is_not_read(tmp_path, monkeypatch):
    """read_bytes reads only the file it checked: one swapped for a (hard) link to another
    file in between is refused (the race an attacker with write access could win)."""
    from drafter import paths as drafter_paths
    from drafter.errors import DrafterError

    folder = tmp_path / "tpl"
    page = write(folder / "page.html", "mine")
    secret = write(tmp_path / "secret.txt", "do-not-print-me")
    real_open = os.open

    def swap_then_open(path, flags, *args):
        if str(path) == str(page):
            page.unlink()
            os.link(secret, page)
        return real_open(path, flags, *args)

    monkeypatch.setattr(drafter_paths.os, "open", swap_then_open)
    with pytest.raises(DrafterError) as refused:
        drafter_paths.read_bytes(page, max_bytes=1000, folder=folder)
    assert "changed while it was being read" in str(refused.value)


def test_a_hung_batch_row_is_that_rows_error_and_the_others_are_written(tmp_path):
    folder = tmp_path / "tpl"
    write(folder / "ordinance" / "document.html",
          "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    profiles = tmp_path / "profiles"
    write(profiles / "slow.yaml", GOOD + "templates: [../tpl]\n")
    write(profiles / "fine.yaml", GOOD.replace("Elm Harbor", "Alder"))
    out = tmp_path / "out"
    for jobs in ("1", "2"):
        result = run("batch", str(profiles), "--out", str(out), "--documents", "ordinance",
                     "--format", "pdf", "--jobs", jobs, "--row-seconds", "2", "--force")
        assert result.exit_code == 1
        report = (out / "batch-report.csv").read_text()
        assert "took longer than 2 seconds and was stopped" in report
        assert (out / "city-of-alder" / "city-of-alder-ordinance.pdf").exists()
        assert not (out / "city-of-elm-harbor").exists()


def test_a_document_repeating_text_without_end_is_refused_before_any_format(tmp_path):
    """30,000 paragraphs from one clause: refused before Word, PDF or Markdown renders it
    (Word's files took time growing with the square of their length)."""
    clauses = tmp_path / "clauses"
    write(clauses / "short-title.md", "---\nid: short-title\nkind: supporting\ntitle: Short "
          "Title\nsource: x\n---\n{% for i in range(30000) %}x\n\n{% endfor %}\n")
    out = tmp_path / "out"
    started = time.monotonic()
    result = run("draft", "ordinance", "--clauses", str(clauses), "--out", str(out),
                 "--format", "docx,md")
    assert_refused(result, out, "city-of-elm-harbor-ordinance would hold 30,0",
                   "a clause or the outline repeats text without end")
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("clause", ["{instrument:>1000000000}", "{instrument.__class__}",
                                    "attestation-{0}"])
def test_outline_clause_ids_are_not_formatted_by_python(tmp_path, clause):
    outline = (paths.templates_dir() / "ordinance" / "outline.yaml").read_text()
    folder = tmp_path / "tpl"
    write(folder / "ordinance" / "outline.yaml",
          outline.replace('"attestation-{instrument}"', f'"{clause}"'))
    out = tmp_path / "out"
    result = run("draft", "ordinance", "--templates", str(folder), "--out", str(out))
    assert_refused(result, out, "outline.yaml:", "attestation: ", "is not a clause id")


# -- Row 26: clear errors, not tracebacks ---------------------------------------------------
def test_too_deeply_nested_clause_is_a_message(tmp_path):
    clauses = tmp_path / "clauses"
    model = (paths.clauses_dir() / "rules" / "judicial-warrant.md").read_text()
    front, body = model.split("---\n", 2)[1:]
    write(clauses / "judicial-warrant.md", "---\n" + front + "---\n"
          + "{% for a in range(1) %}" * 21 + body + "{% endfor %}" * 21)
    out = tmp_path / "out"
    result = run("draft", "ordinance", "--clauses", str(clauses), "--out", str(out))
    assert_refused(result, out, "judicial-warrant.md", "nests too deeply")


@pytest.mark.parametrize("value, message", [
    ("2024-13-45", "month must be in 1..12"), ("2024-01-01 25:61:61", "hour must be in 0..23"),
    ("9" * 5000, "a number with too many digits"),
])
def test_a_value_yaml_cannot_read_is_a_message_with_its_line(tmp_path, value, message):
    profile = write(tmp_path / "city.yaml", GOOD + f"legal_name: {value}\n")
    line = profile.read_text().splitlines().index(f"legal_name: {value}") + 1
    out = tmp_path / "out"
    result = run("draft", "ordinance", "-j", str(profile), "--out", str(out))
    assert_refused(result, out, f"{profile}:{line}: a value YAML cannot read ({message}); put "
                                "it in quotes")


def test_a_huge_csv_cell_is_a_message_naming_its_line(tmp_path):
    source = write(tmp_path / "towns.csv", "kind,name,state,oversight_entity\n"
                   "city,Alder,OR,the Board\n" + "city,Birch,OR," + "x" * 200_000 + "\n")
    out = tmp_path / "out"
    result = run("batch", str(source), "--out", str(out), "--format", "md")
    assert_refused(result, out, f"{source}:3: this row cannot be read")


@pytest.fixture
def web():
    from starlette.testclient import TestClient

    from drafter.web.app import create_app

    client = TestClient(create_app(), raise_server_exceptions=False)
    client.get("/")
    return client, client.cookies.get("drafter_csrf")


def _upload(client, token, files: dict[str, str]):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return client.post("/", data={"action": "upload", "csrf_token": token},
                       files={"profile_file": ("answers.zip", buffer.getvalue(),
                                               "application/zip")})


PROFILE = "kind: city\nname: Testville\nstate: Oregon\noversight_entity: the Board\n"


@pytest.mark.parametrize("files, message", [
    ({"status.yaml": "rules:\n  judicial-warrant:\n    in_place: [1, 2]\n"},
     "status.rules.judicial-warrant.in_place should be one line of text"),
    ({"status.yaml": "rules:\n  judicial-warrant:\n    position: {a: 1}\n"},
     "status.rules.judicial-warrant.position should be one line of text"),
    ({"status.yaml": "meeting:\n  date: {a: 1}\n"}, "not used here: status.meeting.date"),
    ({"status.yaml": "rules:\n  judicial-warrant:\n    source: {note: [x]}\n"},
     "status.rules.judicial-warrant.source.note should be one line of text"),
    ({"status.yaml": "meeting:\n  date: 2024-02-30\n"}, "a value YAML cannot read"),
    ({"choices.yaml": "sheets: " + "9" * 5000 + "\n"}, "a number with too many digits"),
])
def test_bad_saved_answers_get_a_message_beside_the_upload(web, files, message):
    client, token = web
    page = _upload(client, token, {"profile.yaml": PROFILE, **files})
    assert page.status_code in (200, 400), page.text[:300]
    assert message in page.text and "Traceback" not in page.text


@pytest.mark.parametrize("kept", ["community: 2026-01-01\n",
                                  "presiding_officers: {2026-01-01: x}\n"])
def test_a_yaml_date_in_a_kept_field_round_trips_as_text(web, kept):
    client, token = web
    page = _upload(client, token, {"profile.yaml": PROFILE + kept})
    assert page.status_code in (200, 400), page.text[:300]
    assert "2026-01-01" in page.text


def test_a_damaged_zip_gets_a_message(web):
    client, token = web
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("profile.yaml", PROFILE * 20)
    data = bytearray(buffer.getvalue())
    start = 30 + len("profile.yaml")
    data[start:start + 4] = b"\xff\xff\xff\xff"          # the deflate stream's first bytes
    page = client.post("/", data={"action": "upload", "csrf_token": token},
                       files={"profile_file": ("answers.zip", bytes(data), "application/zip")})
    assert page.status_code == 400 and "That zip is not one saved by this page." in page.text


@pytest.mark.parametrize("kept", ['{"community": ' + "[" * 3000 + "]" * 3000 + "}",
                                  '{"community": "' + "x" * 20_000 + '"}',
                                  '{"community": "\\ud800"}'])
def test_a_forged_kept_field_gets_a_message(web, kept):
    client, token = web
    page = client.post("/", data={**FORM, "kept": kept, "csrf_token": token})
    assert page.status_code == 400
    assert "could not be read. Load your file again." in page.text


# -- Row 27: the web page reads nothing from the server's disk ------------------------------
def test_the_web_page_never_reads_answers_from_the_working_folder(web, tmp_path, monkeypatch):
    client, token = web
    monkeypatch.chdir(tmp_path)
    planted = ("meeting:\n  official: PLANTED OFFICIAL\n  date: 2026-01-05\n"
               "rules:\n  judicial-warrant:\n    in_place: true\n    in_writing: code\n")
    for name in ("the form.status.yaml", "Testville.status.yaml", "testville.status.yaml",
                 "city-of-testville.status.yaml", "<profile>.status.yaml"):
        write(tmp_path / name, planted)
    page = client.post("/", data={**FORM, "action": "preview", "preview_type": "report-back",
                                  "csrf_token": token}, headers={"X-Requested-With": "fetch"})
    assert page.status_code == 400
    assert "PLANTED" not in page.text
    assert "Record what law enforcement said" in page.text


# -- Row 28: processes and files ------------------------------------------------------------
def test_serve_killed_with_kill_9_takes_its_workers_with_it():
    import httpx

    port = _free_port()
    server = subprocess.Popen([DRAFTER, "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        helpers = child_pids(server.pid)          # render workers and the resource tracker
        assert len(helpers) >= 3
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        for _ in range(50):
            if not [pid for pid in helpers if running(pid)]:
                break
            time.sleep(0.1)
        assert [pid for pid in helpers if running(pid)] == []
    finally:
        server.kill()


def test_runs_into_one_folder_at_once_all_succeed(tmp_path):
    out = tmp_path / "out"
    runs = [subprocess.Popen([DRAFTER, "packet", "--out", str(out), "--format", "md,docx"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    errors = [r.communicate(timeout=180)[1] for r in runs]
    assert [r.returncode for r in runs] == [0] * 4, errors
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.startswith(".")], names


def test_a_killed_write_is_finished_or_cleaned_by_the_next_run(tmp_path):
    """A run killed among its renames leaves its journal; the next run into the folder
    finishes those renames (the set is whole) and removes every temp file."""
    out = tmp_path / "out"
    script = ("import os, sys\nfrom pathlib import Path\nimport drafter.output as output\n"
              "real, done = os.replace, []\n"
              "def replace(a, b):\n"
              "    real(a, b); done.append(b)\n"
              "    if len(done) == 2: os.kill(os.getpid(), 9)\n"
              "output.os.replace = replace\n"
              f"out = Path({str(out)!r})\n"
              "output.write_atomically({out / f'{n}.md': f'new {n}'.encode() for n in 'abcd'})\n")
    for name in "abcd":
        write(out / f"{name}.md", f"old {name}")
    killed = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert killed.returncode == -9
    left = sorted(p.name for p in out.iterdir())
    assert any(n.endswith(".journal") for n in left) and any(n.endswith(".tmp") for n in left)
    from drafter.output import write_atomically

    write_atomically({out / "e.md": b"new e"})
    assert sorted(p.name for p in out.iterdir()) == ["a.md", "b.md", "c.md", "d.md", "e.md"]
    assert {p.read_text() for p in out.iterdir()} == {f"new {n}" for n in "abcde"}


def test_temp_files_of_a_live_run_are_left_alone(tmp_path):
    from drafter.output import write_atomically

    out = tmp_path / "out"
    other = write(out / f".a.md.{os.getppid()}-abc.tmp", "another run's")
    dead = write(out / ".a.md.999999999-abc.tmp", "a dead run's")
    write_atomically({out / "a.md": b"mine"})
    assert other.exists() and not dead.exists()


def test_written_files_follow_the_umask(tmp_path):
    out = tmp_path / "out"
    for mask, mode in ((0o077, 0o600), (0o022, 0o644)):
        subprocess.run(["sh", "-c", f"umask {mask:03o}; exec {DRAFTER} draft ordinance "
                                    f"--format md --out {out}"], check=True,
                       capture_output=True, timeout=60)
        written = out / "city-of-elm-harbor-ordinance.md"
        assert stat.S_IMODE(written.stat().st_mode) == mode


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_time_limit_whose_alarm_is_lost_raises_again():
    """Python drops an exception raised inside a __del__ (or a C library's callback): a
    limit that ran out there still ends its block (the PDF limit once ran 53 s of 1 s on CI,
    the alarm having landed in one of WeasyPrint's)."""
    from drafter.jinja import TimeLimit, Timeout

    class SlowToDelete:
        def __del__(self):
            time.sleep(0.3)           # the alarm goes off in here and is dropped

    started = time.monotonic()
    with pytest.raises(Timeout):
        with TimeLimit(0.1):
            SlowToDelete()
            while time.monotonic() - started < 10:
                pass
    assert time.monotonic() - started < 3
