"""Generated names and clause texts either come out exactly or fail with our own error."""
from __future__ import annotations

import io

from docx import Document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from drafter import DrafterError, render_bytes
from drafter.documents.legislation import build_legislation
from drafter.documents.registry import Job
from drafter.inputs.clauses import load_library, select_rules
from drafter.inputs.doctypes import load_document_type
from drafter.inputs.jurisdiction import Profile, resolve
from drafter.inputs.options import DraftOptions
from drafter.jinja import render_text

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
    draft, = build_legislation(ORDINANCE, Job(jurisdiction, LIBRARY, tuple(RULES), DraftOptions()))
    text = "\n".join(draft.paragraphs())
    assert f"City of {profile.name}" in text
    assert "  " not in profile.name
    docx = Document(io.BytesIO(render_bytes(draft, "docx")))
    docx_text = "\n".join(p.text for p in docx.paragraphs)
    assert " ".join(docx_text.split()) == " ".join(text.split())
    from conftest import md_unescape

    markdown = render_bytes(draft, "md").decode("utf-8")
    assert profile.oversight_entity in md_unescape(markdown)


@settings(max_examples=60, deadline=None)
@given(source=st.text(max_size=60))
def test_any_clause_text_renders_or_gives_our_error(source):
    try:
        render_text(source, {"jurisdiction": None}, filename="clause.md")
    except DrafterError as exc:
        assert all(str(p).startswith("clause.md") for p in exc.problems)


# Clause texts built from the documented variables and the pieces of known escapes: each
# renders to text or fails with our own error naming the clause file; nothing else happens.
VALUES = ["jurisdiction", "jurisdiction.legal_name", "jurisdiction.officials", "official",
          "official.name", "sender", "sender.group", "document.this", "section('redress')",
          "range(3)", "jurisdiction.officials[0]", "'text'", "7", "law_enforcement"]
SUFFIXES = [".parse_raw('{}')", ".parse_file('/etc/hostname')", ".__class__", ".read_text()",
            ".write_text('x')", ".format(official)", "|attr('parse_raw')", ".copy()",
            ".model_dump()", ".mro()", "|join('x' * 99999)", " * 100000", " ~ 'x' * 99999",
            "|replace('a', 'b' * 99999)", ".upper()", "|length", "|string", "|list", "[0]",
            "['name']", ".items()", ".get('name')", " % 2", ".schema_json()", ".open()",
            " + 'x'", ".split()", "|map('upper')|list", ".__init__.__globals__",
            ".model_validate_json('{}')", ".center(99999)", "()"]
expressions = st.builds(lambda value, suffixes: value + "".join(suffixes),
                        st.sampled_from(VALUES), st.lists(st.sampled_from(SUFFIXES), max_size=4))
clause_texts = st.lists(st.one_of(st.text(max_size=12).map(lambda t: t.replace("{", "(")),
                                  expressions.map(lambda e: "{{ " + e + " }}"),
                                  expressions.map(lambda e: "{% for x in " + e + " %}{{ x }}{% endfor %}")),
                        min_size=1, max_size=4).map("".join)


def _letter_context():
    from drafter.documents.campaign import CampaignBuilder
    from drafter.inputs.jurisdiction import load_jurisdiction
    from drafter.inputs.options import load_sender
    from drafter.paths import example_profile, jurisdictions_dir
    from drafter.plain import plain_context

    jurisdiction = load_jurisdiction(example_profile())
    sender = load_sender(jurisdictions_dir() / "senders" / "elm-harbor-coalition.yaml")
    builder = CampaignBuilder(load_document_type("letter"),
                              Job(jurisdiction, LIBRARY, tuple(RULES), DraftOptions(sender=sender)))
    return {**builder.context, **plain_context({"official": jurisdiction.officials[0]})}


LETTER_CONTEXT = _letter_context()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(source=clause_texts)
@example(source="{{ official.parse_raw('cos\\nsystem\\n(S\\'touch MARKER\\'\\ntR.', proto='pickle', allow_pickle=True) }}")
def test_generated_clauses_render_or_fail_with_our_error_touching_nothing(source, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    try:
        text = render_text(source, LETTER_CONTEXT, filename="clause.md")
    except DrafterError as exc:
        assert all(str(p).startswith("clause.md") for p in exc.problems)
    else:
        assert isinstance(text, str)
        assert "parse_raw" not in text or "parse_raw" in source.replace("{{", "")
    assert list(tmp_path.iterdir()) == []
