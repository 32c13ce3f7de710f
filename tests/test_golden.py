"""Golden files of the stable intermediates: the HTML given to WeasyPrint, and the
style and text of each DOCX paragraph. After an intended change, regenerate with
DRAFTER_UPDATE_GOLDEN=1 and review the diff."""
from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from docx import Document

from drafter import build_draft, render_bytes
from drafter.render.html import render_html

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("DRAFTER_UPDATE_GOLDEN") == "1"


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with DRAFTER_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; review, then update"


@pytest.mark.parametrize("doc_type", ["ordinance", "resolution"])
def test_html_golden(doc_type):
    # The stylesheet is its own file (templates/base/print.css); the golden is the markup.
    html = re.sub(r"<style>.*?</style>", "<style>(print.css)</style>",
                  render_html(build_draft(doc_type)), flags=re.S)
    compare(f"elm-harbor-{doc_type}.html", html)


@pytest.mark.parametrize("doc_type", ["ordinance", "resolution"])
def test_docx_paragraphs_golden(doc_type):
    doc = Document(io.BytesIO(render_bytes(build_draft(doc_type), "docx")))
    lines = [f"{p.style.name}: {p.text}" for p in doc.paragraphs]
    compare(f"elm-harbor-{doc_type}.docx.txt", "\n".join(lines) + "\n")
