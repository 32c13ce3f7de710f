"""Shared helpers: drive the real CLI, read back DOCX and PDF text."""
from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter import paths
from drafter.cli import main
from drafter.document import FOOTER_NOTE

ROOT = Path(__file__).resolve().parent.parent
# The commands the tests start run cold: no warm process (drafter.warm) is left behind by
# the tests, and none of theirs runs a test's command. test_warm.py turns it on where it
# tests it.
os.environ["DRAFTER_WARM_SECONDS"] = "0"
GUIDE = ROOT.parent / "shared" / "reference" / "freedom-cities-action-guide.txt"
EXAMPLES = paths.jurisdictions_dir()
# One of each kind the issue names for the word-for-word tests.
FOUR = {
    "city": EXAMPLES / "elm-harbor-city.yaml",
    "county": EXAMPLES / "juniper-county.yaml",
    "state": EXAMPLES / "washington-state.yaml",
    "parish": EXAMPLES / "bayou-verde-parish.yaml",
}


def normalise(text: str) -> str:
    return " ".join(text.split())


def run(*args: str, input: str | None = None):
    """Run the real CLI in-process; stderr separate from stdout."""
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result


def child_pids(pid: int) -> list[int]:
    """The processes `pid` started (Linux /proc)."""
    return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()]


def running(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie has ended)."""
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style, text) of every paragraph in body order, table cells included, row by row."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out = []
    for item in Document(str(path)).iter_inner_content():
        if isinstance(item, Paragraph):
            out.append((item.style.name, item.text))
        elif isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    out.extend((p.style.name, p.text) for p in cell.paragraphs)
    return out


def docx_text(path: Path) -> str:
    return normalise(" ".join(text for _, text in docx_paragraphs(path)))


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]


def pdf_body_text(path: Path) -> str:
    """The PDF's text without its running header and footer."""
    # A line broken after a hyphen ("cross-" / "references") or a slash (a long address
    # wrapped at "https://") is one word in the source.
    text = " ".join(re.sub(r"([-/])\n", r"\1", page) for page in pdf_pages(path))
    text = text.replace(FOOTER_NOTE, " ")
    text = re.sub(r"Page \d+ of \d+", " ", text)
    text = re.sub(r"(^|\s)DRAFT(\s|$)", " ", text)
    return normalise(text)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def drafted(tmp_path_factory):
    """Ordinance and resolution, DOCX + PDF + MD, for a city, county, state and parish."""
    out = tmp_path_factory.mktemp("drafted")
    files = {}
    for kind, profile in FOUR.items():
        for doc_type in ("ordinance", "resolution"):
            result = run("draft", doc_type, "-j", str(profile), "--format", "docx,pdf,md",
                         "--out", str(out))
            assert result.exit_code == 0, result.output
            written = [Path(line.split()[1]) for line in result.stdout.splitlines()
                       if line.startswith("wrote ")]
            files[kind, doc_type] = {p.suffix.lstrip("."): p for p in written}
    return files


def md_unescape(text: str) -> str:
    """Markdown as its reader shows the words: CommonMark backslash escapes removed,
    drafter's own markup (#, **, tables) kept."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def read_md(path: Path) -> str:
    return md_unescape(Path(path).read_text(encoding="utf-8"))
