"""Generated names and clause texts either come out exactly or fail with our own error."""
from __future__ import annotations

import io

from docx import Document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from drafter import DrafterError, render_bytes
from drafter.assemble import assemble, select_rules
from drafter.doctypes import load_document_type
from drafter.jinja import render_text
from drafter.jurisdiction import Profile, resolve
from drafter.library import load_library

LIBRARY = load_library()
ORDINANCE = load_document_type("ordinance")
RULES = select_rules(LIBRARY, None, include_1373=True)
names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names)
@example(name="Saint\u00a0Paul  Heights")
@example(name="Coeur d'Alene & <Cañon>")
def test_any_name_is_exact_or_refused(name):
    try:
        profile = Profile.model_validate({"kind": "city", "name": name, "state": "OR",
                                          "oversight_entity": f"{name} Board"})
    except ValueError:
        return                       # refused by validation, with a message (tested elsewhere)
    jurisdiction = resolve(profile)
    draft = assemble(ORDINANCE, jurisdiction, LIBRARY, RULES)
    text = "\n".join(draft.paragraphs())
    assert f"City of {profile.name}" in text
    assert "  " not in profile.name
    docx = Document(io.BytesIO(render_bytes(draft, "docx")))
    docx_text = "\n".join(p.text for p in docx.paragraphs)
    assert " ".join(docx_text.split()) == " ".join(text.split())
    markdown = render_bytes(draft, "md").decode("utf-8")
    assert profile.oversight_entity in markdown


@settings(max_examples=60, deadline=None)
@given(source=st.text(max_size=60))
def test_any_clause_text_renders_or_gives_our_error(source):
    try:
        render_text(source, {"jurisdiction": None}, filename="clause.md")
    except DrafterError as exc:
        assert all(str(p).startswith("clause.md") for p in exc.problems)
