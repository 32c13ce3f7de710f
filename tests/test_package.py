"""An installed copy works outside the repository: the data folders ship in the wheel."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_carries_data_and_runs_outside_the_repo(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("drafter-*.whl")
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
