"""An installed copy works outside the repository: the data folders ship in the wheel."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT, docx_text, pdf_body_text, read_md


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-q", "-w", str(dist), str(ROOT)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    (found,) = dist.glob("drafter-*.whl")
    return found


def test_wheel_carries_data_and_runs_outside_the_repo(tmp_path, wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for required in ("drafter/_data/clauses/rules/judicial-warrant.md",
                     "drafter/_data/clauses/groups.yaml",
                     "drafter/_data/templates/base/reference.docx",
                     "drafter/_data/templates/ordinance/outline.yaml",
                     "drafter/_data/jurisdictions/elm-harbor-city.yaml"):
        assert required in names
    assert any(n.endswith("entry_points.txt") for n in names)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    result = subprocess.run(
        [sys.executable, "-c", "import drafter, drafter.paths as p; print(drafter.__file__); "
                               "print(p.data_root())"],
        capture_output=True, text=True, env=env, cwd=work)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(tmp_path / "site" / "drafter" / "__init__.py"),
                                          str(tmp_path / "site" / "drafter" / "_data")]
    result = subprocess.run([sys.executable, "-m", "drafter", "draft", "resolution", "--format", "md"],
                            capture_output=True, text=True, env=env, cwd=work)
    assert result.returncode == 0, result.stderr
    assert (work / "out" / "city-of-elm-harbor-resolution.md").exists()


def test_a_user_adds_a_document_type_to_an_installed_copy(tmp_path, wheel):
    """A group's own fact sheet: a folder with an outline, two clause files and a page
    template that extends the built-in one; no Python, drafted by the installed wheel."""
    import shutil

    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "site")
    work = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "tests" / "data" / "user-templates", work / "my-templates")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}

    def drafter(*args):
        result = subprocess.run([sys.executable, "-m", "drafter", *args], capture_output=True,
                                text=True, env=env, cwd=work)
        assert result.returncode == 0, result.stderr
        return result.stdout

    drafter("draft", "fact-sheet", "--templates", "my-templates", "--format", "docx,pdf,md")
    out = work / "out"
    title = "Why the City of Elm Harbor needs the Community Trust Ordinance"
    assert read_md(out / "city-of-elm-harbor-fact-sheet.md").startswith(f"# {title}")
    assert title in docx_text(out / "city-of-elm-harbor-fact-sheet.docx")
    assert title in pdf_body_text(out / "city-of-elm-harbor-fact-sheet.pdf")
    assert "fact-sheet" in drafter("list", "documents", "--templates", "my-templates")
    assert drafter("which", "fact-sheet", "--templates", "my-templates").startswith(
        "fact-sheet (document type): my-templates/fact-sheet/outline.yaml")
    # In a packet, a type that reuses the testimony builder has files of its own.
    drafter("packet", "--templates", "my-templates", "--format", "md", "--out", "packet")
    names = {p.name for p in (work / "packet").iterdir()}
    assert {"city-of-elm-harbor-testimony-short.md", "city-of-elm-harbor-short-speech-short.md",
            "city-of-elm-harbor-fact-sheet.md"} <= names
