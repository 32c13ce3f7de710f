"""A profile's words in another language: the names of the government, its body, its
officers and agencies, from the catalog (extracted by drafter.catalogs.extract_government).

Names are looked up with their English article ("the City of {name}"), since the
translation's article and gender follow the translated noun ("la Ciudad de Elm Harbor",
"el Condado de Juniper"). A name the catalog lacks stays as the profile gives it: it is a
proper name, and the run's warning lists it.
"""
from __future__ import annotations

import re
from types import MappingProxyType

from ..i18n import Translator, state_name
from ..inputs.jurisdiction import Jurisdiction

# Articles a translated name may start with, dropped for its bare form.
ARTICLES = {"es": ("el", "la", "los", "las")}
# The last word of an English name a paper prints untranslated ("the Elm Harbor Civilian
# Police Review Board"): its article in another language follows that noun's gender
# (Board: la junta), from the catalog (context "article of an English name"); "the" is
# the article for any other.
HEAD_NOUNS = ("the", "Board", "Commission", "Committee", "Council", "Office", "Department",
              "Agency", "Authority", "Assembly", "Court", "Legislature", "Selectboard", "Jury",
              "Trustees", "Commissioners", "Supervisors", "Aldermen", "Alders", "Freeholders",
              "Coalition", "Alliance", "Network", "Project", "Center", "Union", "Association",
              "Auditor", "Ombudsman", "Division", "Bureau")


def with_article(_: Translator, english: str) -> str:
    """An English proper name inside another language's sentence, with the article its
    head noun takes there: 'la Elm Harbor Civilian Police Review Board'."""
    name = english[4:] if english.lower().startswith("the ") else english
    if _.english:
        return f"the {name}"
    # "Office of the Inspector General": the noun before "of" heads the name.
    words = name.split(" of ", 1)[0].split()
    head = words[-1] if words and words[-1] in HEAD_NOUNS[1:] else "the"
    article = (_.pgettext("article of an English name", head)
               if _.has(head, "article of an English name") else
               _.pgettext("article of an English name", "the"))
    return f"{article} {name}"


def bare(_: Translator, name: str) -> str:
    """'Concejo Municipal' from 'el Concejo Municipal', 'Judicial Warrant Rule' from 'the
    Judicial Warrant Rule'."""
    word, _space, rest = name.partition(" ")
    return rest if rest and word.lower() in ("the", *ARTICLES.get(_.code, ())) else name


def kind_label(_: Translator, kind: str) -> str:
    """'City and county', 'Ciudad y Condado': a kind as the web page lists it, not the
    profile's value."""
    from ..inputs.kinds import KINDS

    word = KINDS[kind].word
    if _.english:
        return word[:1] + word[1:].lower()
    return bare(_, _.pgettext("kind of government", f"the {word}"))


def named(_: Translator, j: Jurisdiction, english: str, context: str,
          field: str | None = None) -> str:
    """`english` ('City Council', 'the City of Elm Harbor') with its article, translated:
    the profile's own name in the language (names: es: ...) first, then the catalog's; a
    name neither has is printed in English with the article its noun takes, and the run's
    warning lists it."""
    own = next((name for language, named_field, name in j.names
                if language == _.code and named_field == field), None) if field else None
    if own:
        return own
    if english.lower().startswith("the "):
        english = english[4:]
    pattern = english.replace(j.name, "{name}") if j.name else english
    if not _.has(f"the {pattern}", context):
        _(f"the {pattern}", context)          # noted as missing
        return with_article(_, english)
    found = _.pgettext(context, f"the {pattern}")
    return found.format(name=j.name) if "{name}" in found else found


def body_of_place(_: Translator, the_body: str, the_legal: str, the_word: str) -> str:
    """'the Board of County Commissioners of Juniper County'; in Spanish 'la Junta de
    Comisionados del Condado de Juniper', not '... del Condado del Condado de Juniper': a
    body named for the kind of place is followed by the place's own name alone."""
    kind, place = bare(_, the_word), bare(_, the_legal)
    # "la Junta Ejecutiva del Pueblo (Selectboard)": the English name, if any, goes last.
    body, english = re.fullmatch(r"(.*?)((?: \([^()]*\))?)", the_body).groups()
    if not _.english and kind and body.endswith(" " + kind) and place.startswith(kind + " "):
        rest = place[len(kind) + 1:]
        return _.finish(f"{body} {rest}{english}")
    return _.finish(_.pgettext("a body of a place", "{body} of {place}").format(
        body=the_body, place=the_legal))


def english_words(j: Jurisdiction, plain_words) -> MappingProxyType:
    """The English mapping with the same composed names the translations use."""
    return MappingProxyType({
        **plain_words,
        "the_oversight_entity": (j.oversight_entity if not j.oversight_entity or
                                 j.oversight_entity.lower().startswith("the ")
                                 else f"the {j.oversight_entity}"),
        "the_governing_body_of": f"the {j.governing_body} of {j.the_legal_name}"})


def jurisdiction_words(_: Translator, j: Jurisdiction, plain_words) -> MappingProxyType:
    """The template's `jurisdiction` mapping in `_`'s language, with `the_governing_body`,
    `the_word` and `the_executive`: the names with their article, which translations use."""
    def capital(text: str) -> str:
        return text[:1].upper() + text[1:]

    def title(english: str, context: str) -> str:     # an office, as signed under
        return capital(bare(_, named(_, j, english, context)))

    the_legal = named(_, j, j.legal_name, "legal name", "legal_name")
    the_body = named(_, j, j.governing_body, "governing body", "governing_body")
    the_word = named(_, j, j.word, "kind of government")
    the_oversight = (named(_, j, j.oversight_entity, "oversight", "oversight_entity")
                     if j.oversight_entity else None)
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
        "oversight_entity": (bare(_, the_oversight) if the_oversight else None),
        "the_oversight_entity": the_oversight,
        "the_governing_body_of": body_of_place(_, the_body, the_legal, the_word),
        "state": state_name(_, j.state) if j.state and not j.state_level else j.state,
    }
    for key in ("police", "sheriff"):
        value = getattr(j, key)
        if value:
            words[f"the_{key}"] = named(_, j, value, "agency", key)
            words[key] = bare(_, words[f"the_{key}"])
    if j.executive:
        words["the_executive"] = named(_, j, j.executive, "executive", "executive")
        words["executive"] = bare(_, words["the_executive"])
    return MappingProxyType({**plain_words, **words})
