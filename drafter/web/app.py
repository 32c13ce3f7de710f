"""`drafter serve`: a web page for activists who will never open a terminal.

Stateless: every request carries the whole form; nothing is stored on the server. The
page works without JavaScript (the form posts and returns the files); app.js only adds a
live preview and rows for more officials. No drafting logic here: it calls the public API.
"""
from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import io
import json
import logging
import os
import secrets
import unicodedata
import zipfile
import zlib
from urllib.parse import quote
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.datastructures import FormData
from starlette.routing import Route

from .. import DrafterError, Sender, paths
from ..inputs.clauses import load_library
from ..inputs.doctypes import PAGE_SECTIONS, web_types
from ..inputs.jurisdiction import Official, Profile, resolve, slugify
from ..inputs.status import Meeting, StatusFile, answer_words
from ..inputs.forms import local_forms
from ..inputs.kinds import KINDS, US_STATES, normalise_kind, normalise_state
from ..inputs.request import Request as DraftRequest
from ..inputs.request import from_text, options as request_fields, web_fields, where
from ..inputs.validation import field_errors
from ..documents.localized import kind_label
from .messages import web_message
from ..inputs.yamlfile import parse_yaml
from ..i18n import ENGLISH, N_, Translator, html_language, languages, state_name
from ..jinja import make_environment
from ..plain import TemplateHelper, plain_context
from ..render import formats as output_formats
from ..words import squash
from .serving import (Busy, GuardRequests, client_address, has_render_share, ready,
                      render_in_pool, security_headers, start_renderers, stop_pool)

MAX_OFFICIALS = 20
MAX_SHOWN_PROBLEMS = 20            # beside one field; a forged file may hold thousands
MAX_UPLOAD_BYTES = 64 * 1024
CSRF_COOKIE = "drafter_csrf"
log = logging.getLogger("drafter.serve")
PROFILE_FIELDS = ("kind", "name", "state", "oversight_entity", "governing_body", "executive",
                  "executive_elected", "manager", "police", "sheriff")
# A profile's yes-or-no fields the page asks as a choice: "" (not known), "yes" or "no".
YES_NO_FIELDS = ("executive_elected",)
SENDER_FIELDS = ("group", "contact", "address", "email")
# The template folders the server was started with (drafter serve --templates): their
# document types are offered too. Never a visitor's: an upload cannot name a folder.
TEMPLATES: tuple[Path, ...] = ()


def _web_types() -> dict:
    """The document types the page offers, by id, in their outlines' `web` order."""
    return {t.id: t for t in web_types(TEMPLATES)}


@cache
def _env():
    return make_environment(autoescape=True,
                            loader=jinja2.FileSystemLoader(str(paths.templates_dir() / "web")))


@cache
def _icon() -> bytes:
    """The page's icon (a white F on blue), one file for the page's data: link and
    /favicon.ico, which some browsers and tools ask for anyway."""
    return (paths.templates_dir() / "web" / "icon.svg").read_bytes()


@cache
def _script() -> Markup:
    """The page's small script, read once per process."""
    return Markup((paths.templates_dir() / "web" / "app.js").read_text(encoding="utf-8"))


OFFICIAL_FIELDS = tuple(Official.model_fields)     # name, title, address, email
# Profile fields the page does not show, kept as a loaded file gave them (in a hidden field,
# validated by the profile model like the rest); never clause or template folders, which
# would reach the server's disk.
KEPT_FIELDS = tuple(f for f in Profile.model_fields
                    if f not in (*PROFILE_FIELDS, "officials", "clauses", "templates"))
# The page's other answers, saved with the profile and sender as choices.yaml.
# After the meeting: what law enforcement said, as `drafter record` asks it.
MEETING_FIELDS = tuple(f"meeting_{key}" for key in Meeting.model_fields)
ANSWER_CHOICES = {"in_place": ("unknown", "yes", "no"),
                  "in_writing": ("unknown", "code", "policy", "none"),
                  "position": ("unknown", "supports", "opposes", "evasive")}
ANSWER_FIELDS = (*ANSWER_CHOICES, "where", "note")


@cache
def answer_fields() -> tuple[str, ...]:
    """answer_<rule>_<question> for every rule, in the library's order."""
    return tuple(f"answer_{rule.id}_{key}" for rule in load_library().rules()
                 for key in ANSWER_FIELDS)


# The run's options the page offers: the Request's fields with a place on the page
# (drafter.inputs.request), each one value (the lists are read apart, in _form_values).
OPTION_FIELDS = tuple(web for web, name in web_fields().items()
                      if request_fields()[name].kind not in ("list", "texts"))
CHOICE_FIELDS = (*web_fields(), "preview_type", "lang")
# Every field the page shows, in the page's order (officials' rows come before documents),
# with a place for its error message.
FORM_FIELDS = tuple(dict.fromkeys((
    *PROFILE_FIELDS, "rules", "include_1373", "extras", *(f"sender_{key}" for key in SENDER_FIELDS),
    "documents", "format", "line_numbers", "papers_lang", "preview_type", *OPTION_FIELDS,
    *MEETING_FIELDS, "profile_file")))


def page_language(request: Request, posted: str | None = None) -> str:
    """The page's language: the one the form carries (or a switch button sent), `?lang=`,
    else the best match for the browser's Accept-Language, else English."""
    from babel import negotiate_locale

    for chosen in (posted, request.query_params.get("lang")):
        if chosen in languages():
            return chosen
    preferred = []
    for part in request.headers.get("accept-language", "")[:500].split(","):
        code, _, weight = part.strip().partition(";q=")
        try:
            preferred.append((float(weight or 1), code.strip()))
        except ValueError:
            continue
    ranked = [code for _, code in sorted(preferred, key=lambda p: -p[0]) if code]
    return negotiate_locale(ranked, list(languages()), sep="-") or \
        negotiate_locale([c.split("-")[0] for c in ranked], list(languages())) or ENGLISH


def _page(request: Request, *, form: dict, errors: dict, token: str, status: int = 200,
          preview: str | None = None, warnings: list[str] | None = None,
          notices: list[str] | None = None,
          check: list[tuple[str, str, str]] | None = None) -> HTMLResponse:
    library = load_library()
    types = _web_types()
    paper, sections = _paper_and_sections(form)
    language = form.get("lang") or ENGLISH
    _ = Translator(language)
    officials = [{key: row.get(key) or "" for key in OFFICIAL_FIELDS}
                 for row in form.get("officials") or [{}]]
    shown = {key: form.get(key) or ("" if key not in ("rules", "extras", "documents") else ())
             for key in (*FORM_FIELDS, *answer_fields())}
    rows = [f"official_{key}_{index}" for index in range(len(officials))
            for key in OFFICIAL_FIELDS]
    at, end = FORM_FIELDS.index("documents"), FORM_FIELDS.index("profile_file")
    messages = {key: "" for key in (*FORM_FIELDS[:at], *rows, *FORM_FIELDS[at:end],
                                    *answer_fields(), *FORM_FIELDS[end:])}
    gathered: dict[str, list[str]] = {}
    for key, text in errors.items():     # a problem with no field of its own (an uploaded
        if key not in messages:          # file's legal_name, say) goes beside the upload
            key, text = "profile_file", f"{key.replace('_', ' ')}: {text}"
        gathered.setdefault(key, []).append(text)
    for key, texts in gathered.items():  # a forged file's thousands: the first few, counted
        first = texts[:MAX_SHOWN_PROBLEMS]
        more = len(texts) - len(first)
        messages[key] = " ".join(first + ([_("… and {n} more problems like these.").format(
            n=more)] if more else []))
    summary = _summary(messages, library, types)
    def words(clause) -> dict:      # a rule's or extra's title and summary, in the language
        summary = _.pgettext(f"{clause.id} summary", squash(clause.meta.summary))
        return {"title": _.pgettext(f"{clause.id} title", clause.meta.title),
                # the place's own office is typed further down: a placeholder never shows
                "summary": summary.replace("[oversight entity]", _("an oversight office"))}

    def document(type_) -> dict:
        summary = squash(type_.summary)
        step = squash(type_.next_step or "")
        return {"id": type_.id, "name": _.pgettext("document type", type_.name),
                "summary": _.pgettext("document type summary", summary),
                "next": _.pgettext("document type next step", step) if step else ""}

    html = _env().get_template("index.html").render(plain_context({
        "form": {**shown, "officials": officials}, "errors": messages, "summary": summary,
        "kept_json": json.dumps(form.get("kept") or {}, ensure_ascii=False),
        "token": token,
        "lang": language, "html_lang": html_language(language), "languages": languages(),
        "_": TemplateHelper("_", _),
        "paper_languages": paper_languages(_),
        "formats": file_formats(_),
        "kinds": {kind: kind_label(_, kind) for kind in KINDS},
        "answer_choices": {key: {value: answer_words(_)[value] for value in values}
                           for key, values in ANSWER_CHOICES.items()},
        # Each state by its value (the English name the profile keeps) and its name in the
        # page's language, sorted as that language sorts them.
        "states": tuple(sorted(((state, state_name(_, state)) for state in US_STATES.values()),
                               key=lambda pair: unicodedata.normalize("NFD", pair[1])
                               .encode("ascii", "ignore").lower())),
        "rules": [{"id": r.id, "meta": {"number": r.meta.number, **words(r)}}
                  for r in library.rules()],
        "extras": [{"id": c.id, **words(c), "verified": c.meta.verified}
                   for c in library.extras()],
        "documents": [document(t) for t in types.values()],
        "defaults": {k: {"governing_body": v.governing_body, "word": v.word}
                     for k, v in KINDS.items()},
        "state_bodies": _state_bodies(),
        "state_bodies_json": json.dumps(_state_bodies(), ensure_ascii=False),
        "preview": preview, "warnings": warnings or [], "notices": notices or [],
        "paper": document(paper) if paper else None, "sections": tuple(sorted(sections)),
        "check": check or [],
        "icon": "data:image/svg+xml," + quote(_icon().decode().strip()),
        "script": _script()}))
    response = HTMLResponse(html, status_code=status, headers={"Content-Language": language})
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


def _paper_and_sections(form: dict):
    """The one paper asked for (?paper=petition), or None, and the page's sections shown:
    only those that paper's outline asks for, else all."""
    paper = _web_types().get(form.get("paper") or "")
    return paper, set(PAGE_SECTIONS) if paper is None else set(paper.asks or ())


def _summary(messages: dict[str, str], library, types) -> list[tuple[str, str]]:
    """The error summary at the top of the page: each problem, in the order of the form,
    linked to the field it concerns (a group of boxes by its first box)."""
    first_rule = next((r.id for r in library.rules() if r.meta.number), "")
    first_document = next(iter(types), "")
    first_extra = next((c.id for c in library.extras()), "")
    anchors = {"rules": f"rule-{first_rule}", "documents": f"document-{first_document}",
               "extras": f"extra-{first_extra}"}
    return [(anchors.get(key, key), text) for key, text in messages.items() if text]


def paper_languages(_: Translator) -> dict[str, str]:
    """The choices for the campaign papers' language: each language alone, and English
    with each other one (a petition in both, the other papers in each)."""
    names = languages(TEMPLATES)      # the server's own template folders may add some
    choices = {code: name[:1].upper() + name[1:] for code, name in names.items()}
    for code, name in names.items():
        if code != ENGLISH:
            choices[f"{ENGLISH},{code}"] = _("English and {language}").format(language=name)
    return choices


BOTH = "both"      # the default formats together (Word and PDF)


def file_formats(_: Translator) -> dict[str, str]:
    """The page's choices of files: the default formats together, then each format that
    renders every document (drafter.render.formats), by its label in the page's language."""
    default = output_formats.default_names()
    registry = output_formats.registry()
    *first, last = [_(registry[name].label) for name in default]
    both = _("{first} and {last}").format(first=", ".join(first), last=last) if first else last
    return {BOTH: both, **{f.name: output_formats.described(f, _(f.label))
                           for f in registry.values() if f.every_document}}


@cache
def _state_bodies() -> dict[str, str]:
    """The governing body a kind has in a state, where jurisdictions/forms knows it, keyed
    "Texas|county": the form's hint names the body the draft will really use."""
    return {f"{US_STATES[form.state]}|{form.kind}": form.governing_body
            for form in local_forms().values() if form.governing_body}


def _token(request: Request) -> str:
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)


DEFAULT_FORM = {"kind": "city", "include_1373": "on", "documents": ["ordinance", "resolution"],
                "format": BOTH, "officials": [{}]}


async def home(request: Request) -> Response:
    nine_rules = [rule.id for rule in load_library().rules() if rule.meta.number]
    form = {**DEFAULT_FORM, "rules": nine_rules, "lang": page_language(request)}
    paper = request.query_params.get("paper")
    if paper in _web_types():          # "I want a petition": that paper, and what it needs
        form.update(paper=paper, documents=[paper], preview_type=paper)
    return _page(request, form=form, errors={}, token=_token(request))


def _one_of_each(values: list[str], allowed) -> list[str]:
    """A posted list, each known value once: a form listing one document 400 times drafts it once."""
    return [value for value in dict.fromkeys(values) if value in allowed]


def _form_values(data) -> dict:
    """The posted fields, as the template and the validators expect them."""
    form = {key: (data.get(key) or "").strip() for key in PROFILE_FIELDS}
    form.update({f"sender_{key}": (data.get(f"sender_{key}") or "").strip() for key in SENDER_FIELDS})
    form["rules"] = _one_of_each(data.getlist("rules"), _rule_ids())
    form["extras"] = _one_of_each(data.getlist("extras"), _extra_ids())
    documents = data.getlist("documents")
    form["documents"] = _one_of_each(documents, _web_types())
    form["unknown_documents"] = len(form["documents"]) < len(set(documents))
    form["format"] = data.get("format") or BOTH
    form["papers_lang"] = (data.get("papers_lang") or "").strip()
    form["preview_type"] = data.get("preview_type") if data.get("preview_type") in _web_types() \
        else "ordinance"
    form["kept"] = _kept(data.get("kept") or "")
    form["paper"] = data.get("paper") if data.get("paper") in _web_types() else ""
    form.update({key: (data.get(key) or "").strip()
                 for key in (*OPTION_FIELDS, *MEETING_FIELDS, *answer_fields())})
    officials = []
    for index in range(MAX_OFFICIALS):
        row = {key: (data.get(f"official_{key}_{index}") or "").strip() for key in OFFICIAL_FIELDS}
        if any(row.values()):
            officials.append(row)
    form["officials"] = officials or [{}]
    return form


@cache
def _rule_ids() -> frozenset[str]:
    return frozenset(rule.id for rule in load_library().rules())


@cache
def _extra_ids() -> frozenset[str]:
    return frozenset(clause.id for clause in load_library().extras())


MAX_KEPT_CHARS = 16 * 1024     # a profile's other fields: a few lines


def _kept(text: str) -> dict | None:
    """The hidden field of profile values the page does not show: a JSON object of known
    fields only (the profile model checks their values); None when it cannot be read
    (made by hand: too long or nested too deeply)."""
    if len(text) > MAX_KEPT_CHARS:
        return None
    try:
        values = json.loads(text) if text else {}
        json.dumps(values, ensure_ascii=False).encode("utf-8")   # no lone surrogate
    except (ValueError, RecursionError):     # UnicodeEncodeError is a ValueError
        return None
    return {k: v for k, v in values.items() if k in KEPT_FIELDS} if isinstance(values, dict) else {}


def _as_json(value):
    """An uploaded value as JSON can hold it: YAML dates (values or keys) as the text they
    were typed as, keys as text."""
    if isinstance(value, dict):
        return {str(_as_json(k)): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _profile_data(form: dict) -> dict:
    data = {**(form.get("kept") or {}), **{key: form[key] for key in PROFILE_FIELDS if form.get(key)}}
    for key in YES_NO_FIELDS:        # true or false in the file, as a person writes it
        if data.get(key) in ("yes", "no"):
            data[key] = data[key] == "yes"
    officials = [{k: v for k, v in row.items() if v} for row in form["officials"] if any(row.values())]
    if officials:
        data["officials"] = officials
    return data


def _validate(form: dict) -> tuple[DraftRequest | None, dict[str, str]]:
    """The drafting Request of the form (its profile, sender and answers in it), or errors
    keyed by form field, all at once, in the page's words (drafter.web.messages) from the
    models' own checks."""
    _ = Translator(form.get("lang") or ENGLISH)
    if form.get("kept") is None:
        form["kept"] = {}
        profile, problems = None, {}
        errors = {"profile_file": _("The profile fields kept from your file could not be "
                                    "read. Load your file again.")}
    else:
        profile, problems = field_errors(Profile, _profile_data(form))
        errors = {}
    for key, (kind, message) in problems.items():
        if key.startswith("officials."):
            _officials, index, field = (key.split(".") + ["", ""])[:3]
            key = f"official_{field}_{index}"
        errors[key] = web_message(_, key, kind, message)
    sender = None
    sender_data = {k: form[f"sender_{k}"] for k in SENDER_FIELDS if form.get(f"sender_{k}")}
    if sender_data:
        sender, sender_problems = field_errors(Sender, sender_data)
        errors.update({f"sender_{k}": web_message(_, f"sender_{k}", kind, message)
                       for k, (kind, message) in sender_problems.items()})
    if not form["rules"] and not form.get("include_1373"):
        errors["rules"] = web_message(_, "rules", "missing", "")
    if not form["documents"] or form.get("unknown_documents"):
        errors["documents"] = web_message(_, "documents", "missing", "")
    if form["format"] not in file_formats(_):
        errors["format"] = web_message(_, "format", "invalid", "")
    if form.get("papers_lang") and form["papers_lang"] not in paper_languages(_):
        errors["papers_lang"] = web_message(_, "papers_lang", "invalid", "")
    request, request_errors = _request(form, _)
    errors.update(request_errors)
    status, status_errors = _status(form, _)
    errors.update(status_errors)
    if errors:
        # The choices against the profile are checked too, so every problem is shown in
        # one round: not a missing oversight entity only once the name is fixed.
        for key, text in _choice_problems(form, profile, set(problems), status, _).items():
            errors.setdefault(key, text)
        return None, errors
    return replace(request, jurisdiction=resolve(profile, source="the form"), sender=sender,
                   status=status, templates=TEMPLATES), errors


STAND_IN = {"kind": "city", "name": "Stand-in", "state": "Oregon"}   # for fields not read
# What a stand-in state decides, so a problem with it is not reported: the form of
# government (executive, instrument, police) and the state's law.
STATE_DECIDES = frozenset({"state", "state_safe", "executive", "executive_orders",
                           "instrument", "police", "documents"})


def _choice_problems(form: dict, profile: Profile | None, bad: set[str],
                     status: StatusFile | None, _: Translator) -> dict[str, str]:
    """While the form's own fields have problems, the page's choices (rules, documents,
    --missing, state-safe) checked against the profile all the same, so every problem is
    shown in one round: the fields that could not be read are left out (kind, name and
    state stood in for); a problem with a field that was stood in for, or that a stand-in
    state decides, is not this check's to report."""
    from ..pipeline import prepare

    if profile is None:
        data = {k: v for k, v in _profile_data(form).items() if k.split(".")[0] not in
                {b.split(".")[0] for b in bad}}
        stood_in = {k for k in STAND_IN if k not in data}
        if "state" in stood_in:
            stood_in |= STATE_DECIDES
        profile, problems = field_errors(Profile, {**STAND_IN, **data})
        if profile is None:
            return {}
    else:
        stood_in = set()
    names = web_fields()
    values, _problems = from_text({names[web]: form.get(web) for web in
                                   ("rules", "include_1373", "extras", "documents", "missing",
                                    "state_safe")})
    try:
        request = DraftRequest(**values, page_language=_.code, status=status,
                               jurisdiction=resolve(profile, source="the form"),
                               templates=TEMPLATES)
        prepare(request)
    except DrafterError as exc:
        return {key: text for key, text in _pipeline_errors(_, exc.problems).items()
                if key not in stood_in}
    return {}


def _status_data(form: dict) -> dict:
    """The answers recorded on the page, in the status file's shape (`drafter record`)."""
    meeting = {key.removeprefix("meeting_"): form[key] for key in MEETING_FIELDS if form.get(key)}
    rules = {}
    for rule in load_library().rules():
        answers = {key: form.get(f"answer_{rule.id}_{key}") or "" for key in ANSWER_FIELDS}
        entry = {key: answers[key] for key in ("in_place", "in_writing", "position", "where")
                 if answers[key] and answers[key] != "unknown"}
        if answers["note"]:
            entry["source"] = {"note": answers["note"],
                               **({"who": meeting["official"]} if meeting.get("official") else {}),
                               **({"date": meeting["date"]} if meeting.get("date") else {})}
        if entry:
            rules[rule.id] = entry
    return {"meeting": meeting, "rules": rules} if meeting or rules else {}


def _status(form: dict, _: Translator) -> tuple[StatusFile | None, dict[str, str]]:
    """The recorded answers as the status model checks them; None when nothing is recorded."""
    data = _status_data(form)
    if not data:
        return None, {}
    status, problems = field_errors(StatusFile, data)
    errors = {}
    for key, (kind, message) in problems.items():
        parts = key.split(".")
        field = (f"meeting_{parts[1]}" if parts[0] == "meeting" else
                 f"answer_{parts[1]}_{'note' if parts[2] == 'source' else parts[2]}")
        errors[field] = web_message(_, field, kind, message)
    return status, errors


def _request(form: dict, _: Translator) -> tuple[DraftRequest, dict[str, str]]:
    """The run's options from the form, read and checked as the command line's are (by the
    Request itself); each problem beside its field."""
    names = web_fields()
    raw = {names[web]: form.get(web) for web in names}
    raw["formats"] = None if form.get("format") == BOTH else form.get("format")
    raw["languages"] = form.get("papers_lang") or form.get("lang") or ENGLISH
    values, problems = from_text(raw)
    values["page_language"] = _.code   # its notes in the page's words and language
    try:                             # what could be read, checked: every problem at once
        request = DraftRequest(**values)
        if not problems:
            return request, {}
    except DrafterError as exc:
        problems += exc.problems
    by_flag = {where(name): name for name in request_fields()}
    errors: dict[str, str] = {}
    for problem in problems:
        name = by_flag.get(problem.field or "", problem.field or "")
        option = request_fields().get(name)
        web = option.web if option and option.web else "documents"
        low, high = option.limits if option and option.limits else (0, 0)
        # {low} and {high} of the page's own words, replaced (a validator's sentence may
        # quote "{{" and is never formatted)
        errors[web] = web_message(_, web, "invalid", problem.message) \
            .replace("{low}", f"{low:g}").replace("{high}", f"{high:g}")
    return DraftRequest(), errors


def _check_rows(form: dict, request: DraftRequest, _: Translator) -> list[tuple[str, str, str]]:
    """"Check your answers": each answer as drafter will use it (the place's legal name, the
    governing body and officers its form of government gives, the rules by title), with
    the field to change it at: (question, answer, field id)."""
    j = request.jurisdiction
    library = load_library()
    types = _web_types()
    # "None", in each case as a language agrees it with what is missing (Ninguna, Nadie)
    none = {"entity": _.pgettext("no entity", "None"), "office": _.pgettext("no office", "None"),
            "officer": _.pgettext("no officer", "None"),
            "department": _.pgettext("no department", "None"),
            "rule": _.pgettext("no rule", "None"), "provision": _.pgettext("no provision", "None"),
            "person": _.pgettext("nobody", "None")}
    rules = [_.pgettext(f"{rule.id} title", rule.meta.title) for rule in library.rules()
             if rule.id in form["rules"] or (not rule.meta.number and form.get("include_1373"))]
    extras = [_.pgettext(f"{c.id} title", c.meta.title) for c in library.extras()
              if c.id in form["extras"]]
    first_rule = next(r.id for r in library.rules() if r.meta.number)
    sender = ", ".join(form[f"sender_{key}"] for key in ("group", "contact") if form.get(f"sender_{key}"))
    officials = "; ".join(", ".join(v for v in (row.get("name"), row.get("title")) if v)
                          for row in form["officials"] if any(row.values()))
    paper, sections = _paper_and_sections(form)
    rows = [(_("Place"), j.legal_name + (f", {state_name(_, j.state)}" if j.state else ""), "name"),
            (_("Governing body"), j.governing_body, "governing_body"),
            (_("Who takes complaints (oversight entity)"),
             j.oversight_entity or none["entity"], "oversight_entity")]
    if "officers" in sections:
        rows += [(_("Executive"),
                  ", ".join(v for v in (j.executive, j.manager) if v) or none["officer"],
                  "executive"),
                 (_("Police department"), j.police or none["department"], "police"),
                 (_("Sheriff's office"), j.sheriff or none["office"], "sheriff")]
    rows.append((_("Rules to include"), ", ".join(rules) or none["rule"], f"rule-{first_rule}"))
    if "extras" in sections:
        first_extra = next((c.id for c in library.extras()), "")
        rows.append((_("Extra provisions"), ", ".join(extras) or none["provision"],
                     f"extra-{first_extra}"))
    if "sender" in sections:
        rows.append((_("Your group"), sender or none["person"], "sender_group"))
    if "officials" in sections:
        rows.append((_("Officials to write to"), officials or none["person"], "official_name_0"))
    documents = [_.pgettext("document type", types[d].name) for d in form["documents"]]
    rows += [(_("Documents"), ", ".join(documents),
              "format" if paper else f"document-{next(iter(types))}"),
             (_("Files"), file_formats(_).get(form["format"], ""), "format"),
             (_("Language of the campaign papers"),
              paper_languages(_).get(form.get("papers_lang") or form["lang"], ""), "papers_lang")]
    if "state-law" in sections:
        rows.append((_("State law"), _("Leave out the rules my state's law forbids")
                     if form.get("state_safe") else _("Keep every rule, with a warning"),
                     "state_safe"))
    return rows


def _preview_errors(errors: dict[str, str]) -> JSONResponse:
    """For the live preview: each problem and the field it concerns, shown in place of the
    document."""
    return JSONResponse({"errors": [{"field": key, "message": text}
                                    for key, text in errors.items()]}, status_code=400)


# Where a problem with no field of its own on the page is shown: the meeting's answers a
# report back needs, under "After the meeting" (which then opens).
PROBLEM_PLACES = {"status": "meeting_date"}


def _pipeline_errors(_: Translator, problems) -> dict[str, str]:
    """The pipeline's problems (the chosen rules against the profile, ...) beside the form
    field they concern; the rest beside the documents."""
    errors: dict[str, str] = {}
    by_flag = {where(name): option.web for name, option in request_fields().items()
               if option.web}
    for problem in problems:
        name = by_flag.get(problem.field or "", problem.field) or ""
        message = web_message(_, name, problem.kind or "selection", problem.message)
        field = PROBLEM_PLACES.get(name, name)
        field = field if field in FORM_FIELDS else "documents"
        errors[field] = f"{errors[field]} {message}" if field in errors else message
    return errors


def _media_type(name: str) -> str:
    """A download's media type: the format's own (drafter.render.formats), a zip or a PNG."""
    suffix = Path(name).suffix.removeprefix(".")
    known = output_formats.registry()
    return known[suffix].media_type if suffix in known else \
        {"zip": "application/zip", "png": "image/png"}[suffix]


CONTENTS_HEADER = "X-Drafter-Documents"


def _contents(names: list[str], slug: str) -> str:
    """What a download holds, by document type, for the page to say after it ("petition:
    a-petition.docx a-petition.pdf;letter:..."): each file by the type its name starts
    with (a letter's or a Spanish paper's name goes on after it); "packet" for the
    combined PDF. File names are the place's slug and the type's id, so ASCII."""
    ids = sorted((*_web_types(), "packet"), key=len, reverse=True)
    found: dict[str, list[str]] = {}
    for name in names:
        rest = Path(name).stem.removeprefix(f"{slug}-")
        kind = next((i for i in ids if rest == i or rest.startswith(f"{i}-")), None)
        if kind:
            found.setdefault(kind, []).append(name)
    return ";".join(f"{kind}:{' '.join(files)}" for kind, files in found.items())


def _download(files: dict[str, bytes], slug: str) -> Response:
    if len(files) == 1:
        (name, content), = files.items()
        inside = [name]
        if name.endswith(".zip"):        # the packet's zip: what it holds
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                inside = archive.namelist()
        return Response(content, media_type=_media_type(name),
                        headers={"Content-Disposition": f'attachment; filename="{name}"',
                                 CONTENTS_HEADER: _contents(inside, slug)})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    # Named after the place, so a volunteer drafting for two towns can tell the zips apart.
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{slug}-documents.zip"',
                             CONTENTS_HEADER: _contents(list(files), slug)})


def _answers_zip(form: dict) -> Response:
    """"Save my answers": everything on the page, as three files in one zip. The profile
    (with the fields the page does not show, as loaded) and the sender work with the
    command line too (`-j`, `--from`); choices.yaml holds the rest of the page."""
    import yaml

    def dump(header: str, data: dict) -> bytes:
        return (f"# {header}\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)).encode()

    sender = {k: form[f"sender_{k}"] for k in SENDER_FIELDS if form.get(f"sender_{k}")}
    choices = {key: form.get(key) for key in CHOICE_FIELDS if form.get(key) not in (None, "")}
    files = {"profile.yaml": dump("drafter jurisdiction profile, saved from the web page "
                                  "(drafter draft ordinance -j profile.yaml)", _profile_data(form)),
             "choices.yaml": dump("the web page's other answers (Load it back on the page)",
                                  choices)}
    if sender:
        files["sender.yaml"] = dump("who the letters are from (drafter draft letter --from "
                                    "sender.yaml)", sender)
    status = _status_data(form)
    if status:
        # Named so it sits beside profile.yaml as the command line looks for it:
        # `drafter draft report-back -j profile.yaml` reads profile.status.yaml.
        files["profile.status.yaml"] = dump("what law enforcement said (as `drafter record` "
                                            "writes it)", status)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    slug = slugify(form.get("name") or "") or "my"
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{slug}-answers.zip"'})


# status.yaml: what a zip saved before its name followed the profile's.
ANSWER_FILES = ("profile.yaml", "sender.yaml", "choices.yaml", "profile.status.yaml",
                "status.yaml")


async def _read_upload(data, _: Translator) -> tuple[dict | None, str | None]:
    """The uploaded answers: {"profile": ..., "sender": ..., "choices": ...} from a saved
    zip, or {"profile": ...} from a profile's .yaml; or a message for the person."""
    upload = data.get("profile_file")
    if upload is None or not getattr(upload, "filename", ""):
        return None, _("Choose a profile file to upload.")
    content = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        return None, _("That file is larger than 64 KB; a profile is a few lines.")
    # Reading YAML is quick for a profile, slow for a forged file of thousands of keys:
    # off the event loop.
    return await asyncio.to_thread(_parse_upload, content, _)


def _parse_upload(content: bytes, _: Translator) -> tuple[dict | None, str | None]:
    texts = {"profile.yaml": content}
    if content[:4] == b"PK\x03\x04":          # a zip saved by "Save my answers"
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                members = {i.filename: i for i in archive.infolist()
                           if i.filename in ANSWER_FILES}
                if "profile.yaml" not in members or \
                        sum(i.file_size for i in members.values()) > MAX_UPLOAD_BYTES:
                    return None, _("That zip is not one saved by this page.")
                texts = {name: archive.read(info) for name, info in members.items()}
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError,
                NotImplementedError, zlib.error):
            return None, _("That zip is not one saved by this page.")
    loaded = {}
    for name, raw in texts.items():
        try:
            value, _lines = parse_yaml(raw.decode("utf-8"), source=name)
        except UnicodeDecodeError:
            return None, _("That file is not text (UTF-8); upload the profile's .yaml file.")
        except DrafterError as exc:
            return None, "; ".join(str(p) for p in exc.problems)
        if not isinstance(value, dict):
            return None, _("That file is not a drafter profile.")
        loaded[name.removesuffix(".yaml").removeprefix("profile.")] = value
    return loaded, None


def _uploaded_form(form: dict, loaded: dict) -> tuple[dict, dict, list[str]]:
    """Put uploaded answers into the form. What does not fit a field is reported beside the
    file field and leaves that field as it was; the profile's fields the page does not show
    are kept as they were (and said so)."""
    _ = Translator(form.get("lang") or ENGLISH)
    problems = []
    profile = loaded["profile"]

    def text(value) -> str | None:
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        ok = isinstance(value, (str, int, float)) and not isinstance(value, bool)
        return str(value) if ok else None

    for key in PROFILE_FIELDS:
        value = profile.get(key)
        # A value the form can show is shown: 'City' is the city choice, 'TX' is Texas.
        if key == "kind":
            value = normalise_kind(value)
        elif key in YES_NO_FIELDS and isinstance(value, bool):
            value = "yes" if value else "no"
        elif key == "state" and isinstance(value, str):
            value = normalise_state(value) or value
        if value is None:
            form[key] = ""
        elif text(value) is not None:
            form[key] = text(value)
        else:
            problems.append(_("{field} should be one line of text").format(field=key))
    form["kept"] = {k: _as_json(v) for k, v in profile.items() if k in KEPT_FIELDS}
    if len(json.dumps(form["kept"], ensure_ascii=False)) > MAX_KEPT_CHARS:
        # the page carries them in a hidden field, as long as a profile's few lines
        problems.append(_("its other fields are too long to keep here (at most {n} KB); "
                          "use the file with the command line").format(n=MAX_KEPT_CHARS // 1024))
        form["kept"] = {}
    unused = [k for k in profile if k not in (*PROFILE_FIELDS, *KEPT_FIELDS, "officials")]
    if unused:
        problems.append(_("not used here: {fields}").format(fields=", ".join(map(str, unused))))
    officials = profile.get("officials")
    if officials is not None and not (isinstance(officials, list)
                                      and all(isinstance(row, dict) for row in officials)):
        problems.append(_("officials should be a list of people, each with a name and title"))
        officials = None
    if officials is not None:
        if len(officials) > MAX_OFFICIALS:
            problems.append(_("only the first {n} officials were read").format(n=MAX_OFFICIALS))
        form["officials"] = [{k: str(row.get(k) or "") for k in OFFICIAL_FIELDS
                              if isinstance(row.get(k) or "", (str, int))}
                             for row in officials[:MAX_OFFICIALS]] or [{}]
    for key, value in (loaded.get("sender") or {}).items():
        if key in SENDER_FIELDS and text(value) is not None:
            form[f"sender_{key}"] = text(value)
        else:
            problems.append(_("not used here: {fields}").format(fields=f"sender.{key}"))
    choices = loaded.get("choices") or {}
    for key, value in choices.items():
        if key in ("rules", "extras", "documents") and isinstance(value, list):
            allowed = {"rules": _rule_ids(), "extras": _extra_ids(),
                       "documents": _web_types()}[key]
            form[key] = _one_of_each([str(v) for v in value], allowed)
            if len(form[key]) < len(value):
                problems.append(_("not used here: {fields}").format(fields=", ".join(
                    str(v) for v in value if str(v) not in form[key])))
        elif key in CHOICE_FIELDS and text(value) is not None:
            form[key] = text(value)
        else:
            problems.append(_("not used here: {fields}").format(fields=f"choices.{key}"))
    status = loaded.get("status") or {}
    meeting = status.get("meeting") if isinstance(status.get("meeting"), dict) else {}
    for key, value in meeting.items():
        if f"meeting_{key}" in MEETING_FIELDS and value is not None and text(value) is not None:
            form[f"meeting_{key}"] = text(value)
        elif value is not None:
            problems.append(_("not used here: {fields}").format(fields=f"status.meeting.{key}"))
    answered = status.get("rules") if isinstance(status.get("rules"), dict) else {}
    for rule_id, answers in answered.items():
        if not isinstance(answers, dict) or f"answer_{rule_id}_in_place" not in answer_fields():
            problems.append(_("not used here: {fields}").format(fields=f"status.{rule_id}"))
            continue
        for key in ("in_place", "in_writing", "position", "where"):
            value = answers.get(key)
            if isinstance(value, bool):
                form[f"answer_{rule_id}_{key}"] = "yes" if value else "no"
            elif text(value) is not None:
                form[f"answer_{rule_id}_{key}"] = text(value)
            elif value is not None:
                problems.append(_("{field} should be one line of text").format(
                    field=f"status.rules.{rule_id}.{key}"))
        source = answers.get("source")
        if isinstance(source, dict) and source.get("note"):
            if text(source["note"]) is not None:
                form[f"answer_{rule_id}_note"] = text(source["note"])
            else:
                problems.append(_("{field} should be one line of text").format(
                    field=f"status.rules.{rule_id}.source.note"))
    if "choices" in loaded and "include_1373" not in choices:
        form["include_1373"] = None
    if form.get("lang") not in languages():
        form["lang"] = ENGLISH
    errors = ({"profile_file": _("In that file: {problems}.").format(problems="; ".join(problems))}
              if problems else {})
    kept = [k.replace("_", " ") for k in form["kept"]]
    notes = [_("Kept from your file, not shown on this page: {fields}.").format(
        fields=", ".join(kept))] if kept else []
    return form, errors, notes


def _render(request: DraftRequest, action: str, preview_type: str):
    """In a worker process: the preview (its HTML, the run's warnings and notes) or the
    files the request asks for, as ("ok", value), or ("error", problems): exceptions do
    not cross processes intact, so problems come back as data."""
    from ..pipeline import prepare, preview, run

    try:
        job = prepare(request)
        if action == "preview":
            return "ok", (preview(job, preview_type), list(job.warnings), list(job.notices))
        files = run(job).files
        if request.packet:           # the zip holds every file; it is what is downloaded
            files = {name: content for name, content in files.items() if name.endswith(".zip")}
        return "ok", files
    except DrafterError as exc:
        return "error", exc.problems


BUSY = N_("The server is busy drafting for others. Please try again in a minute.")
STILL_DRAFTING = N_("Your earlier requests are still being drafted. Please wait for them, then "
                    "try again.")
RENDERING = ("draft", "preview", "packet", "scorecard")


async def submit(request: Request) -> Response:
    try:
        data = await request.form(max_files=1, max_fields=400, max_part_size=MAX_UPLOAD_BYTES)
    except HTTPException as exc:   # Starlette's word for a malformed or oversized form
        return PlainTextResponse(f"This form cannot be read: {exc.detail[:1].lower()}"
                                 f"{exc.detail[1:]} Reload the page and try again.",
                                 status_code=400)
    # Every field is text but the upload: a field sent as a file is taken as empty.
    data = FormData([(key, value) for key, value in data.multi_items()
                     if isinstance(value, str) or key == "profile_file"])
    token = _token(request)
    _ = Translator(page_language(request, data.get("switch_lang") or data.get("lang")))
    sent = data.get("csrf_token") or ""
    if not request.cookies.get(CSRF_COOKIE) or \
            not hmac.compare_digest(sent.encode("utf-8"), token.encode("utf-8")):
        return PlainTextResponse(_("This form has expired: reload the page and try again."),
                                 status_code=403)
    action = data.get("action") or "draft"
    if action in RENDERING and not has_render_share(client_address(request.scope)):
        # This visitor's earlier requests hold its share of the render slots (a button
        # pressed again and again): answer at once, before the form is checked and the page
        # drawn, so its repeats cost the server nothing other visitors wait for.
        return PlainTextResponse(_(STILL_DRAFTING), status_code=503)
    form = {**_form_values(data), "lang": _.code}
    if data.get("switch_lang") in languages():      # the language switch: same answers
        shown_in = data.get("lang") if data.get("lang") in languages() else ENGLISH
        if form.get("papers_lang") in ("", shown_in):      # papers followed the page: still do
            form["papers_lang"] = data["switch_lang"]
        form["lang"] = data["switch_lang"]
        return _page(request, form=form, errors={}, token=token)
    if action == "add_official":       # without JavaScript: one more row, nothing lost
        if len(form["officials"]) < MAX_OFFICIALS:
            form["officials"] = [*form["officials"], {}]
        return _page(request, form=form, errors={}, token=token)
    if action == "upload":
        loaded, problem = await _read_upload(data, _)
        if problem:
            return _page(request, form=form, errors={"profile_file": problem}, token=token, status=400)
        form, upload_errors, kept = await asyncio.to_thread(_uploaded_form, form, loaded)
        errors = (await asyncio.to_thread(_validate, form))[1]
        bad_profile = upload_errors or any(key in PROFILE_FIELDS or key.startswith("official_")
                                           for key in errors)
        name = Path(getattr(data.get("profile_file"), "filename", "") or "").name[:100]
        loaded_note = [] if upload_errors else [_("Your answers were loaded from {file}: check "
                                                  "them below.").format(file=name)]
        return _page(request, form=form, errors={**errors, **upload_errors}, token=token,
                     status=400 if bad_profile else 200, notices=loaded_note + kept)
    if action == "profile":              # saved as they are, problems and all
        return _answers_zip(form)
    # Checking a form is quick (milliseconds), but a forged one can hold thousands of
    # problems: off the event loop, so other visitors' pages are not held up.
    request_, errors = await asyncio.to_thread(_validate, form)
    fetch = request.headers.get("x-requested-with") == "fetch"
    if errors:
        if action == "preview" and fetch:      # the live preview shows them in its place
            return _preview_errors(errors)
        return _page(request, form=form, errors=errors, token=token, status=400)
    if action == "check":         # "Check your answers": what will be drafted, before it is
        from ..pipeline import prepare

        try:                      # the run the download makes, prepared (nothing rendered)
            job = await asyncio.to_thread(prepare, request_)
        except DrafterError as exc:
            return _page(request, form=form, errors=_pipeline_errors(_, exc.problems),
                         token=token, status=400)
        # The run's warnings (state law first) come with the answers, before the download:
        # on a phone the preview's column is far below.
        return _page(request, form=form, errors={}, token=token, warnings=list(job.warnings),
                     notices=list(job.notices), check=_check_rows(form, request_, _))
    if action == "packet":        # every document, in Word and PDF, the packet PDF, the zip
        request_ = replace(request_, packet=True, documents=(),
                           formats=output_formats.default_names())
    elif action == "scorecard":
        request_ = replace(request_, scorecard=True, documents=(), formats=())
    try:
        outcome, value = await render_in_pool(client_address(request.scope), _render, request_,
                                              action, form["preview_type"])
    except Busy:
        return _page(request, form=form, errors={"documents": _(BUSY)}, token=token, status=503)
    except BrokenProcessPool:
        log.warning("a drafting worker stopped; it is replaced for the next request")
        return _page(request, form=form,
                     errors={"documents": _("Drafting stopped unexpectedly. Please try again.")},
                     token=token, status=500)
    if outcome == "error":
        if action == "preview" and fetch:
            return _preview_errors(_pipeline_errors(_, value))
        return _page(request, form=form, errors=_pipeline_errors(_, value), token=token,
                     status=400)
    if action == "preview":
        preview, warnings, notices = value
        if fetch:
            return JSONResponse({"preview": preview, "warnings": warnings, "notices": notices})
        return _page(request, form=form, errors={}, token=token, preview=preview,
                     warnings=warnings, notices=notices)
    return _download(value, request_.jurisdiction.slug)


async def favicon(request: Request) -> Response:
    return Response(_icon(), media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


async def server_error(request: Request, exc: Exception) -> Response:
    _ = Translator(page_language(request))
    return PlainTextResponse(_("Something went wrong while drafting. Please check the form and "
                               "try again."), status_code=500)


@contextlib.asynccontextmanager
async def _lifespan(app):
    starting = asyncio.ensure_future(start_renderers())
    yield
    starting.cancel()
    stop_pool()


async def health(request: Request) -> Response:
    """Liveness: the process answers (a load balancer restarts it when this fails)."""
    return PlainTextResponse("ok", headers={"Cache-Control": "no-store"})


async def readiness(request: Request) -> Response:
    """Readiness: this process drafts quickly now (its render workers are started and warm);
    a load balancer sends visitors only to a process that says so."""
    if ready():
        return PlainTextResponse("ready", headers={"Cache-Control": "no-store"})
    return PlainTextResponse("starting", status_code=503, headers={"Cache-Control": "no-store"})


TEMPLATES_VARIABLE = "DRAFTER_TEMPLATES"


def app_from_environment() -> Starlette:
    """The page for one of several server processes (`drafter serve --workers N`), which
    each build it by import: the template folders come from DRAFTER_TEMPLATES (separated
    as PATH is), as `drafter serve --templates` sets them."""
    folders = os.environ.get(TEMPLATES_VARIABLE, "")
    return create_app(tuple(Path(f) for f in folders.split(os.pathsep) if f))


def create_app(templates: tuple[Path, ...] = ()) -> Starlette:
    """The page; `templates`: the server's own template folders (their document types are
    offered beside the built-in ones), checked now."""
    global TEMPLATES
    web_types(tuple(templates))          # a bad folder stops the server before it starts
    TEMPLATES = tuple(templates)
    script_hash = base64.b64encode(hashlib.sha256(str(_script()).encode("utf-8")).digest()).decode()
    return Starlette(routes=[Route("/", home, methods=["GET"]), Route("/", submit, methods=["POST"]),
                                 Route("/favicon.ico", favicon, methods=["GET"]),
                                 Route("/healthz", health, methods=["GET"]),
                                 Route("/readyz", readiness, methods=["GET"])],
                     middleware=[Middleware(GuardRequests, headers=security_headers(script_hash))],
                     exception_handlers={500: server_error}, debug=False, lifespan=_lifespan)
