"""Campaign papers: petition with signature sheets, letters, testimony, meeting worksheet.

Their layout (tables, sheets, one letter per official) is here; their words are clause
files under clauses/campaign/, rendered in the same sandbox as the ordinance, so a group
can change a sentence without touching code.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..inputs.clauses import rule_label
from ..document import Draft, Heading, PageBreak, Paragraph, QrCode, Table
from ..i18n import N_, Translator, html_language
from ..errors import Problem, SelectionError
from ..inputs.doctypes import DocumentType
from ..inputs.jurisdiction import Official, slugify
from ..plain import plain_context
from ..words import join_and, squash
from .clause_text import ClauseText, job_author
from .localized import bare, with_article


from .registry import Job, build, builder

BLANK = "______________________________"
WORDS_PER_MINUTE = 130
REPLY_DAYS = 14                 # letters ask for an answer two weeks after their date
LONGEST_SPOKEN_MINUTES = 5
MIN_SIGNATURE_ROW = 0.4         # inches: a row a signer can write in on a clipboard
BILINGUAL_SHEET_ROOM = 1.25     # inches a sheet's ask and notes take in another language
MIN_BILINGUAL_LINES = 3         # fewer lines than this and a bilingual sheet is not worth it

# Title words -> the form used after "Dear"; None: the person's full name (a clerk, a chief
# of staff). The title word found first in the title wins, the longest on a tie, so a
# "Lieutenant Governor" is not a Governor and a "Clerk of the Board of Supervisors" is
# not a Supervisor.
SALUTATIONS = {
    "lieutenant governor": "Lieutenant Governor", "governor": "Governor",
    "vice mayor": "Vice Mayor", "deputy mayor": "Deputy Mayor", "mayor": "Mayor",
    "county executive": "County Executive", "county judge": "Judge", "judge": "Judge",
    "chief of staff": None, "clerk": None, "chief": "Chief", "sheriff": "Sheriff",
    "council": "Councilmember", "alder": "Alderperson", "commissioner": "Commissioner",
    "supervisor": "Supervisor", "trustee": "Trustee", "selectman": "Select Board Member",
    "select board": "Select Board Member", "senator": "Senator",
    "representative": "Representative", "delegate": "Delegate", "assembly": "Assembly Member",
    "attorney general": "Attorney General", "president": "President",
    "captain": "Captain", "commander": "Commander",
}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v", "esq", "phd", "md"}


def surname(name: str) -> str:
    """The last name, without a suffix: 'Ruiz' for 'José Ruiz Jr.' or 'José Ruiz, III'."""
    words = [w for w in name.replace(",", " ").split()
             if w.rstrip(".").casefold() not in NAME_SUFFIXES]
    return (words or name.split())[-1]


# Titles of those who run a department, jail or patrol: asked the guide's three questions.
LAW_ENFORCEMENT_WORDS = ("sheriff", "police", "marshal", "constable", "jail", "corrections",
                         "commander", "captain", "undersheriff")


def is_law_enforcement(title: str) -> bool:
    words = title.casefold()
    return any(w in words for w in LAW_ENFORCEMENT_WORDS) or words.strip() == "chief"


def salutation(official: Official) -> str:
    """'Dear Sheriff Smith:' from the title and the surname; the profile's own wins."""
    if official.salutation:
        return f"Dear {official.salutation.removeprefix('Dear ').rstrip(':,')}:"
    title = official.title.casefold()
    found = [(title.find(key), -len(key), key) for key in SALUTATIONS if key in title]
    form = SALUTATIONS[min(found)[2]] if found else None
    return f"Dear {form} {surname(official.name)}:" if form else f"Dear {official.name}:"


# The offices letters most often go to: their titles in another language, by the
# official's gender (catalog contexts "office title (female)", "(male)", and "office
# title" for both forms when it is not given).
OFFICE_TITLES = ("Mayor", "Vice Mayor", "Chief of Police", "Police Chief", "Chief", "Sheriff",
                 "Council Member", "Councilmember", "City Council Member", "Council President",
                 "County Commissioner", "Commissioner", "County Judge", "Judge",
                 "County Executive", "County Supervisor", "Supervisor", "Alderperson",
                 "Alderman", "Trustee", "Select Board Member", "Selectman", "Governor",
                 "City Manager", "County Administrator", "Town Manager", "President")


def office_title(_: Translator, title: str, gender: str | None) -> str:
    """'Chief of Police' -> 'Jefa de Policía' (female), 'Jefe de Policía' (male), 'Jefe/Jefa
    de Policía' (not given); a title the catalog lacks stays as given, and is listed."""
    if _.english:
        return title
    context = f"office title ({gender})" if gender else "office title"
    if _.has(title, context):
        return _.pgettext(context, title)
    _(title, context)                  # noted: printed in English
    return title


def greeting(_: Translator, official: Official) -> str:
    """'Dear Chief Ortega:' in the language: 'Estimado jefe Ortega:' (gender given), else
    'Estimado/a Luis Ortega:'; the profile's own salutation wins, its title translated."""
    if _.english:
        return salutation(official)
    forms = sorted(filter(None, set(SALUTATIONS.values())), key=len, reverse=True)
    if official.salutation:
        said = official.salutation.removeprefix("Dear ").rstrip(":,")
        form = next((f for f in forms if said.startswith(f + " ")), None)
        rest = said[len(form) + 1:] if form else said
    else:
        title = official.title.casefold()
        found = [(title.find(key), -len(key), key) for key in SALUTATIONS if key in title]
        form = SALUTATIONS[min(found)[2]] if found else None
        rest = surname(official.name)
        if not (form and official.gender):
            form, rest = None, official.name      # no title we can word: the full name
    if form:
        rest = f"{office_title(_, form, official.gender).lower()} {rest}"
    dear = {"female": _.pgettext("greeting", "Dear (to a woman)"),
            "male": _.pgettext("greeting", "Dear (to a man)")}.get(
        official.gender or "", _.pgettext("greeting", "Dear"))
    return f"{dear} {rest}:"


def counts_sentence(c: dict[str, int], _: Translator = Translator()) -> str:
    """'Of the nine rules, 3 are in place and 1 is in writing. The official supports 2 of
    them.', with 'none' where a count is zero."""
    total = c["total"]
    total_words = _.pgettext("number of rules", "nine") if total == 9 else str(total)

    def how_many(n: int, where: str) -> str:
        if n == 0:
            return _.pgettext("count of rules", "none is") + " " + where
        return _.ngettext("{n} is", "{n} are", n).format(n=n) + " " + where

    support = (_("The official supports {n} of them.").format(n=c["supports"]) if c["supports"]
               else _("The official did not say they support any of them."))
    return _("Of the {total} rules, {in_place} and {in_writing}.").format(
        total=total_words, in_place=how_many(c["in_place"], _("in place")),
        in_writing=how_many(c["in_writing"], _("in writing"))) + " " + support


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def spoken_title(rule, _: Translator = Translator()) -> str:
    """'the Judicial Warrant Rule'; an unnumbered rule by its heading in plain words ('the
    rule on compliance with federal law', not 'the 1373 Rule')."""
    meta = rule.meta
    if meta.number or not meta.heading:
        return _.pgettext("a rule in a sentence", "the {title}").format(
            title=_.pgettext(f"{meta.id} title", meta.title))
    heading = _.pgettext(f"{meta.id} heading", meta.heading)
    return _.pgettext("a rule in a sentence", "the rule on {heading}").format(
        heading=heading.lower())


def speaking_time(words: int) -> str:
    seconds = round(words * 60 / WORDS_PER_MINUTE)
    return f"{seconds // 60} min {seconds % 60:02d} s"


def paper(name: str):
    """Mark a CampaignBuilder method as the builder of the outlines naming `name`; every
    marked method is registered below the class."""
    def mark(method):
        method.builds = name
        return method
    return mark


class CampaignBuilder:
    """Builds the campaign papers from the same selection and words as the ordinance."""

    def __init__(self, doc_type: DocumentType, job: Job):
        self.doc_type = doc_type
        self.job = job
        self.j = jurisdiction = job.jurisdiction
        self.library = job.library
        self.rules = rules = list(job.selection)
        self.options = options = job.options
        # The papers' words come through the same assembler as a law's, in their language:
        # clause text from the catalog, the profile's names translated (documents.localized);
        # one translator, so the run's warning lists everything it lacked.
        self.assembler = ClauseText(doc_type, job, language=options.language)
        self._ = _ = self.assembler._
        self.context = self.assembler.context(self.assembler.plan())
        sender = options.sender
        self.context = {**self.context, **plain_context({
            "sender": ({**sender.model_dump(), "the_group": with_article(_, sender.group)}
                       if sender else None),
            "date": (_.date(options.date) if options.date else BLANK),
            "speaker": job.request.speaker or BLANK,
            "neighborhood": job.request.neighborhood or BLANK,
            "agenda_item": job.request.agenda_item or BLANK,
            "rule_titles": self.join([spoken_title(r, _) for r in rules]),
        })}

    def join(self, items: list[str]) -> str:
        return join_and(items, self._.code)

    # -- shared pieces ---------------------------------------------------------
    def text(self, role: str, **extra) -> list[str]:
        """The paragraphs of the clause the outline names for `role`."""
        clause_id = self.doc_type.texts.get(role)
        if clause_id is None:
            raise SelectionError(Problem(f"the outline names no clause for {role!r}",
                                         file=str(self.doc_type.path), field="texts"))
        clause = self.library.get(clause_id, "supporting")
        return self.assembler.paragraphs(clause, {**self.context, **plain_context(extra)})

    def paragraphs(self, role: str, style: str = "plain", **extra) -> list[Paragraph]:
        return [Paragraph(p, style) for p in self.text(role, **extra)]

    def draft(self, blocks: list, *, title: str, part: str = "", subject: str = "") -> Draft:
        """A Draft of this type; its file name is `<jurisdiction>-<type>`, plus `-<part>` for
        one of several (a letter's addressee, the testimony's version), so a new type that
        reuses a builder never writes over another type's files."""
        stem = f"{self.j.slug}-{self.doc_type.id}" + (f"-{part}" if part else "")
        return Draft(doc_type=self.doc_type.id, title=title, subject=subject or title,
                     jurisdiction_slug=self.j.slug, blocks=tuple(blocks),
                     author=job_author(self.options), language=html_language(self._.code),
                     page_words=(self._("Page"), self._.pgettext("page X of Y", "of")),
                     orientation=self.doc_type.orientation, file_stem=stem,
                     untranslated=self._.warning() or "")

    def summary(self, rule) -> str:
        """A rule's plain summary, naming the profile's oversight entity where the model text
        leaves it to the jurisdiction (the Redress Rule)."""
        _ = self._
        text = _.pgettext(f"{rule.id} summary", squash(rule.meta.summary))
        entity = self.j.oversight_entity or _("an oversight office")
        if not _.english and self.j.oversight_entity:   # with its article: "la ... Board"
            entity = self.context["jurisdiction"]["the_oversight_entity"]
        return _.finish(text.replace("[oversight entity]", entity))

    def rule_summaries(self) -> list[Paragraph]:
        return [Paragraph(f"{rule_label(r, self._)}: {self.summary(r)}", "item") for r in self.rules]

    def bare(self, name: str) -> str:
        """'Judicial Warrant Rule' from 'the Judicial Warrant Rule', in any language."""
        return bare(self._, name)

    def rule_name(self, rule) -> str:
        """'Judicial Warrant Rule'; an unnumbered rule by its heading ('Compliance with
        Federal Law'), in the papers' language."""
        _, meta = self._, rule.meta
        if not meta.number and meta.heading:
            return _.pgettext(f"{meta.id} heading", meta.heading)
        return _.pgettext(f"{meta.id} title", meta.title)

    @staticmethod
    def block_of_lines(lines: list[str]) -> list[Paragraph]:
        """An address block: its lines close together, space after the last."""
        lines = [line for line in lines if line]
        return [Paragraph(line, "address-last" if i == len(lines) - 1 else "address")
                for i, line in enumerate(lines)]

    # -- petition ----------------------------------------------------------------
    def in_other_languages(self) -> list["CampaignBuilder"]:
        """This paper's builder in each of the run's other languages (--lang en,es), for a
        type written in all of them together."""
        if self.doc_type.translated != "together":
            return []
        return [CampaignBuilder(self.doc_type, replace(self.job, options=replace(
            self.options, language=language, also_in=()))) for language in self.options.also_in]

    def marked(self, blocks: list) -> list:
        """Blocks of another language than the document's, tagged with it for readers."""
        return [replace(b, language=html_language(self._.code)) for b in blocks]

    @paper("petition")
    def petition(self) -> list[Draft]:
        """The front page (title, ask, the rules, why), then signature sheets; with --lang
        en,es every text in both languages, so anyone at the door can read and sign it."""
        o = self.job.request
        others = self.in_other_languages()
        papers = [self, *others]

        def each(role: str, style: str = "plain") -> list[Paragraph]:
            return [p for paper in papers for p in
                    (paper.paragraphs(role, style) if paper is self
                     else paper.marked(paper.paragraphs(role, style)))]

        def both(message: str, **values) -> str:      # "Printed name / Nombre ..."
            return " / ".join(dict.fromkeys(paper._(message).format(**values)
                                            for paper in papers))

        title = self.text("title")[0]
        titles = [Heading(title)] + [paper.marked([Paragraph(paper.text("title")[0], "center")])[0]
                                     for paper in others]
        # The QR code sits beside the ask (floated right in the PDF), on the front page.
        qr = [QrCode.for_url(o.qr_url, both(N_("Sign online: {url}"), url=o.qr_url))] \
            if o.qr_url else []
        # Each rule's summary in every language before the next rule's.
        summaries = [self.rule_summaries()] + [paper.marked(paper.rule_summaries())
                                               for paper in others]
        rules = [item for row in zip(*summaries) for item in row]
        blocks: list = [*titles, *qr, *each("ask"), *rules, *each("closing")]
        address = {"address": N_("Residence address"), "zip": N_("ZIP code"),
                   "ward": N_("Ward")}[o.address_column]
        columns = [both(N_("No.")), both(N_("Printed name")), both(address),
                   both(N_("Signature")), both(N_("Date"))]
        # Landscape: 9 in across; the address takes the most room.
        widths = [0.4, 2.1, 3.2 if o.address_column == "address" else 1.2, 2.3, 1.0]
        if o.contact_column:
            columns.append(both(N_("E-mail or phone (optional)")))
            widths = [0.4, 1.8, 2.6 if o.address_column == "address" else 1.0, 1.9, 0.8, 1.5]
        scale = 9.0 / sum(widths)
        widths = [round(w * scale, 2) for w in widths]
        # Rows a signer can write in on a clipboard: 0.4 in at least. 6.5 in of page height
        # less the title, the one-sentence ask, the sheet line, the header and the notes,
        # and each other language's title, ask and notes.
        notes = (0.4 if o.contact_column else 0) + (0.5 if o.circulator else 0)
        # In another language the notes again, and a taller header row for the contact column
        other_notes = (0.8 if o.contact_column else 0) + (0.6 if o.circulator else 0)
        room = 6.5 - 2.75 - notes - (BILINGUAL_SHEET_ROOM + other_notes) * len(others)
        fit = int(room / MIN_SIGNATURE_ROW)
        if others and fit < MIN_BILINGUAL_LINES:
            raise SelectionError(Problem(
                f"only {max(fit, 0)} signature line(s) fit on a sheet with the contact and "
                "circulator notes in two languages; drop --contact-column or --circulator, "
                "or draft one petition per language", field="--lang"))
        lines = o.lines_per_sheet or fit
        if lines > fit:
            raise SelectionError(Problem(
                f"{lines} lines do not fit on one sheet with rows {MIN_SIGNATURE_ROW} in "
                f"tall; use --lines-per-sheet {fit} or fewer (or drop --contact-column, "
                "--circulator or a language) and print more sheets with --sheets",
                field="--lines-per-sheet"))
        row_height = round(min(0.5, room / lines), 2)
        of = str(o.sheets) if o.sheets > 1 else "____"
        for _sheet in range(o.sheets):
            rows = tuple((str(n),) + ("",) * (len(columns) - 1) for n in range(1, lines + 1))
            blocks += [PageBreak(), Heading(title, 2), *each("sheet-ask"),
                       Paragraph(both(N_("Sheet ____ of {sheets}"), sheets=of), "center"),
                       Table(tuple(columns), rows, tuple(widths), row_height=row_height,
                             font_size=10),
                       *each("privacy", "note"), *each("not-initiative", "note")]
            if o.contact_column:
                blocks += each("consent", "note")
            if o.circulator:
                blocks += each("circulator", "note")
        if o.attach_ordinance:      # the ordinance as this run drafts it: the user's outline too
            ordinance, = build(self.job, "ordinance")
            blocks += [PageBreak(), Heading(self._("Attachment: the proposed text"), 2),
                       *ordinance.blocks]
        draft = self.draft(blocks, title=f"{title}", subject=self.text("ask")[0])
        missing = [paper._.warning() for paper in others if paper._.warning()]
        return [replace(draft, untranslated="; ".join(filter(None, [draft.untranslated,
                                                                    *missing])))]

    # -- letters -----------------------------------------------------------------
    @paper("letter")
    def letters(self) -> list[Draft]:
        # With no officials in the profile, one letter to the body that adopts the law; a
        # Town Meeting is reached through the Select Board, which writes its warrant.
        _ = self._
        words = self.context["jurisdiction"]      # the profile's names, in the language
        body = words["executive"] if self.town_meeting else words["governing_body"]
        the_body = (words.get("the_executive") if self.town_meeting else
                    words.get("the_governing_body")) or f"the {body}"
        officials = list(self.j.officials) or [Official(
            name=_("Members of {the_body}").format(the_body=the_body), title=body, address=None)]
        drafts = []
        used: set[str] = set()      # file-name parts given so far
        for official in officials:
            is_body = not self.j.officials
            opening = (_("Dear Members of {the_body}:").format(the_body=the_body) if is_body
                       else greeting(_, official))
            extra = self.letter_words(official, is_body=is_body)
            recipient = extra["recipient"]
            sender = self.options.sender
            if sender:
                blocks = self.block_of_lines([sender.group, *(sender.address or "").split("\n"),
                                              sender.email or "", sender.phone or ""])
            else:
                blocks = self.block_of_lines([f"{label}: {BLANK}"
                                              for label in (_("Group"), _("Address"), _("E-mail"))])
            blocks += self.block_of_lines([self.context["date"]])
            addressee = [official.name] if is_body else [
                official.name, office_title(_, official.title, official.gender)]
            if official.address:
                addressee += [line.strip() for line in official.address.split("\n") if line.strip()]
            elif not is_body:
                addressee.append(words["legal_name"])
            else:
                addressee = [words["governing_body"], words["legal_name"]]
            blocks += self.block_of_lines(addressee)
            blocks.append(Paragraph(self._.finish(opening), "plain"))
            if recipient == "law-enforcement":    # the guide's three questions, rule by rule
                blocks += self.paragraphs("opening", **extra)
                yes_no, where = _("Yes / No"), _("Where:")
                rows = tuple((f"{rule_label(r, _)}: {self.summary(r)}", yes_no,
                              f"{yes_no}\n{where}", yes_no) for r in self.rules)
                blocks.append(Table((_("Rule"), _("In place?"), _("In writing?"),
                                     _("If not, will you support it?")),
                                    rows, (3.5, 0.9, 1.1, 1.0), font_size=10))
            else:                                 # those who vote on it or sign it
                blocks += [*self.paragraphs("ask", **extra), *self.rule_summaries(),
                           *self.paragraphs("reply", **extra)]
            blocks += self.paragraphs("meeting", **extra)
            blocks.append(Paragraph(_("Sincerely,"), "plain"))
            if sender:
                blocks.append(Paragraph(sender.contact, "signed"))
                blocks += self.block_of_lines([sender.title or "", sender.group])
            else:
                blocks.append(Paragraph(_("Name: {blank}").format(blank=BLANK), "signed"))
            name_part = slugify(f"{official.title} {official.name}") if not is_body else \
                slugify(self.j.governing_body)
            if name_part in used:   # "Ana Ruiz" and "Ana Ruíz": two people, one slug
                name_part = next(f"{name_part}-{n}" for n in range(2, len(used) + 3)
                                 if f"{name_part}-{n}" not in used)
            used.add(name_part)
            title = (_("Letter to {name}, {title}").format(
                name=official.name, title=office_title(_, official.title, official.gender))
                     if not is_body else _("Letter to {the_body}").format(the_body=the_body))
            drafts.append(self.draft(blocks, title=self._.finish(title), part=name_part))
        return drafts

    @property
    def town_meeting(self) -> bool:
        """A town whose by-laws Town Meeting adopts on a warrant the Select Board writes."""
        return bool(self.j.executive_board and self.j.instrument == "by-law")

    def letter_words(self, official: Official, *, is_body: bool = False) -> dict:
        """A letter's own template variables: who it goes to, what they are asked, by when."""
        recipient = (("select-board" if self.town_meeting else "body") if is_body else
                     "law-enforcement" if is_law_enforcement(official.title) else
                     "select-board" if self.town_meeting and "select" in official.title.casefold()
                     else "elected")
        reply_by = (self._.date(self.options.date + dt.timedelta(days=REPLY_DAYS))
                    if self.options.date else BLANK)
        return {"official": official, "official_title": official.title,
                "recipient": recipient, "reply_by": reply_by}

    # -- testimony ---------------------------------------------------------------
    @paper("testimony")
    def testimony(self) -> list[Draft]:
        _ = self._
        drafts = []
        for version in ("short", "long"):
            c = self.context
            header = [Heading(self.text("title")[0]),
                      Paragraph(_("Agenda item: {item}").format(item=c["agenda_item"]), "address"),
                      Paragraph(_("Speaker: {name}").format(name=c["speaker"]), "address"),
                      Paragraph(_("Neighborhood: {name}").format(name=c["neighborhood"]),
                                "address"),
                      Paragraph(_("Position: in support"), "plain")]
            spoken = self.paragraphs(version)
            if version == "long":
                opening, rest = spoken[:3], spoken[3:]
                spoken = opening + [Paragraph(f"{_first_upper(self.bare(spoken_title(r, _)))}"
                                              f": {self.summary(r)}", "plain")
                                    for r in self.rules] + rest
            words = sum(len(p.text.split()) for p in spoken)   # told on the terminal
            if words / WORDS_PER_MINUTE > LONGEST_SPOKEN_MINUTES:
                # Too long for any public comment: submit it, and read the short one.
                header[0] = Heading(_("{title} (for the written record)").format(
                    title=header[0].text))
            kind = _("short") if version == "short" else _("long")
            draft = self.draft(header + spoken, title=_("Testimony ({version}): {place}").format(
                version=kind, place=c["jurisdiction"]["legal_name"]), part=version)
            drafts.append(replace(draft, spoken_words=words))
        return drafts

    # -- worksheet ---------------------------------------------------------------
    @paper("worksheet")
    def worksheet(self) -> list[Draft]:
        _ = self._
        title = self.text("title")[0]
        fields = Table((_("Meeting"), ""), tuple((label, "") for label in (
            _("Date, time and place"), _("Official(s) met, with title"), _("Attendees"),
            _("Spokesperson"), _("Note taker"))), (2.4, 6.6), row_height=0.4, font_size=11)
        blocks: list = [Heading(title), fields,
                        Heading(_("Tips for the meeting"), 2), *self.paragraphs("tips", "item"),
                        PageBreak(), Heading(_("Where each rule stands"), 2)]
        # The guide says to call evasion out: a box for it beside every answer.
        check = _("☐ Yes   ☐ No")
        evasive = _("☐ Evasive\n☐ No answer")
        where = _("Where:")
        # What the page and `drafter record` ask: in the code, in policy, or not in writing.
        written = _("☐ In the code\n☐ In policy\n☐ Not in writing")
        rows = tuple((f"{rule_label(r, _)}\n{self.summary(r)}", check,
                      f"{written}\n{where}", check, evasive, "") for r in self.rules)
        blocks.append(Table((_("Rule"), _("In place?"), _("In writing?"),
                             _("If not, will you support it?"), _("No clear answer?"),
                             _("Notes")), rows,
                            (3.3, 1.0, 1.3, 1.1, 1.0, 1.3), row_height=1.0, font_size=9))
        blocks += [Heading(_("Next steps"), 2), *self.paragraphs("next-steps")]
        return [self.draft(blocks, title=f"{title}: {self.context['jurisdiction']['legal_name']}")]


    # -- explainer -----------------------------------------------------------------
    @paper("explainer")
    def explainer(self) -> list[Draft]:
        """One page: the rules under the guide's headings, each heading with why its rules
        matter, each rule with what it does."""
        _ = self._
        title = self.text("title")[0]
        blocks: list = [Heading(title), *self.paragraphs("intro")]
        by_group: dict[str, list] = {}
        for rule in self.rules:
            by_group.setdefault(rule.meta.group, []).append(rule)
        for group_id, rules in by_group.items():
            group = self.library.groups[group_id]
            blocks.append(Heading(_.pgettext(f"{group_id} label", group.label), 2))
            if group.why:
                blocks.append(Paragraph(_.pgettext(f"{group_id} why", squash(group.why)), "plain"))
            blocks += [Paragraph(f"{self.rule_name(rule)}: {self.summary(rule)}", "item")
                       for rule in rules]
        blocks += self.paragraphs("closing")
        return [self.draft(blocks, title=f"{title}")]

    # -- report back ---------------------------------------------------------------
    def report_back_words(self, status, rows) -> dict:
        """The report back's own template variables: the meeting, the counts, and the rules
        in each scorecard category (written, practice, supports, missing, unknown)."""
        from ..inputs.status import CATEGORIES, counts

        _ = self._
        c = counts(rows)
        meeting = status.meeting
        by_category: dict[str, list[str]] = {}
        for row in rows:
            by_category.setdefault(row.category, []).append(rule_label(row, _))
        return {"meeting": meeting,
                "date": _.date(meeting.date) if meeting.date else BLANK,
                "counts_sentence": counts_sentence(c, _),
                **{key: self.join(by_category.get(key, [])) for key in CATEGORIES}}

    def answer(self, value: str) -> str:
        """A recorded answer (status file values) in the papers' language."""
        from ..inputs.status import answer_words

        return answer_words(self._).get(value, value)

    @paper("report-back")
    def report_back(self) -> list[Draft]:
        from ..inputs.status import CATEGORIES, load_status, standings

        _ = self._
        status = load_status(self.j, self.library.rules(), self.job.request.status)
        rows = standings(status, self.rules)
        meeting = status.meeting
        extra = self.report_back_words(status, rows)
        title = self.text("title", **extra)[0]
        who = Table((_("Meeting"), ""), tuple((label, value or "") for label, value in (
            (_("Date"), extra["date"] if meeting.date else ""), (_("Official"), meeting.official),
            (_("Attendees"), meeting.attendees), (_("Spokesperson"), meeting.spokesperson),
            (_("Note taker"), meeting.note_taker))), (1.8, 4.7), font_size=11)
        answers = []
        notes = []
        for row in rows:
            s = row.status
            writing = self.answer(s.in_writing) + (f": {s.where}" if s.where else "")
            answers.append((rule_label(row, _), self.answer(s.in_place), writing,
                            self.answer(s.position), _(CATEGORIES[row.category][1])))
            if s.source and s.source.note:
                cite = ", ".join(x for x in (s.source.who, s.source.date.isoformat()
                                             if s.source.date else None) if x)
                notes.append(Paragraph(f"{rule_label(row, _)}: “{s.source.note}”"
                                       + (f" ({cite})" if cite else ""), "item"))
        blocks: list = [Heading(title), who, *self.paragraphs("intro", **extra),
                        Heading(_("Answers, rule by rule"), 2),
                        Table((_("Rule"), _("In place?"), _("In writing?"), _("Position"),
                               _("Where it stands")),
                              tuple(answers), (2.2, 0.8, 1.3, 0.9, 1.3), font_size=10),
                        Heading(_("Quotes and notes"), 2),
                        *(notes or [Paragraph(_("No notes were recorded."), "plain")]),
                        Heading(_("Next steps"), 2), *self.paragraphs("next-steps", "item", **extra)]
        return [self.draft(blocks, title=_("Report Back: {place}").format(
            place=self.context["jurisdiction"]["legal_name"]))]


@builder("sheet")
def build_sheet(doc_type: DocumentType, job: Job) -> list[Draft]:
    """A plain sheet from the outline's `texts`, in order: the `title` text is the heading,
    every other text a part headed by its clause's title. For a group's own fact sheet,
    flyer or proclamation without numbered sections, made without any Python."""
    paper = CampaignBuilder(doc_type, job)
    title = paper.text("title")[0]
    blocks: list = [Heading(title)]
    for role, clause_id in doc_type.texts.items():
        if role != "title":
            clause = job.library.get(clause_id, "supporting")
            blocks += [Heading(paper.assembler.heading(clause), 2),   # in the paper's language
                       *paper.paragraphs(role)]
    return [paper.draft(blocks, title=f"{title}: {job.jurisdiction.legal_name}")]


# Each marked method builds the campaign paper whose outline names it (`builder: petition`).
def _register(method) -> None:
    @builder(method.builds)
    def build(doc_type: DocumentType, job: Job) -> list[Draft]:
        return method(CampaignBuilder(doc_type, job))


for _method in list(vars(CampaignBuilder).values()):
    if hasattr(_method, "builds"):
        _register(_method)
