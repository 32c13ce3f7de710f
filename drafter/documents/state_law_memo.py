"""The state-law memo: for the campaign and its lawyer, each law of the profile's state on
local limits to immigration enforcement, the chosen rules it puts at risk and why, the
consequences, the litigation and the sources, dated with the data's `as_of`.

Its facts come from jurisdictions/law/state-law.yaml (drafter.inputs.statelaw); its words
from clause files (clauses/campaign/state-law-memo-*.md)."""
from __future__ import annotations

from dataclasses import replace

from ..dates import long_date
from ..document import FOOTER_NOTE, Draft, Heading, Paragraph, Table
from ..inputs.doctypes import DocumentType
from ..inputs.statelaw import (CONSEQUENCE_WORDS, FINDING_WORDS, StateFindings, StateLaw,
                               findings)
from .campaign import CampaignBuilder
from .registry import Job, builder

STATUS_WORDS = {"in-force": "in force", "partly-enjoined": "partly enjoined by a court",
                "enjoined": "enjoined by a court", "struck-down": "struck down"}


def _verified(flag: bool) -> str:
    return "" if flag else " [unverified]"


def _rule_label(job: Job, rule_id: str) -> str:
    clause = job.library.clauses.get(rule_id)
    return clause.label if clause else rule_id


def _law_blocks(job: Job, law: StateLaw, chosen: set[str]) -> list:
    lead = "Restricts" if law.effect == "restricts" else "Protects (cite it as the baseline)"
    facts = [f"Enacted by {law.bill}"]
    if law.effective:
        facts.append(f"in effect since {long_date(law.effective)}")
    facts.append(STATUS_WORDS[law.status])
    blocks: list = [Heading(f"{lead}: {law.name}{_verified(law.verified)}", 2),
                    Paragraph(f"Citation: {'; '.join(law.citations)}. {'; '.join(facts)}.",
                              "plain")]
    blocks.append(Paragraph(" ".join(law.requires.split()), "body"))
    if law.at_risk:
        def order(rule_id: str) -> int:     # the rules by number, then the extras
            clause = job.library.clauses.get(rule_id)
            return clause.meta.number or 99 if clause else 100
        rows = tuple((_rule_label(job, rule_id), "yes" if rule_id in chosen else "no",
                      risk.extent, risk.reason)
                     for rule_id, risk in sorted(law.at_risk.items(), key=lambda i: order(i[0])))
        blocks.append(Table(("Rule at risk", "In these documents", "Extent", "Why"), rows,
                            (1.7, 0.9, 0.7, 3.2), font_size=9))
    if law.consequences:
        blocks.append(Paragraph("Consequences:", "plain"))
        for c in law.consequences:
            status = "" if c.status == "in-force" else f" ({STATUS_WORDS[c.status]})"
            cite = f" ({c.citation})" if c.citation else ""
            blocks.append(Paragraph(f"{CONSEQUENCE_WORDS[c.kind].capitalize()}{status}: "
                                    f"{c.detail}{cite}{_verified(law.consequence_verified(c))}",
                                    "item"))
    elif law.effect == "restricts":
        blocks.append(Paragraph("Consequences: none stated in the law.", "plain"))
    for case in law.litigation:
        when = f", {long_date(case.date)}" if case.date else ""
        flag = law.verified if case.verified is None else case.verified
        blocks.append(Paragraph(f"In court: {case.case} ({case.status}{when}): {case.detail}"
                                f"{_verified(flag)}", "item"))
    checked = (f"Checked {long_date(law.checked)}"
               + ("" if law.verified else "; not confirmed") + ". Sources: "
               + "; ".join(law.sources) + ".")
    if law.unverified:
        checked += f" Not confirmed: {law.unverified}."
    blocks.append(Paragraph(checked, "note"))
    return blocks


def memo_words(found: StateFindings) -> dict:
    """The memo's own template variables."""
    return {"state": found.state or "the state", "at_risk": bool(found.at_risk),
            "finding": found.entry.finding if found.entry else "not-researched"}


def memo_blocks(paper: CampaignBuilder, found: StateFindings) -> list:
    job, j = paper.job, paper.j
    state = found.state or "the state"
    chosen = {rule.id for rule in job.selection}
    entry = found.entry
    words = memo_words(found)
    blocks: list = [Heading(f"State-Law Memo: {state}"),
                    Paragraph(f"For the campaign in {j.the_legal_name} and its lawyer", "center"),
                    Paragraph(f"State-law data as of {long_date(found.as_of)}", "center"),
                    *paper.paragraphs("intro", **words)]
    finding = FINDING_WORDS[entry.finding] if entry else "not researched"
    summary = f"Finding for {state}: {finding}."
    if found.at_risk:
        names = list(dict.fromkeys(item.rule.label for item in found.at_risk))
        summary += (f" Rules in these documents at risk: {', '.join(names)}.")
    blocks += [Heading("Summary", 2), Paragraph(summary, "plain")]
    if entry and entry.note:
        blocks.append(Paragraph(" ".join(entry.note.split()), "plain"))
    if entry and not entry.laws:
        blocks.append(Paragraph(f"Checked {long_date(entry.checked)}. Sources: "
                                + "; ".join(entry.sources) + ".", "note"))
    for law in (*found.restricting, *found.protecting):
        blocks += _law_blocks(job, law, chosen)
    blocks += [Heading("What to do", 2), *paper.paragraphs("advice", **words)]
    return blocks


@builder("state-law-memo")
def build_state_law_memo(doc_type: DocumentType, job: Job) -> list[Draft]:
    # For the lawyer, from English law data: in English whatever the papers' language.
    job = replace(job, options=replace(job.options, language="en"))
    paper = CampaignBuilder(doc_type, job)
    found = findings(job.jurisdiction, job.selection)
    draft = paper.draft(memo_blocks(paper, found),
                        title=f"State-Law Memo: {found.state or 'State'}: {job.jurisdiction.legal_name}")
    return [replace(draft, footer_note=FOOTER_NOTE)]     # a memo for a lawyer: the note stays
