"""The one pipeline every entry point runs: the CLI, the web page, batch and the public API.

    Request                        what a person asked (drafter.inputs.request)
    prepare(request) -> Job        load, select, check once; notes and warnings
    run(job)         -> Outputs    every file asked for, {name: bytes}, and what to tell;
                                   build(job, type) -> drafts, then render each format

Each option means the same wherever it is accepted, and each check runs once, here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from . import paths
from .document import Draft
from .documents.campaign import WORDS_PER_MINUTE, speaking_time
from .documents.localized import kind_label
from .documents.packet import Packet, make_packet, packet_files
from .documents.registry import Job, add_output, build, document_type
from .errors import DrafterError, Problem, SelectionError
from .i18n import Translator, state_name
from .words import join_and
from .inputs.clauses import (ClauseLibrary, check_selection, load_library,
                             needs_oversight_entity, rule_label, select_rules)
from .inputs.doctypes import check_requirements
from .inputs.jurisdiction import Jurisdiction, load_jurisdiction
from .inputs.options import DraftOptions, Sender
from .inputs.request import Request
from .render import checked_formats

__all__ = ["Request", "prepare", "run", "Outputs", "preview", "build", "add_output", "document_type", "spoken_notes",
           "language_warnings",
           "state_law_notes", "form_notes", "unverified", "check_inputs"]


def prepare(request: Request) -> Job:
    """Everything a run needs, loaded and checked once.

    The request's `jurisdiction` is a profile already in memory (the web form's, a batch
    row's), a path to a profile, or None for the bundled example city. Folders are searched
    most specific first: for clauses the profile's own `clauses:`, then the request's
    `clause_dirs`, then the clause files in the template folders, then the built-in
    library; for document types and page templates the profile's `templates:`, then the
    request's `templates`, then the built-in ones. `missing` keeps only the rules not yet
    in writing; `strict` makes a state-law conflict an error instead of a warning;
    `state_safe` leaves out the rules the state's law forbids and adds the
    conflict-with-state-law clause.
    """
    jurisdiction = request.jurisdiction
    if not isinstance(jurisdiction, Jurisdiction):
        jurisdiction = load_jurisdiction(Path(jurisdiction) if jurisdiction
                                         else paths.example_profile())
    template_dirs = (*jurisdiction.template_dirs, *request.templates)
    options = _draft_options(request, template_dirs)
    # A document type's folder may hold the clause files it names.
    library = load_library([*jurisdiction.clause_dirs, *request.clause_dirs], template_dirs)
    selection = select_rules(library, request.rules, include_1373=request.include_1373,
                             extras=request.extras)
    # What the run says, in the papers' language (--lang es prints it in Spanish too); on
    # the web page, in the page's language and its words.
    _ = Translator(request.page_language or options.language, template_dirs,
                   page=request.page_language is not None)
    # Every problem of the choices against the profile, found together: a person fixes
    # them in one round, not one per run.
    problems: list[Problem] = []

    def checked(step, *args):
        try:
            return step(*args)
        except SelectionError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
            return None

    checked(check_selection, jurisdiction, selection)
    notices: list[str] = []
    if request.missing and (done := checked(_missing_only, jurisdiction, library, selection,
                                            options, request.status, _)):
        selection, options, notices = done
    if request.state_safe and (done := checked(_state_safe, jurisdiction, selection, options, _)):
        selection, options, left_out = done
        notices += left_out
    for doc_type in () if request.packet else request.documents:
        # A packet leaves out what the profile cannot fill; documents asked for by name
        # must be fillable.
        if (type_ := checked(document_type, doc_type, template_dirs)) is not None:
            checked(check_requirements, type_, jurisdiction, request.status is not None)
    if problems:
        raise SelectionError(problems)
    from .inputs.statelaw import SHERIFF_PAPERS
    papers = tuple(SHERIFF_PAPERS) if request.packet else request.documents
    legal_warnings, legal_notices = state_law_notes(jurisdiction, selection, papers,
                                                    strict=request.strict, _=_,
                                                    state_safe=request.state_safe)
    notices += form_notes(jurisdiction, request, _)
    return Job(jurisdiction, library, tuple(selection), options,
               notices=tuple(notices + legal_notices),
               warnings=tuple(legal_warnings + unverified(selection, _)), templates=template_dirs,
               request=request)


def _draft_options(request: Request, templates: tuple[Path, ...]) -> DraftOptions:
    """What the papers need resolved from the request: the languages checked against the
    catalogs (drafter's and the template folders'), the sender's profile read, the date
    today's unless one is given."""
    from .i18n import check_language
    from .inputs.options import load_sender

    language, *also_in = (check_language(code, templates) for code in request.languages)
    sender = request.sender
    if sender is not None and not isinstance(sender, Sender):
        sender = load_sender(Path(sender))
    return DraftOptions(language=language, also_in=tuple(also_in), sender=sender,
                        date=request.date or dt.date.today())


@dataclass
class Outputs:
    """What a run made: each file's suggested name and bytes, in order, and what to tell."""

    files: dict[str, bytes]
    drafts: list[Draft]
    notices: list[str] = field(default_factory=list)    # printed as "note: ..."
    warnings: list[str] = field(default_factory=list)   # printed as "warning: ..."
    packet: Packet | None = None


def run(job: Job, progress=None) -> Outputs:
    """Every file the request asks for, in memory: each document type in each format (the
    whole packet, its combined PDF and zip, when `packet`), the redline, the scorecard.

    PDFs go to the render helpers when the caller opened them (drafter.render.pool: the
    CLI does), else render in this process; the bytes are the same either way."""
    from .render.formats import default_names, every_document_names

    request = job.request
    if not (request.documents or request.packet or request.scorecard):
        raise DrafterError(Problem("nothing to draft: name the document types (documents), or "
                                   "ask for the packet or the scorecard", field="documents"))
    default = every_document_names() if request.packet else default_names()
    formats = checked_formats(request.formats, default)
    whole = request.packet and not request.documents
    made = (make_packet(job, formats, progress, documents=None if whole else
                        list(request.documents), combined=request.packet)
            if whole or request.documents else Packet([], []))      # a scorecard alone
    files = packet_files(made, job.jurisdiction.slug, formats, combined=request.packet)
    drafts = [part.draft for part in made.parts]
    spoken, long_warnings = spoken_notes(drafts, job.request.minutes)
    notices = [*spoken, *job.notices, *(f"left out {reason}" for reason in made.skipped)]
    if request.redline:
        notices += _add_redline(files, job, drafts[0])
    if request.scorecard:
        from .documents.scorecard import scorecard
        from .inputs.status import load_status, standings

        status = load_status(job.jurisdiction, job.library.rules(), job.request.status)
        add_output(files, f"{job.jurisdiction.slug}-scorecard.png",
                   scorecard(job.jurisdiction, status, standings(status, list(job.selection)),
                             ".png"))
    return Outputs(files, drafts, notices,
                   [*long_warnings, *job.warnings, *language_warnings(drafts)], made)


def _add_redline(files: dict[str, bytes], job: Job, custom: Draft) -> list[str]:
    """The redline of the first document against the model text (DOCX with tracked changes,
    and PDF); its summary's first lines, to tell."""
    from .documents.redline import make_redline, redline_docx, redline_pdf

    made = make_redline(document_type(custom.doc_type, job.templates), job, load_library(),
                        custom=custom)
    stem = f"{made.custom.stem}-redline"
    add_output(files, f"{stem}.docx", redline_docx(made, author=job.request.author,
                                                   date=job.options.date))
    add_output(files, f"{stem}.pdf", redline_pdf(made))
    return made.summary()[:3]


def preview(job: Job, doc_type: str) -> str:
    """A document type's first draft (the first letter, the short testimony) as the HTML
    page its PDF is made from, for the web page's live preview."""
    from .render.html import render_html

    return render_html(build(job, doc_type)[0], job.templates)


def spoken_notes(drafts: Iterable[Draft], minutes: float) -> tuple[list[str], list[str]]:
    """Each testimony's speaking time (notices), and a warning when it runs long."""
    notices, warnings = [], []
    for draft in drafts:
        if draft.spoken_words is None:
            continue
        words = draft.spoken_words
        notices.append(f"{draft.stem}: {words} words, about {speaking_time(words)} "
                       f"at {WORDS_PER_MINUTE} words a minute")
        if words / WORDS_PER_MINUTE > minutes:
            warnings.append(f"{draft.stem} runs about {speaking_time(words)}, over the "
                            f"{minutes:g}-minute limit; read the short version or cut it")
    return notices, warnings


def language_warnings(drafts: Iterable[Draft]) -> list[str]:
    """What the catalog lacked, once each: written in English instead."""
    return list(dict.fromkeys(d.untranslated for d in drafts if d.untranslated))


COUNTY_KINDS = ("county", "parish", "borough")   # the kinds the Census county list names


def form_notes(jurisdiction: Jurisdiction, request: Request | None = None,
               _: Translator = Translator()) -> list[str]:
    """What to confirm about the words drafter chose for this form of government, a
    county, parish or borough name the Census list does not know, and what a jail the
    state runs means for the rules."""
    j = jurisdiction
    return (_county_name_notes(j, _) + _form_word_notes(j, _)
            + _direction_notes(j, request, _) + _jail_notes(j, _))


def _direction_notes(j: Jurisdiction, request: Request | None, _: Translator) -> list[str]:
    """The resolution asks the executive rather than directing them when drafter does not
    know whom the body controls: say so, and what to set."""
    drafting_resolution = request is None or request.packet or "resolution" in request.documents
    if not drafting_resolution or not j.executive or j.manager or \
            j.executive_elected is not None:
        return []
    note = (_("{place}: the resolution requests and urges the {executive} rather than "
              "directing them, because whether the {executive} answers to the {body} is not "
              "known; if an appointed manager runs the departments, enter the manager under "
              "Your jurisdiction, or say there that the {executive} is not elected on their own")
            if _.page else
            _("{place}: the resolution requests and urges the {executive} rather than "
              "directing them, because whether the {executive} answers to the {body} is not "
              "known; if an appointed manager runs the departments, name them (manager), or "
              "say the {executive} answers to the {body} (executive_elected: false)"))
    return [note.format(place=j.legal_name, executive=j.executive, body=j.governing_body)]


def _jail_notes(j: Jurisdiction, _: Translator) -> list[str]:
    if j.jail != "state":
        return []
    runs = _("the state runs the jail") if j.jail_confirmed else \
        _("the state is reported to run the jail (not confirmed in its own law)")
    return [_("{place}: {runs}, so the detainer and jail rules (rules 1-4) reach little that a "
              "local law can change; ask the state's corrections department too, and keep the "
              "rules for the local police").format(place=j.legal_name, runs=runs)]


def _county_name_notes(j: Jurisdiction, _: Translator) -> list[str]:
    from .inputs.kinds import STATE_CODES
    from .inputs.places import find_county, similar_counties

    code = STATE_CODES.get(j.state or "")
    if j.kind not in COUNTY_KINDS or not code:
        return []
    found = find_county(code, j.name)
    if found and j.kind not in {c.kind for c in found}:
        other = found[0]
        return [_("{place}: the Census list has {name} in {state}").format(
            place=j.legal_name, name=other.census_name, state=state_name(_, j.state))
            + ((_("; is it a {kind}? If so, choose {label} as the kind").format(
                kind=other.kind, label=kind_label(_, other.kind)) if _.page else
                _("; is it a {kind}? (kind: {kind})").format(kind=other.kind))
               if other.kind else "")]
    if found:
        return []
    similar = similar_counties(code, j.legal_name)
    hint = _("; did you mean {names}?").format(names=", ".join(similar)) if similar else ""
    return [_("{place}: the Census list has no county, parish or borough named {name} in "
              "{state}{hint} (names change: if the name is right, ignore this)").format(
                  place=j.legal_name, name=j.name, state=state_name(_, j.state), hint=hint)]


def _form_word_notes(j: Jurisdiction, _: Translator) -> list[str]:
    if j.form_unchecked:
        fields = ", ".join(f.replace("_", " ") for f in j.form_unchecked)
        count = len(j.form_unchecked)
        note = (_.ngettext("{place}: drafter's forms of government data gives the {fields} here, "
                           "but no source confirmed it; check it with the clerk, and correct "
                           "the Word file if it differs",
                           "{place}: drafter's forms of government data gives the {fields} here, "
                           "but no source confirmed them; check them with the clerk, and "
                           "correct the Word file if they differ", count) if _.page else
                _.ngettext("{place}: drafter's forms of government data gives the {fields} here, "
                           "but no source confirmed it; check it with the clerk, or set it in "
                           "the profile",
                           "{place}: drafter's forms of government data gives the {fields} here, "
                           "but no source confirmed them; check them with the clerk, or set them "
                           "in the profile", count))
        return [note.format(place=j.legal_name, fields=fields)]
    if j.form_source is None and j.kind in COUNTY_KINDS:
        return [_("{place}: drafter has no entry for a {kind} in {state}; '{body}' is the "
                  "generic word, so check it with the clerk").format(
                      place=j.legal_name, kind=kind_label(_, j.kind).lower(),
                      state=state_name(_, j.state), body=j.governing_body)]
    return []


def state_law_notes(jurisdiction: Jurisdiction, selection, papers: tuple[str, ...] = (), *,
                    strict: bool, _: Translator = Translator(),
                    state_safe: bool = False) -> tuple[list[str], list[str]]:
    """(warnings, notices) on state law for the chosen rules and the papers drafted; with
    `strict`, a conflict stops the run."""
    from .inputs.statelaw import baseline_for, warnings_for

    warnings = warnings_for(jurisdiction, selection, papers, _, state_safe)
    if strict and warnings:
        raise DrafterError([Problem(w, file=jurisdiction.source, field="state") for w in warnings])
    return warnings, baseline_for(jurisdiction, _)


def _state_safe(jurisdiction: Jurisdiction, selection, options: DraftOptions, _: Translator):
    """--state-safe: leave out the rules an in-force state law forbids, say which and why,
    and mark the run so the law's documents apply "to the extent permitted" by state law."""
    from .inputs.statelaw import BILL_ONLY, findings

    found = findings(jurisdiction, selection)
    if found.state is None:
        raise SelectionError(Problem("--state-safe needs the profile's state",
                                     file=jurisdiction.source, field="state", kind="missing"))
    forbidden = found.forbidden()
    kept = [rule for rule in selection if rule not in forbidden]
    if not kept:
        raise SelectionError(Problem(
            f"{found.state} law forbids every chosen rule, so --state-safe would leave nothing "
            "to draft; choose other rules with --rules, or draft without --state-safe and "
            "consult a lawyer", field="--state-safe", kind="nothing-left"))
    notices = []
    laws: list[str] = []          # the subsections that forbid them, as the WHEREAS cites them
    for rule in forbidden:
        why = [item for item in found.at_risk if item.rule is rule and item.risk.extent == "forbids"]
        for item in why:
            cited = [part for part in item.law.cited_parts(item.risk.subsection)
                     if not BILL_ONLY.match(part)] or [item.law.name]
            laws += [part for part in cited if part not in laws]
        notices.append(_("left out {rule}: {state} law forbids it ({law}, {subsection}: "
                         "{reason})").format(
            rule=rule_label(rule, _), state=state_name(_, found.state), law=why[0].law.name,
            subsection=why[0].law.cite(why[0].risk.subsection), reason=why[0].risk.reason))
    limited = found.limited()
    for rule, subsections in limited:
        notices.append(_("kept {rule} to the extent {state} law permits (limited by "
                         "{subsections})").format(
            rule=rule_label(rule, _), state=state_name(_, found.state),
            subsections=join_and(subsections, _.code)))
    options = replace(options, state_safe=found.state,
                      left_out_by_state_law=tuple(provision_name(rule) for rule in forbidden),
                      state_laws_forbidding=tuple(laws),
                      limited_by_state_law=tuple(
                          (provision_name(rule), tuple(subsections))
                          for rule, subsections in limited))
    return kept, options, notices


def provision_name(rule) -> str:
    """'the Judicial Warrant Rule', 'the “No 287(g) Agreements” provision'."""
    return (f"the {rule.meta.title}" if rule.meta.kind == "rule"
            else f"the “{rule.meta.title}” provision")


def unverified(selection, _: Translator = Translator()) -> list[str]:
    """A warning for each chosen provision whose citation is not yet verified: its file
    for the command line (a lawyer edits it there), its title on the page."""
    return [(_("{provision} cites law not yet verified; it is drafting help, not legal advice: "
               "have a lawyer check the citation before relying on it").format(
                   provision=rule_label(clause, _)) if _.page else
             f"{clause.id} ({clause.path}) cites law marked unverified; it is drafting help, "
             "not legal advice: have a lawyer check the citation before relying on it")
            for clause in selection if not clause.meta.verified]


def _missing_only(jurisdiction: Jurisdiction, library: ClauseLibrary, selection,
                  options: DraftOptions, answers, _: Translator):
    """--missing: keep the rules not yet in the code; a rule only in a department policy,
    which a chief can change alone, stays in the law. Say which were left out and why."""
    from .inputs.status import has_status_file, load_status, status_path

    if answers is None and not has_status_file(jurisdiction):
        raise SelectionError(Problem("--missing needs the answers from the meeting; run "
                                     f"`drafter record -j {jurisdiction.source}` first",
                                     file=str(status_path(jurisdiction) or jurisdiction.source),
                                     field="--missing"))
    status = load_status(jurisdiction, library.rules(), answers)

    def answer(rule):
        return status.rules[rule.id] if rule.id in status.rules else None

    done = [rule for rule in selection if answer(rule) and answer(rule).in_writing == "code"]
    policy = [rule for rule in selection if answer(rule) and answer(rule).in_writing == "policy"]
    kept = [rule for rule in selection if rule not in done]
    if not kept:
        raise SelectionError(Problem("every chosen rule is already in the code; nothing is missing",
                                     field="--missing", kind="nothing-left"))
    notices = list(status.notes)

    def where(rule) -> str:
        return f" ({answer(rule).where})" if answer(rule).where else ""

    notices += [_("left out {rule}: already in the code{where}").format(
        rule=rule_label(rule, _), where=where(rule)) for rule in done]
    notices += [_("kept {rule}: written only in department policy{where}, which can be changed "
                  "without a vote; the law puts it in the code").format(
        rule=rule_label(rule, _), where=where(rule)) for rule in policy]
    options = replace(options, already_in_writing=tuple(rule.meta.title for rule in done),
                      in_policy_only=tuple(rule.meta.title for rule in policy))
    return kept, options, notices


def check_inputs(profiles: Iterable[Path], *, clause_dirs: Iterable[Path] = (),
                 templates: Iterable[Path] = (),
                 strict: bool = False) -> tuple[list[Jurisdiction], list[str], list[str]]:
    """`drafter check`: the clause library, the document outlines and each profile.

    Every document type is built for each profile (or for the example city when none is
    given), with every rule and extra provision, so a template error in a clause is found
    here, not at drafting time. `strict` adds the lints of drafter.inputs.lint. Returns the
    valid profiles, notices and warnings; every problem in every file is raised together.
    """
    from .inputs.doctypes import document_types
    from .inputs.lint import lint
    from .render.html import render_html, template_folder_problems
    from .inputs.statelaw import state_law

    problems: list[Problem] = []
    warnings: list[str] = []
    notices: list[str] = []

    def collect(exc: DrafterError) -> None:
        problems.extend(p for p in exc.problems if p not in problems)

    try:
        state_law()      # every state's file, its matrix complete for every rule and extra
    except DrafterError as exc:
        collect(exc)

    def types_for(template_dirs: tuple[Path, ...]) -> list:
        found = []
        try:
            for doc_type in document_types(template_dirs).values():
                try:
                    found.append(document_type(doc_type))
                except DrafterError as exc:
                    collect(exc)
        except DrafterError as exc:
            collect(exc)
        return found

    model = load_library()
    if strict:
        from .inputs.lint import stale_translations

        try:
            problems.extend(stale_translations(model))
        except DrafterError as exc:
            collect(exc)
    checked = []
    profiles = list(profiles)
    clause_dirs, templates = list(clause_dirs), tuple(templates)
    for path in profiles or [paths.example_profile()]:
        try:
            jurisdiction = load_jurisdiction(Path(path))
        except DrafterError as exc:
            collect(exc)
            continue
        template_dirs = (*jurisdiction.template_dirs, *templates)
        for folder in template_dirs:
            problems.extend(p for p in template_folder_problems(folder) if p not in problems)
        try:
            library = load_library([*jurisdiction.clause_dirs, *clause_dirs], template_dirs)
        except DrafterError as exc:
            collect(exc)
            continue
        checked.append(jurisdiction)
        if strict:
            problems.extend(p for p in lint(library, model, jurisdiction) if p not in problems)
        rules = select_rules(library, None, include_1373=True,
                             extras=tuple(c.id for c in library.extras()))
        if profiles:
            try:
                from .inputs.statelaw import SHERIFF_PAPERS
                legal_warnings, legal_notices = state_law_notes(
                    jurisdiction, rules, tuple(SHERIFF_PAPERS), strict=strict)
                warnings += [f"{jurisdiction.source}: {w}" for w in legal_warnings]
                notices += [f"{jurisdiction.source}: {n}"
                            for n in (*legal_notices, *form_notes(jurisdiction))]
            except DrafterError as exc:
                collect(exc)
        try:
            check_selection(jurisdiction, rules)
        except DrafterError as exc:
            collect(exc)    # and check the other rules all the same
            rules = [r for r in rules if not needs_oversight_entity(r)]
        job = Job(jurisdiction, library, tuple(rules), DraftOptions(), templates=template_dirs)
        for doc_type in types_for(template_dirs):
            try:
                check_requirements(doc_type, jurisdiction)
            except DrafterError:
                continue    # e.g. no executive order for a village without an executive
            try:
                for draft in build(job, doc_type):   # its page template too, within its limits
                    render_html(draft, template_dirs)
            except DrafterError as exc:
                collect(exc)
    if problems:
        raise DrafterError(problems)
    return (checked if profiles else []), notices, warnings
