"""`drafter serve`: a web page for activists who will never open a terminal.

Stateless: every request carries the whole form; nothing is stored on the server. The
page works without JavaScript (the form posts and returns the files); app.js only adds a
live preview and rows for more officials. No drafting logic here: it calls the public API.
"""
from __future__ import annotations

import hmac
import io
import secrets
import zipfile
from functools import cache

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from . import (DrafterError, DraftOptions, Sender, draft_files, paths, preview_html,
               state_law_warnings)
from .doctypes import document_types
from .jinja import make_environment
from .jurisdiction import Profile, resolve
from .kinds import KINDS, US_STATES
from .library import load_library
from .plain import plain_context
from .validation import field_errors
from .yamlfile import parse_yaml

MAX_REQUEST_BYTES = 256 * 1024
MAX_OFFICIALS = 20
CSRF_COOKIE = "drafter_csrf"
PROFILE_FIELDS = ("kind", "name", "state", "oversight_entity", "governing_body", "executive",
                  "police", "sheriff")
SENDER_FIELDS = ("group", "contact", "address", "email")
WEB_TYPES = ("ordinance", "resolution", "petition", "letter", "testimony", "worksheet",
             "executive-order", "department-order")


class LimitRequestSize:
    """Refuse a request whose body is larger than MAX_REQUEST_BYTES, before reading it."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            length = dict(scope.get("headers", [])).get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_REQUEST_BYTES):
                response = PlainTextResponse("The form is too large to draft from.", status_code=413)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


@cache
def _env():
    return make_environment(autoescape=True,
                            loader=jinja2.FileSystemLoader(str(paths.templates_dir() / "web")))


@cache
def _script() -> Markup:
    """The page's small script, read once per process."""
    return Markup((paths.templates_dir() / "web" / "app.js").read_text(encoding="utf-8"))


OFFICIAL_FIELDS = ("name", "title", "address", "email")
# Every field the page shows, with a place for its error message.
FORM_FIELDS = (*PROFILE_FIELDS, *(f"sender_{key}" for key in SENDER_FIELDS),
               "rules", "include_1373", "documents", "format", "profile_file")


def _page(request: Request, *, form: dict, errors: dict, token: str, status: int = 200,
          preview: str | None = None, warnings: list[str] | None = None,
          notices: list[str] | None = None) -> HTMLResponse:
    library = load_library()
    types = document_types()
    officials = [{key: row.get(key) or "" for key in OFFICIAL_FIELDS}
                 for row in form.get("officials") or [{}]]
    shown = {key: form.get(key) or ("" if key not in ("rules", "documents") else ())
             for key in FORM_FIELDS}
    messages = {key: "" for key in FORM_FIELDS}
    messages.update({f"official_{key}_{index}": "" for index in range(len(officials))
                     for key in OFFICIAL_FIELDS})
    messages.update(errors)
    html = _env().get_template("index.html").render(plain_context({
        "form": {**shown, "officials": officials}, "errors": messages, "token": token,
        "kinds": list(KINDS), "states": sorted(US_STATES.values()),
        "rules": [{"id": r.id, "meta": {"number": r.meta.number, "title": r.meta.title,
                                        "summary": r.meta.summary}} for r in library.rules()],
        "documents": [{"id": t.id, "name": t.name, "summary": t.summary}
                      for t in (types[t] for t in WEB_TYPES if t in types)],
        "defaults": {k: {"governing_body": v.governing_body, "word": v.word}
                     for k, v in KINDS.items()},
        "preview": preview, "warnings": warnings or [], "notices": notices or [],
        "script": _script()}))
    response = HTMLResponse(html, status_code=status)
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


def _token(request: Request) -> str:
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)


DEFAULT_FORM = {"kind": "city", "rules": [r for r in ("judicial-warrant", "no-facilitation",
                "defined-access", "clear-identification", "dont-ask", "privacy-protection",
                "discriminatory-surveillance", "redress", "fair-impartial-policing")],
                "include_1373": "on", "documents": ["ordinance", "resolution"], "format": "both",
                "officials": [{}]}


async def home(request: Request) -> Response:
    return _page(request, form=dict(DEFAULT_FORM), errors={}, token=_token(request))


def _form_values(data) -> dict:
    """The posted fields, as the template and the validators expect them."""
    form = {key: (data.get(key) or "").strip() for key in PROFILE_FIELDS}
    form.update({f"sender_{key}": (data.get(f"sender_{key}") or "").strip() for key in SENDER_FIELDS})
    form["rules"] = data.getlist("rules")
    form["include_1373"] = data.get("include_1373")
    form["documents"] = data.getlist("documents")
    form["format"] = data.get("format") or "both"
    officials = []
    for index in range(MAX_OFFICIALS):
        row = {key: (data.get(f"official_{key}_{index}") or "").strip()
               for key in ("name", "title", "address", "email")}
        if any(row.values()):
            officials.append(row)
    form["officials"] = officials or [{}]
    return form


def _profile_data(form: dict) -> dict:
    data = {key: form[key] for key in PROFILE_FIELDS if form.get(key)}
    officials = [{k: v for k, v in row.items() if v} for row in form["officials"] if any(row.values())]
    if officials:
        data["officials"] = officials
    return data


def _validate(form: dict):
    """A Jurisdiction and Sender from the form, or errors keyed by form field."""
    profile, problems = field_errors(Profile, _profile_data(form))
    errors = {}
    for key, message in problems.items():
        if message.startswith("required field is missing"):
            message = "Please fill this in."
        if key.startswith("officials."):
            _, index, field = (key.split(".") + ["", ""])[:3]
            errors[f"official_{field}_{index}"] = message
        else:
            errors[key] = message
    sender = None
    sender_data = {k: form[f"sender_{k}"] for k in SENDER_FIELDS if form.get(f"sender_{k}")}
    if sender_data:
        sender, sender_problems = field_errors(Sender, sender_data)
        errors.update({f"sender_{k}": v for k, v in sender_problems.items()})
    if not form["rules"] and not form.get("include_1373"):
        errors["rules"] = "Choose at least one rule."
    unknown = [d for d in form["documents"] if d not in WEB_TYPES]
    if not form["documents"] or unknown:
        errors["documents"] = "Choose at least one document."
    if form["format"] not in ("docx", "pdf", "both"):
        errors["format"] = "Choose Word, PDF or both."
    jurisdiction = resolve(profile, source="the form") if profile and not errors else None
    return jurisdiction, sender, errors


def _download(files: dict[str, bytes]) -> Response:
    if len(files) == 1:
        (name, content), = files.items()
        media = ("application/pdf" if name.endswith(".pdf") else
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        return Response(content, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="freedom-city-packet.zip"'})


def _profile_yaml(form: dict) -> Response:
    import yaml

    text = "# drafter jurisdiction profile, saved from the web page\n" + yaml.safe_dump(
        _profile_data(form), sort_keys=False, allow_unicode=True)
    return Response(text.encode("utf-8"), media_type="application/x-yaml",
                    headers={"Content-Disposition": 'attachment; filename="profile.yaml"'})


async def _read_upload(data) -> tuple[dict | None, str | None]:
    upload = data.get("profile_file")
    if upload is None or not getattr(upload, "filename", ""):
        return None, "Choose a profile file to upload."
    content = await upload.read(64 * 1024 + 1)
    if len(content) > 64 * 1024:
        return None, "That file is larger than 64 KB; a profile is a few lines."
    try:
        loaded, _ = parse_yaml(content.decode("utf-8"), source=upload.filename or "profile.yaml")
    except UnicodeDecodeError:
        return None, "That file is not text (UTF-8); upload the profile's .yaml file."
    except DrafterError as exc:
        return None, "; ".join(str(p) for p in exc.problems)
    if not isinstance(loaded, dict):
        return None, "That file is not a drafter profile."
    return loaded, None


async def submit(request: Request) -> Response:
    data = await request.form(max_files=1, max_fields=400)
    token = _token(request)
    sent = data.get("csrf_token") or ""
    if not request.cookies.get(CSRF_COOKIE) or not hmac.compare_digest(sent, token):
        return PlainTextResponse("This form has expired: reload the page and try again.",
                                 status_code=403)
    action = data.get("action") or "draft"
    form = _form_values(data)
    if action == "upload":
        loaded, problem = await _read_upload(data)
        if problem:
            return _page(request, form=form, errors={"profile_file": problem}, token=token, status=400)
        form.update({key: str(loaded.get(key) or "") for key in PROFILE_FIELDS})
        form["officials"] = [{k: str(v) for k, v in row.items()} for row in loaded.get("officials") or []
                             if isinstance(row, dict)] or [{}]
        _, _, errors = _validate(form)
        return _page(request, form=form, errors=errors, token=token)
    jurisdiction, sender, errors = _validate(form)
    if errors:
        return _page(request, form=form, errors=errors, token=token, status=400)
    if action == "profile":
        return _profile_yaml(form)
    rules = ",".join(form["rules"]) or None
    include_1373 = bool(form.get("include_1373"))
    try:
        if action == "preview":
            preview = preview_html(jurisdiction, rules=rules, include_1373=include_1373)
            warnings = state_law_warnings(jurisdiction, rules=rules, include_1373=include_1373)
            if request.headers.get("x-requested-with") == "fetch":
                return JSONResponse({"preview": preview, "warnings": warnings})
            return _page(request, form=form, errors={}, token=token, preview=preview,
                         warnings=warnings)
        formats = ("docx", "pdf") if form["format"] == "both" else (form["format"],)
        files, result = draft_files(form["documents"], jurisdiction, rules=rules,
                                    include_1373=include_1373, formats=formats,
                                    options=DraftOptions(sender=sender))
    except DrafterError as exc:
        message = " ".join(p.message for p in exc.problems)
        field = exc.problems[0].field if exc.problems[0].field in PROFILE_FIELDS else "documents"
        return _page(request, form=form, errors={field: message}, token=token, status=400)
    return _download(files)


async def server_error(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("Something went wrong while drafting. Please check the form and "
                             "try again.", status_code=500)


def create_app() -> Starlette:
    return Starlette(routes=[Route("/", home, methods=["GET"]), Route("/", submit, methods=["POST"])],
                     middleware=[Middleware(LimitRequestSize)],
                     exception_handlers={500: server_error}, debug=False)
