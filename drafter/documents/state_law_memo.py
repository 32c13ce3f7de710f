"""The state-law memo: for the campaign and its lawyer, each law of the profile's state on
local limits to immigration enforcement, the chosen rules it puts at risk and why, the
consequences, the litigation and the sources, dated with the data's `as_of`.

Its facts come from jurisdictions/law/states/ (drafter.inputs.statelaw); its words
from clause files (clauses/campaign/state-law-memo-*.md)."""
from __future__ import annotations

from dataclasses import replace

from ..document import FOOTER_NOTE, Draft, Heading, Paragraph, Table
from ..i18n import N_, Translator
from ..inputs.doctypes import DocumentType
from ..inputs.statelaw import (CONSEQUENCE_WORDS, DUTY_WORDS, FINDING_WORDS, Source,
                               StateFindings, StateLaw, findings)
from ..words import squash
from .campaign import CampaignBuilder, rule_label
from .registry import Job, builder

STATUS_WORDS = {"in-force": N_("in force"), "partly-enjoined": N_("partly enjoined by a court"),
                "enjoined": N_("enjoined by a court"), "struck-down": N_("struck down"),
                "pending-bill": N_("a pending bill, not law"), "vetoed": N_("vetoed, not law"),
                "repealed": N_("repealed"),
                "unconfirmed": N_("reported to have become law, not confirmed")}
EXTENT_WORDS = {"forbids": N_("forbids"), "limits": N_("limits")}
DUTY_OF = {"sheriff": N_("Duty of the sheriff"), "jail": N_("Duty of the jail"),
           "police": N_("Duty of the police"),
           "local-government": N_("Duty of the local government")}


class MemoWriter:
    """The memo's frame in the papers' language; the law data (names, what each law
    requires, reasons, consequences, cases) is quoted in English, as compiled from its
    sources, and marked as English for readers."""

    def __init__(self, paper: CampaignBuilder):
        self.paper = paper
        self._ = paper._
        self.job = paper.job

    def english(self, blocks: list) -> list:
        """Law data inside a memo in another language: tagged as English."""
        return blocks if self._.english else [replace(b, language="en-US") for b in blocks]

    def unverified(self, flag: bool) -> str:
        return "" if flag else " " + self._("[unverified]")

    def date(self, value) -> str:
        return self._.date(value)

    def source(self, source: Source) -> str:
        """'https://... (official: the text of § 14-1-103; read 3 December 2026)'."""
        kind = self._("official") if source.official else self._("secondary")
        return self._("{source} ({kind}: {shows}; read {date})").format(
            source=source.source, kind=kind, shows=source.shows, date=self.date(source.read))

    def rule_label(self, rule_id: str) -> str:
        clause = self.job.library.clauses.get(rule_id)
        return rule_label(clause, self._) if clause else rule_id

    def law_blocks(self, law: StateLaw, chosen: set[str]) -> list:
        _ = self._
        if not law.in_force:
            lead = _("Not in force ({status})").format(status=_(STATUS_WORDS[law.status]))
        else:
            lead = _("Restricts") if law.effect == "restricts" else _("Protects (cite it as the baseline)")
        # A court ruling or an opinion has no bill: "none (court ruling, No. 12-3991)".
        record = law.bill.removeprefix("none (").removesuffix(")") \
            if law.bill.startswith("none (") else None
        facts = [record if record else _("Enacted by {bill}").format(bill=law.bill)
                 if law.status not in ("pending-bill", "vetoed", "unconfirmed") else law.bill]
        if law.effective and law.in_force:
            facts.append(_("in effect since {date}").format(date=self.date(law.effective)))
        facts.append(_(STATUS_WORDS[law.status]))
        blocks: list = [Heading(f"{lead}: {law.name}{self.unverified(law.verified)}", 2),
                        Paragraph(_("Citation: {citations}. {facts}.").format(
                            citations="; ".join(law.citations), facts="; ".join(facts)), "plain")]
        blocks += self.english([Paragraph(squash(law.requires), "body")])
        def order(rule_id: str) -> int:     # the rules by number, then the extras
            clause = self.job.library.clauses.get(rule_id)
            return clause.meta.number or 99 if clause else 100

        if law.at_risk:
            rows = tuple((self.rule_label(rule_id),
                          _.pgettext("answer", "yes") if rule_id in chosen
                          else _.pgettext("answer", "no"),
                          _(EXTENT_WORDS.get(risk.extent, risk.extent)),
                          f"{risk.subsection}: {risk.reason}")
                         for rule_id, risk in sorted(law.at_risk.items(), key=lambda i: order(i[0])))
            at_risk = _("Rule at risk") if law.in_force else _("Rule it would put at risk")
            blocks.append(Table((at_risk, _("In these documents"), _("Extent"),
                                 _("Where and why")), rows, (1.7, 0.9, 0.7, 3.2), font_size=9))
        if law.effect == "restricts":
            untouched = sorted((rule for rule, risk in law.rules.items() if risk.extent == "none"),
                               key=order)
            blocks.append(Paragraph(_("Does not reach: {rules}.").format(
                rules=", ".join(self.rule_label(rule) for rule in untouched)), "plain"))
        for mandate in law.mandates:
            frame = (_("{duty_of}: {duty} ({subsection}).") if law.in_force else
                     _("{duty_of}, if it were law: {duty} ({subsection})."))
            blocks.append(Paragraph(frame.format(
                duty_of=_(DUTY_OF[mandate.who]), duty=_(DUTY_WORDS[mandate.duty]),
                subsection=mandate.subsection), "item"))
            detail = squash(mandate.detail).rstrip(".")
            blocks += self.english([Paragraph(detail[:1].upper() + detail[1:] + ".", "item")])
        if law.consequences:
            blocks.append(Paragraph(_("Consequences:"), "plain"))
            for c in law.consequences:
                status = "" if c.status == "in-force" else f" ({_(STATUS_WORDS[c.status])})"
                cite = f" ({c.citation})" if c.citation else ""
                kind = _(CONSEQUENCE_WORDS[c.kind])
                blocks += self.english([Paragraph(
                    f"{kind[:1].upper() + kind[1:]}{status}: {c.detail}{cite}"
                    f"{self.unverified(law.consequence_verified(c))}", "item")])
        elif law.effect == "restricts":
            blocks.append(Paragraph(_("Consequences: none stated in the law."), "plain"))
        for case in law.litigation:
            when = f", {self.date(case.date)}" if case.date else ""
            flag = law.verified if case.verified is None else case.verified
            blocks += self.english([Paragraph(
                _("In court: {case} ({status}{when}): {detail}").format(
                    case=case.case, status=case.status, when=when, detail=case.detail)
                + self.unverified(flag), "item")])
        checked = _("Last read {date}").format(date=self.date(law.checked))
        if not law.verified:
            checked += _("; not confirmed")
        checked += ". " + _("Sources: {sources}.").format(sources="; ".join(
            self.source(source) for source in law.sources))
        if law.unverified:
            checked += " " + _("Not confirmed: {what}.").format(
                what=squash(law.unverified).rstrip("."))
        blocks.append(Paragraph(checked, "note"))
        return blocks

    def blocks(self, found: StateFindings) -> list:
        _, paper = self._, self.paper
        j = paper.context["jurisdiction"]
        state = found.state or _("the state")
        chosen = {rule.id for rule in self.job.selection}
        entry = found.entry
        words = memo_words(found, _)
        blocks: list = [Heading(_("State-Law Memo: {state}").format(state=state)),
                        Paragraph(_("For the campaign in {place} and its lawyer").format(
                            place=j["the_legal_name"]), "center"),
                        Paragraph(_("State-law data as of {date}").format(
                            date=self.date(found.as_of)), "center"),
                        *paper.paragraphs("intro", **words)]
        key = entry.finding if entry else "not-researched"
        finding = _(FINDING_WORDS[key])
        summary = _("Finding for {state}: {finding}.").format(state=state, finding=finding)
        if found.at_risk:
            hit = {item.rule.id for item in found.at_risk}     # in the documents' order
            names = [rule_label(rule, _) for rule in self.job.selection if rule.id in hit]
            summary += " " + _("Rules in these documents at risk: {rules}.").format(
                rules=", ".join(names))
        blocks += [Heading(_("Summary"), 2), Paragraph(summary, "plain")]
        if entry:
            blocks.append(Paragraph(_("What a campaign in {state} can still do:").format(
                state=state), "plain"))
            blocks += self.english([Paragraph(squash(entry.can_still_do), "plain")])
            if not (found.restricting or found.protecting):
                blocks.append(Paragraph(_("No law in force was found."),
                                        "plain"))
                blocks += self.english([Paragraph(squash(entry.searched), "note")])
        for law in (*found.restricting, *found.protecting, *found.not_in_force):
            blocks += self.law_blocks(law, chosen)
        if self.job.jurisdiction.jail == "state":
            blocks += [Heading(_("Who holds people after arrest"), 2),
                       *paper.paragraphs("jail", **words)]
        blocks += [Heading(_("What to do"), 2), *paper.paragraphs("advice", **words)]
        return blocks


def memo_words(found: StateFindings, _: Translator = Translator()) -> dict:
    """The memo's own template variables."""
    return {"state": found.state or _("the state"), "at_risk": bool(found.at_risk),
            "finding": found.entry.finding if found.entry else "not-researched",
            "laws_listed": bool(found.entry and found.entry.laws)}


@builder("state-law-memo")
def build_state_law_memo(doc_type: DocumentType, job: Job) -> list[Draft]:
    paper = CampaignBuilder(doc_type, job)
    found = findings(job.jurisdiction, job.selection)
    _ = paper._
    draft = paper.draft(MemoWriter(paper).blocks(found),
                        title=_("State-Law Memo: {state}").format(state=found.state or _("State"))
                        + f": {paper.context['jurisdiction']['legal_name']}")
    # A memo for a lawyer: the note stays.
    return [replace(draft, footer_note=_(FOOTER_NOTE))]
