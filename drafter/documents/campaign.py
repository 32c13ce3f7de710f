"""Campaign papers: petition with signature sheets, letters, testimony, meeting worksheet.

Their layout (tables, sheets, one letter per official) is here; their words are clause
files under clauses/campaign/, rendered in the same sandbox as the ordinance, so a group
can change a sentence without touching code.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..dates import long_date
from ..document import Draft, Heading, PageBreak, Paragraph, QrCode, Table
from ..errors import Problem, SelectionError
from ..inputs.doctypes import DocumentType
from ..inputs.jurisdiction import Official, slugify
from ..plain import plain_context
from ..words import join_and
from .legislation import Assembler, build_legislation, job_author, squash
from .registry import Job, builder

BLANK = "______________________________"
CHECK = "☐ Yes   ☐ No"
EVASIVE = "☐ Evasive\n☐ No answer"
WORDS_PER_MINUTE = 130
REPLY_DAYS = 14                 # letters ask for an answer two weeks after their date
LONGEST_SPOKEN_MINUTES = 5
MIN_SIGNATURE_ROW = 0.4         # inches: a row a signer can write in on a clipboard      # past this the long version is for the written record

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


def _how_many(n: int, one: str = "is", many: str = "are") -> str:
    return f"none {one}" if n == 0 else f"{n} {one if n == 1 else many}"


def counts_sentence(c: dict[str, int]) -> str:
    """'Of the nine rules, 3 are in place and 1 is in writing. The official supports 2 of
    them.', with 'none' where a count is zero."""
    total = {9: "nine"}.get(c["total"], str(c["total"]))
    support = (f"The official supports {c['supports']} of them." if c["supports"] else
               "The official did not say they support any of them.")
    return (f"Of the {total} rules, {_how_many(c['in_place'])} in place and "
            f"{_how_many(c['in_writing'])} in writing. {support}")


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def spoken_title(rule) -> str:
    """'the Judicial Warrant Rule'; an unnumbered rule by its heading in plain words ('the
    rule on compliance with federal law', not 'the 1373 Rule')."""
    if rule.meta.number or not rule.meta.heading:
        return f"the {rule.meta.title}"
    return f"the rule on {rule.meta.heading.lower()}"


def rule_label(rule) -> str:
    """'#1 Judicial Warrant Rule', as the guide numbers them; '1373 Rule' for the last."""
    return getattr(rule, "rule", rule).label     # a Clause, or a status Standing


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
        self.assembler = Assembler(doc_type, job)
        self.context = self.assembler.context(self.assembler.plan())
        sender = options.sender
        self.context = {**self.context, **plain_context({
            "sender": sender,
            "date": (long_date(options.date) if options.date else BLANK),
            "speaker": options.speaker or BLANK,
            "neighborhood": options.neighborhood or BLANK,
            "agenda_item": options.agenda_item or BLANK,
            "rule_titles": join_and([spoken_title(r) for r in rules]),
        })}

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
                     author=job_author(self.options),
                     orientation=self.doc_type.orientation, file_stem=stem)

    def summary(self, rule) -> str:
        """A rule's plain summary, naming the profile's oversight entity where the model text
        leaves it to the jurisdiction (the Redress Rule)."""
        text = squash(rule.meta.summary)
        return text.replace("[oversight entity]", self.j.oversight_entity or "an oversight office")

    def rule_summaries(self) -> list[Paragraph]:
        return [Paragraph(f"{rule_label(r)}: {self.summary(r)}", "item") for r in self.rules]

    @staticmethod
    def block_of_lines(lines: list[str]) -> list[Paragraph]:
        """An address block: its lines close together, space after the last."""
        lines = [line for line in lines if line]
        return [Paragraph(line, "address-last" if i == len(lines) - 1 else "address")
                for i, line in enumerate(lines)]

    # -- petition ----------------------------------------------------------------
    @paper("petition")
    def petition(self) -> list[Draft]:
        title = self.text("title")[0]
        o = self.options
        # The QR code sits beside the ask (floated right in the PDF), on the front page.
        qr = [QrCode.for_url(o.qr_url, f"Sign online: {o.qr_url}")] if o.qr_url else []
        blocks: list = [Heading(title), *qr, *self.paragraphs("ask"), *self.rule_summaries(),
                        *self.paragraphs("closing")]
        address = {"address": "Residence address", "zip": "ZIP code", "ward": "Ward"}[o.address_column]
        columns = ["No.", "Printed name", address, "Signature", "Date"]
        # Landscape: 9 in across; the address takes the most room.
        widths = [0.4, 2.1, 3.2 if o.address_column == "address" else 1.2, 2.3, 1.0]
        if o.contact_column:
            columns.append("E-mail or phone (optional)")
            widths = [0.4, 1.8, 2.6 if o.address_column == "address" else 1.0, 1.9, 0.8, 1.5]
        scale = 9.0 / sum(widths)
        widths = [round(w * scale, 2) for w in widths]
        # Rows a signer can write in on a clipboard: 0.4 in at least. 6.5 in of page height
        # less the title, the one-sentence ask, the sheet line, the header and the notes.
        room = 6.5 - 2.75 - (0.4 if o.contact_column else 0) - (0.5 if o.circulator else 0)
        fit = int(room / MIN_SIGNATURE_ROW)
        lines = o.lines_per_sheet or fit
        if lines > fit:
            raise SelectionError(Problem(
                f"{lines} lines do not fit on one sheet with rows {MIN_SIGNATURE_ROW} in "
                f"tall; use --lines-per-sheet {fit} or fewer (or drop --contact-column or "
                "--circulator) and print more sheets with --sheets", field="--lines-per-sheet"))
        row_height = round(min(0.5, room / lines), 2)
        of = str(o.sheets) if o.sheets > 1 else "____"
        for _ in range(o.sheets):
            rows = tuple((str(n),) + ("",) * (len(columns) - 1) for n in range(1, lines + 1))
            blocks += [PageBreak(), Heading(title, 2), *self.paragraphs("sheet-ask"),
                       Paragraph(f"Sheet ____ of {of}", "center"),
                       Table(tuple(columns), rows, tuple(widths), row_height=row_height,
                             font_size=10),
                       *self.paragraphs("privacy", "note"), *self.paragraphs("not-initiative", "note")]
            if o.contact_column:
                blocks += self.paragraphs("consent", "note")
            if o.circulator:
                blocks += self.paragraphs("circulator", "note")
        if o.attach_ordinance:
            from ..inputs.doctypes import load_document_type

            ordinance, = build_legislation(load_document_type("ordinance"), self.job)
            blocks += [PageBreak(), Heading("Attachment: the proposed text", 2), *ordinance.blocks]
        return [self.draft(blocks, title=f"{title}", subject=self.text("ask")[0])]

    # -- letters -----------------------------------------------------------------
    @paper("letter")
    def letters(self) -> list[Draft]:
        # With no officials in the profile, one letter to the body that adopts the law; a
        # Town Meeting is reached through the Select Board, which writes its warrant.
        body = self.j.executive if self.town_meeting else self.j.governing_body
        officials = list(self.j.officials) or [Official(
            name=f"Members of the {body}", title=body, address=None)]
        drafts = []
        used: set[str] = set()      # file-name parts given so far
        for official in officials:
            is_body = not self.j.officials
            greeting = f"Dear Members of the {body}:" if is_body else salutation(official)
            extra = self.letter_words(official, is_body=is_body)
            recipient = extra["recipient"]
            sender = self.options.sender
            if sender:
                blocks = self.block_of_lines([sender.group, *(sender.address or "").split("\n"),
                                              sender.email or "", sender.phone or ""])
            else:
                blocks = self.block_of_lines([f"{label}: {BLANK}"
                                              for label in ("Group", "Address", "E-mail")])
            blocks += self.block_of_lines([self.context["date"]])
            addressee = [official.name] if is_body else [official.name, official.title]
            if official.address:
                addressee += [line.strip() for line in official.address.split("\n") if line.strip()]
            elif not is_body:
                addressee.append(self.j.legal_name)
            else:
                addressee = [f"{self.j.governing_body}", self.j.legal_name]
            blocks += self.block_of_lines(addressee)
            blocks.append(Paragraph(greeting, "plain"))
            if recipient == "law-enforcement":    # the guide's three questions, rule by rule
                blocks += self.paragraphs("opening", **extra)
                rows = tuple((f"{rule_label(r)}: {self.summary(r)}", "Yes / No",
                              "Yes / No\nWhere:", "Yes / No") for r in self.rules)
                blocks.append(Table(("Rule", "In place?", "In writing?",
                                     "If not, will you support it?"),
                                    rows, (3.5, 0.9, 1.1, 1.0), font_size=10))
            else:                                 # those who vote on it or sign it
                blocks += [*self.paragraphs("ask", **extra), *self.rule_summaries(),
                           *self.paragraphs("reply", **extra)]
            blocks += self.paragraphs("meeting", **extra)
            blocks.append(Paragraph("Sincerely,", "plain"))
            if sender:
                blocks.append(Paragraph(sender.contact, "signed"))
                blocks += self.block_of_lines([sender.title or "", sender.group])
            else:
                blocks.append(Paragraph(f"Name: {BLANK}", "signed"))
            name_part = slugify(f"{official.title} {official.name}") if not is_body else \
                slugify(self.j.governing_body)
            if name_part in used:   # "Ana Ruiz" and "Ana Ruíz": two people, one slug
                name_part = next(f"{name_part}-{n}" for n in range(2, len(used) + 3)
                                 if f"{name_part}-{n}" not in used)
            used.add(name_part)
            drafts.append(self.draft(blocks, title=f"Letter to {official.name}, {official.title}"
                                     if not is_body else f"Letter to the {self.j.governing_body}",
                                     part=name_part))
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
        reply_by = (long_date(self.options.date + dt.timedelta(days=REPLY_DAYS))
                    if self.options.date else BLANK)
        return {"official": official, "official_title": official.title,
                "recipient": recipient, "reply_by": reply_by}

    # -- testimony ---------------------------------------------------------------
    @paper("testimony")
    def testimony(self) -> list[Draft]:
        drafts = []
        for version in ("short", "long"):
            header = [Heading(self.text("title")[0]),
                      Paragraph(f"Agenda item: {self.context['agenda_item']}", "address"),
                      Paragraph(f"Speaker: {self.context['speaker']}", "address"),
                      Paragraph(f"Neighborhood: {self.context['neighborhood']}", "address"),
                      Paragraph("Position: in support", "plain")]
            spoken = self.paragraphs(version)
            if version == "long":
                opening, rest = spoken[:3], spoken[3:]
                spoken = opening + [Paragraph(f"{_first_upper(spoken_title(r).removeprefix('the '))}"
                                              f": {self.summary(r)}", "plain")
                                    for r in self.rules] + rest
            words = sum(len(p.text.split()) for p in spoken)   # told on the terminal
            if words / WORDS_PER_MINUTE > LONGEST_SPOKEN_MINUTES:
                # Too long for any public comment: submit it, and read the short one.
                header[0] = Heading(f"{header[0].text} (for the written record)")
            draft = self.draft(header + spoken,
                               title=f"Testimony ({version}): {self.j.legal_name}",
                               part=version)
            drafts.append(replace(draft, spoken_words=words))
        return drafts

    # -- worksheet ---------------------------------------------------------------
    @paper("worksheet")
    def worksheet(self) -> list[Draft]:
        title = self.text("title")[0]
        fields = Table(("Meeting", ""), tuple((label, "") for label in (
            "Date, time and place", "Official(s) met, with title", "Attendees", "Spokesperson",
            "Note taker")), (2.4, 6.6), row_height=0.4, font_size=11)
        blocks: list = [Heading(title), fields,
                        Heading("Tips for the meeting", 2), *self.paragraphs("tips", "item"),
                        PageBreak(), Heading("Where each rule stands", 2)]
        # The guide says to call evasion out: a box for it beside every answer.
        rows = tuple((f"{rule_label(r)}\n{self.summary(r)}", CHECK,
                      f"{CHECK}\nWhere:", CHECK, EVASIVE, "") for r in self.rules)
        blocks.append(Table(("Rule", "In place?", "In writing?", "If not, will you support it?",
                             "No clear answer?", "Notes"), rows,
                            (3.3, 1.0, 1.3, 1.1, 1.0, 1.3), row_height=1.0, font_size=9))
        blocks += [Heading("Next steps", 2), *self.paragraphs("next-steps")]
        return [self.draft(blocks, title=f"{title}: {self.j.legal_name}")]


    # -- report back ---------------------------------------------------------------
    @staticmethod
    def report_back_words(status, rows) -> dict:
        """The report back's own template variables: the meeting, the counts, and the rules
        in each scorecard category (written, practice, supports, missing, unknown)."""
        from ..inputs.status import CATEGORIES, counts

        c = counts(rows)
        meeting = status.meeting
        by_category: dict[str, list[str]] = {}
        for row in rows:
            by_category.setdefault(row.category, []).append(rule_label(row))
        return {"meeting": meeting,
                "date": long_date(meeting.date) if meeting.date else BLANK,
                "counts_sentence": counts_sentence(c),
                **{key: join_and(by_category.get(key, [])) for key in CATEGORIES}}

    @paper("report-back")
    def report_back(self) -> list[Draft]:
        from ..inputs.status import CATEGORIES, load_status, standings

        status = load_status(self.j, self.library.rules())
        rows = standings(status, self.rules)
        meeting = status.meeting
        extra = self.report_back_words(status, rows)
        title = self.text("title", **extra)[0]
        who = Table(("Meeting", ""), tuple((label, value or "") for label, value in (
            ("Date", extra["date"] if meeting.date else ""), ("Official", meeting.official),
            ("Attendees", meeting.attendees), ("Spokesperson", meeting.spokesperson),
            ("Note taker", meeting.note_taker))), (1.8, 4.7), font_size=11)
        answers = []
        notes = []
        for row in rows:
            s = row.status
            writing = s.in_writing + (f": {s.where}" if s.where else "")
            answers.append((rule_label(row), s.in_place, writing, s.position,
                            CATEGORIES[row.category][1]))
            if s.source and s.source.note:
                cite = ", ".join(x for x in (s.source.who, s.source.date.isoformat()
                                             if s.source.date else None) if x)
                notes.append(Paragraph(f"{rule_label(row)}: “{s.source.note}”"
                                       + (f" ({cite})" if cite else ""), "item"))
        blocks: list = [Heading(title), who, *self.paragraphs("intro", **extra),
                        Heading("Answers, rule by rule", 2),
                        Table(("Rule", "In place?", "In writing?", "Position", "Where it stands"),
                              tuple(answers), (2.2, 0.8, 1.3, 0.9, 1.3), font_size=10),
                        Heading("Quotes and notes", 2),
                        *(notes or [Paragraph("No notes were recorded.", "plain")]),
                        Heading("Next steps", 2), *self.paragraphs("next-steps", "item", **extra)]
        return [self.draft(blocks, title=f"Report Back: {self.j.legal_name}")]


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
            blocks += [Heading(job.library.get(clause_id, "supporting").meta.title, 2),
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
