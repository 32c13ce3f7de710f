"""A profile's words in another language: the names of the government, its body, its
officers and agencies, from the catalog (extracted by drafter.catalogs.extract_government).

Names are looked up with their English article ("the City of {name}"), since the
translation's article and gender follow the translated noun ("la Ciudad de Elm Harbor",
"el Condado de Juniper"). A name the catalog lacks stays as the profile gives it: it is a
proper name, and the run's warning lists it.
"""
from __future__ import annotations

from types import MappingProxyType

from ..i18n import Translator
from ..inputs.jurisdiction import Jurisdiction

# Articles a translated name may start with, dropped for its bare form.
ARTICLES = {"es": ("el", "la", "los", "las")}


def bare(_: Translator, name: str) -> str:
    """'Concejo Municipal' from 'el Concejo Municipal', 'Judicial Warrant Rule' from 'the
    Judicial Warrant Rule'."""
    word, _space, rest = name.partition(" ")
    return rest if rest and word.lower() in ("the", *ARTICLES.get(_.code, ())) else name


def named(_: Translator, j: Jurisdiction, english: str, context: str) -> str:
    """`english` ('City Council', 'the City of Elm Harbor') with its article, translated."""
    if english.lower().startswith("the "):
        english = english[4:]
    pattern = english.replace(j.name, "{name}") if j.name else english
    if not _.has(f"the {pattern}", context):
        _(f"the {pattern}", context)          # noted as missing
        return english
    found = _.pgettext(context, f"the {pattern}")
    return found.format(name=j.name) if "{name}" in found else found


def jurisdiction_words(_: Translator, j: Jurisdiction, plain_words) -> MappingProxyType:
    """The template's `jurisdiction` mapping in `_`'s language, with `the_governing_body`,
    `the_word` and `the_executive`: the names with their article, which translations use."""
    def capital(text: str) -> str:
        return text[:1].upper() + text[1:]

    def title(english: str, context: str) -> str:     # an office, as signed under
        return capital(bare(_, named(_, j, english, context)))

    the_legal = named(_, j, j.legal_name, "legal name")
    the_body = named(_, j, j.governing_body, "governing body")
    the_word = named(_, j, j.word, "kind of government")
    words = {
        "legal_name": capital(bare(_, the_legal)), "the_legal_name": the_legal,
        "governing_body": bare(_, the_body), "the_governing_body": the_body,
        "word": bare(_, the_word), "the_word": the_word,
        "community": the_legal if j.community == j.the_legal_name else j.community,
        "clerk": title(j.clerk, "office"), "the_clerk": named(_, j, j.clerk, "office"),
        "presiding_officers": tuple(title(o, "office") for o in j.presiding_officers),
        "readings": tuple(_.pgettext("reading", r) for r in j.readings),
        "publication": _.pgettext("reading", j.publication) if j.publication else None,
        "takes_effect": _.pgettext("effective", j.takes_effect),
        "oversight_entity": (bare(_, j.oversight_entity) if j.oversight_entity else None),
    }
    for key in ("police", "sheriff"):
        value = getattr(j, key)
        if value:
            words[f"the_{key}"] = named(_, j, value, "agency")
            words[key] = bare(_, words[f"the_{key}"])
    if j.executive:
        words["the_executive"] = named(_, j, j.executive, "executive")
        words["executive"] = bare(_, words["the_executive"])
    return MappingProxyType({**plain_words, **words})
