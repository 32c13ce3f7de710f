"""The render helpers (drafter.render.pool): both cores, the same files, no hang."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from conftest import child_pids, running

from drafter import build_draft
from drafter.render import pool


def _same(one: list[bytes], other: list[bytes]) -> bool:
    """The same files: PDFs and Markdown byte for byte, DOCX by their parts (the zip
    records the second it was written)."""
    import io
    import zipfile

    def parts(content: bytes):
        if not content.startswith(b"PK"):
            return content
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    return [parts(c) for c in one] == [parts(c) for c in other]


def _tasks():
    ordinance, petition = build_draft("ordinance"), build_draft("petition")
    return [(ordinance, "pdf"), (ordinance, "docx"), (petition, "pdf"), (petition, "md")]


def test_pdfs_from_the_helpers_are_the_bytes_made_in_process():
    tasks = _tasks()
    alone = pool.render_many(tasks)
    for count in (1, 2):         # one helper serves alone; more are forked from the first
        with pool.helpers(count):
            helped = pool.render_many(tasks)
        assert [content[:4] for content in helped] == [b"%PDF", b"PK\x03\x04", b"%PDF", b"# Pe"]
        assert _same(helped, alone)


def test_a_helper_that_dies_costs_time_not_the_documents():
    import os
    import signal

    tasks = _tasks()
    expected = pool.render_many(tasks)
    with pool.helpers(2):
        assert pool.run(len, "ready").result() == 5           # the helpers are up
        first = pool._helpers.first.pid
        for pid in child_pids(first):                          # as the OOM killer would
            os.kill(pid, signal.SIGKILL)
        assert _same(pool.render_many(tasks), expected)
    with pool.helpers(1):
        assert pool.run(len, "ready").result() == 5
        os.kill(pool._helpers.first.pid, signal.SIGKILL)      # the only helper
        assert _same(pool.render_many(tasks), expected)
    with pool.helpers(2):
        assert pool.run(len, "ready").result() == 5
        workers = child_pids(pool._helpers.first.pid)
        os.kill(pool._helpers.first.pid, signal.SIGKILL)      # the one that forked the others
        assert _same(pool.render_many(tasks), expected)
    import time
    for _ in range(50):                                        # they end with it
        if not any(running(pid) for pid in workers):
            break
        time.sleep(0.1)
    assert not any(running(pid) for pid in workers)


def test_helpers_end_with_their_block():
    with pool.helpers(2):
        pool.run(len, "ready").result()
        first = pool._helpers.first.pid
        processes = [first, *child_pids(first)]
    assert pool._helpers is None and len(processes) == 3
    assert not any(running(pid) for pid in processes)


def test_arrays_for_weasyprint_are_the_arrays_asked_for():
    """The cffi shim in drafter.render.pdf (array types parsed once) changes no array."""
    from weasyprint.text.ffi import ffi

    from drafter.render.pdf import _font_config

    _font_config()     # installs it
    array = ffi.new("hb_codepoint_t[3]", [7, 8, 9])
    assert list(array) == [7, 8, 9] and ffi.sizeof(array) == 3 * ffi.sizeof("hb_codepoint_t")
    assert list(ffi.new("unsigned int[5]", [1, 2])) == [1, 2, 0, 0, 0]     # partly filled
    assert ffi.typeof(ffi.new("char[4]")) == ffi.typeof("char[4]")          # no values


def test_weasyprint_is_imported_without_the_library_search_and_falls_back(tmp_path):
    """import_weasyprint opens the same C libraries (HarfBuzz's subset library too) with
    ctypes' library search answering "not found" meanwhile, puts the search back, and when
    WeasyPrint cannot be imported that way imports it again as it comes."""
    import subprocess
    import sys

    probe = tmp_path / "probe.py"
    probe.write_text(
        "import ctypes.util, sys\n"
        "search = ctypes.util.find_library\n"
        "failed = []\n"
        "class FailOnce:\n"                      # the first import of WeasyPrint fails
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'weasyprint' and not failed and 'fail' in sys.argv:\n"
        "            failed.append(name)\n"
        "            raise OSError('cannot load library')\n"
        "sys.meta_path.insert(0, FailOnce())\n"
        "from drafter.render.pdf import import_weasyprint\n"
        "weasyprint = import_weasyprint()\n"
        "from weasyprint.text.ffi import harfbuzz_subset, pango\n"
        "assert ctypes.util.find_library is search\n"
        "print(pango.pango_version() > 0, harfbuzz_subset is not None, bool(failed))\n",
        encoding="utf-8")
    for argument, expected in (("", "True True False"), ("fail", "True True True")):
        done = subprocess.run([sys.executable, str(probe), argument], capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == expected


def test_a_stylesheet_is_parsed_once_per_process_and_makes_the_same_pdf(monkeypatch):
    """Documents with the same <style> share one parsed stylesheet; a page WeasyPrint must
    read its own way (a <style> with attributes, a rule reaching outside the stylesheet)
    is parsed each time; and the PDF is the same byte for byte either way."""
    import weasyprint

    from drafter.render.html import render_html
    from drafter.render.pdf import html_to_pdf

    ordinance, resolution = (render_html(build_draft(kind)) for kind in ("ordinance", "resolution"))
    html_to_pdf(ordinance)                       # its stylesheet parsed, if not yet
    parsed = []
    init = weasyprint.CSS.__init__
    monkeypatch.setattr(weasyprint.CSS, "__init__",
                        lambda self, *a, **k: parsed.append(k.get("string")) or init(self, *a, **k))
    shared = html_to_pdf(resolution)
    assert parsed == []                          # the ordinance's, reused
    own_way = html_to_pdf(resolution.replace("<style>", '<style media="print">', 1))
    assert len(parsed) == 1 and own_way == shared
    # Never kept: a rule that changes the document's fonts (its name escaped, too), or a
    # stylesheet long enough to matter kept alive in a long-running worker.
    for kept_out in ("@font-face { font-family: x; src: local(Serif); }",
                     "@font-f\\61ce { font-family: x; src: local(Serif); }",
                     "/*" + "x" * 70_000 + "*/"):
        parsed.clear()
        html_to_pdf(resolution.replace("<style>", "<style>" + kept_out, 1))
        html_to_pdf(resolution.replace("<style>", "<style>" + kept_out, 1))
        assert len(parsed) == 2, kept_out[:20]


DRAFTER = str(Path(sys.executable).parent / "drafter")


def _fonts_in(pdf: bytes) -> set[str]:
    """The names of the fonts a PDF embeds, without their subset prefix."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {str(font.BaseFont).split("+")[-1] for page in document.pages
                for font in page.Resources.get("/Font", {}).values()}


def test_a_page_with_its_own_fonts_leaves_no_folder_behind(tmp_path, monkeypatch):
    """WeasyPrint makes a temporary folder for a page's @font-face fonts (drafter loads no
    font file, so it stays empty): gone once the page's PDF is written."""
    import tempfile

    import weasyprint.text.fonts

    from drafter.render.pdf import html_to_pdf, pdf_with_anchors

    made = []
    make = weasyprint.text.fonts.mkdtemp
    monkeypatch.setattr(weasyprint.text.fonts, "mkdtemp",
                        lambda *a, **k: made.append(make(*a, **k)) or made[-1])
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    page = ('<!DOCTYPE html><html lang=en><title>Fonts</title><style>{}'
            'p {{ font-family: Mine, "Liberation Serif"; }}</style><p>Our own letters</p>')
    for face in ('@font-face { font-family: Mine; src: local("DejaVu Sans"); }',
                 '@font-f\\61ce { font-family: Mine; src: local("DejaVu Sans"); }'):
        assert _fonts_in(html_to_pdf(page.format(face))) == {"Liberation-Serif"}
        assert pdf_with_anchors(page.format(face), ("here",))[1] == 1
        assert made and list(tmp_path.iterdir()) == []
    # Spelled past the quick check: "@" as a character reference, which the HTML parser
    # decodes in an inline SVG's style. The process's own configuration then got the rule:
    # its folder is removed too, and the next page has a fresh configuration.
    from drafter.render.pdf import _font_config

    before, made[:] = _font_config(), []
    svg = ('<!DOCTYPE html><html lang=en><title>Fonts</title><p>Text</p><svg width="9" '
           'height="9"><style>&#64;font-face { font-family: Mine; src: local("DejaVu Sans"); }'
           '</style><text y="9" style="font-family: Mine">x</text></svg>')
    assert html_to_pdf(svg).startswith(b"%PDF-")
    assert made and list(tmp_path.iterdir()) == [] and _font_config() is not before


def test_a_template_with_its_own_fonts_leaves_nothing_in_the_temporary_folder(tmp_path):
    """The real command, its PDF made in a render helper (which ends with os._exit)."""
    import shutil
    import subprocess

    templates = tmp_path / "my-templates"
    shutil.copytree(Path(__file__).parent / "data" / "user-templates", templates)
    page = templates / "fact-sheet" / "document.html"
    page.write_text(page.read_text().replace(
        "{% block extra_style %}", '{% block extra_style %}@font-face { font-family: Mine; '
        'src: local("DejaVu Sans"); } h1.doc-title { font-family: Mine; }'))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    result = subprocess.run([DRAFTER, "draft", "fact-sheet", "--templates", str(templates),
                             "--format", "pdf", "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "TMPDIR": str(temporary)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "city-of-elm-harbor-fact-sheet.pdf").read_bytes()[:5] == b"%PDF-"
    assert list(temporary.iterdir()) == []


def test_a_packet_ended_by_a_signal_ends_without_a_word_more(tmp_path):
    """SIGTERM while the helpers render: the command ends by that signal, and its helpers,
    whose answers nobody will read, print nothing on its terminal and end too."""
    import signal
    import subprocess
    import time

    command = subprocess.Popen([DRAFTER, "packet", "--out", str(tmp_path / "out")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    said = ""
    while "rendering" not in said:
        line = command.stderr.readline()
        assert line, said
        said += line
    time.sleep(0.3)             # the PDFs sent to the helpers, which are laying them out
    command.send_signal(signal.SIGTERM)
    _, rest = command.communicate(timeout=60)   # until the helpers, which share it, are gone
    assert command.returncode == -signal.SIGTERM
    assert rest == ""
    assert not (tmp_path / "out").exists()


def test_a_busy_helper_ends_with_its_parent():
    """A parent killed while its helper is in the middle of a task: the helper ends too,
    without finishing the task first (its answers would go nowhere)."""
    import subprocess
    import time

    from conftest import ROOT

    parent = subprocess.run(
        [sys.executable, "-c",
         "import os, signal, time\n"
         "from drafter.render import pool\n"
         "with pool.helpers(1):\n"
         "    pool.run(len, 'ready').result()\n"
         "    pool.run(time.sleep, 60)\n"
         "    print(pool._helpers.first.pid, flush=True)\n"
         "    time.sleep(0.5)\n"
         "    os.kill(os.getpid(), signal.SIGKILL)\n"],
        capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert parent.returncode == -9, parent.stderr
    helper = int(parent.stdout)
    for _ in range(50):
        if not running(helper):
            break
        time.sleep(0.1)
    assert not running(helper)


def test_a_batch_ended_by_a_signal_ends_its_workers(tmp_path):
    """SIGTERM to `drafter batch --jobs 2`: its workers stop drafting at once and say
    nothing on its terminal, as after Ctrl-C."""
    import signal
    import subprocess
    import time

    from conftest import EXAMPLES

    command = subprocess.Popen([DRAFTER, "batch", str(EXAMPLES), "--out", str(tmp_path / "out"),
                                "--jobs", "2"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    said = ""
    while "Drafting for" not in said:
        line = command.stderr.readline()
        assert line, said
        said += line
    time.sleep(0.5)
    command.send_signal(signal.SIGTERM)
    _, rest = command.communicate(timeout=60)   # until the workers, which share it, are gone
    assert command.returncode == -signal.SIGTERM
    assert "Traceback" not in rest and "Error" not in rest, rest
