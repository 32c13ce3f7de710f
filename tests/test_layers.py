"""The package reads as the pipeline: each stage imports only the stages below it."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "drafter"
GROUND = {"errors", "paths", "plain", "jinja", "output", "dates", "document", "words", "i18n",
          "settings"}
# Lower stages first; a module may import its own stage and the ones before it.
STAGES = ["ground", "inputs", "render", "documents", "pipeline", "top"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> str:
    parts = module.split(".")[1:]
    if not parts:
        return "top"                        # drafter/__init__.py: the public API, lazily
    if parts[0] in GROUND:
        return "ground"
    if parts[0] in ("inputs", "render", "documents", "pipeline"):
        return parts[0]
    return "top"                            # api, batch, doctor, cli, commands, web


def imports(path: Path) -> set[str]:
    found = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")
            base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                is_module = (ROOT / candidate.replace(".", "/")).with_suffix(".py").exists() or \
                    (ROOT / candidate.replace(".", "/") / "__init__.py").exists()
                found.add(candidate if is_module else target)
    return found


def test_no_module_imports_a_later_stage():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = module_name(path)
        for target in imports(path):
            if STAGES.index(stage(target)) > STAGES.index(stage(here)):
                upward.append(f"{here} ({stage(here)}) imports {target} ({stage(target)})")
    assert upward == []


def test_the_public_api_only_wraps_the_pipeline():
    """drafter/api.py (what drafter/__init__.py exposes) holds short wrappers over the
    pipeline, no pipeline of its own."""
    tree = ast.parse((PACKAGE / "api.py").read_text())
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    for name in ("build_drafts", "draft", "redline", "packet", "files", "preview_html",
                 "state_law_warnings"):
        called = {n.func.id for n in ast.walk(functions[name])
                  if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert called & {"prepare", "write", "build_drafts"}, name
    for name, function in functions.items():
        if name != "check":     # check builds every type for every profile: its own loop
            assert function.end_lineno - function.lineno < 40, name


def test_the_layer_check_sees_imports():
    found = imports(PACKAGE / "pipeline.py")
    assert {"drafter.documents.registry", "drafter.inputs.clauses", "drafter.render"} <= found
    assert stage("drafter.documents.packet") == "documents" and stage("drafter.web.app") == "top"


def test_the_command_line_starts_without_the_heavy_libraries():
    """`drafter --help` loads no pydantic, WeasyPrint, python-docx, YAML or Jinja: each
    command imports what it needs when it runs."""
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; from drafter.cli import main; "
            "assert CliRunner().invoke(main, ['--help']).exit_code == 0; "
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pydantic', 'weasyprint', 'docx', 'yaml', 'jinja2'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT).stdout.split()
    assert loaded == []
    from click.testing import CliRunner

    from drafter.cli import main
    assert "--oversight-entity" in CliRunner().invoke(main, ["init", "--help"]).output
