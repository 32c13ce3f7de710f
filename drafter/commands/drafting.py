"""`drafter draft`, `drafter redline` and `drafter packet`."""
from __future__ import annotations

import os
import time

import click

from .common import EXAMPLES, OUT_OPTION, report, request_from, request_options


@click.command(epilog=EXAMPLES["draft"])
@click.argument("doc_type", metavar="TYPE")
@OUT_OPTION
@request_options("draft")
def draft(doc_type, out_dir, **params):
    """Draft one document type as Word, PDF, Markdown or another format.

    TYPE is a document type: ordinance, resolution, petition, letter, ... (`drafter list
    documents` lists them all and describes each).
    Files are named OUT/<jurisdiction>-<TYPE>.<ext>; letters get one file per official
    and testimony a short and a long version. Nothing is written unless every input
    is valid.
    """
    from ..render import pool

    started = time.perf_counter()
    request = request_from("draft", params, documents=(doc_type,))
    with pool.helpers(1 if "pdf" in request.formats or request.redline else 0):   # the PDFs
        from .. import write

        click.echo(f"Drafting {doc_type} ({', '.join(f.upper() for f in request.formats)}) ...",
                   err=True)
        _, result = write(request, out_dir, lambda msg: click.echo(f"  {msg}", err=True))
    report(result, started)


@click.command(epilog="""
\b
Examples:
  drafter clause copy judicial-warrant --to my-clauses/
  drafter redline ordinance --clauses my-clauses/ --author "Jane Lawyer"
""")
@click.argument("doc_type", metavar="TYPE")
@OUT_OPTION
@request_options("redline")
def redline(doc_type, out_dir, **params):
    """Write a redline of TYPE against the ACLU model text: DOCX and PDF.

    The DOCX shows every difference between your clause files and the model as a Word
    tracked change, so the council attorney can accept or reject each one; the PDF
    underlines insertions and strikes through deletions. A summary at the top lists
    the clauses changed, added and left out.
    """
    from ..render import pool

    started = time.perf_counter()
    request = request_from("redline", params, documents=(doc_type,), formats=(), redline=True)
    with pool.helpers(1):               # the redline's PDF, while the texts are compared
        from .. import write

        _, result = write(request, out_dir, None)
    report(result, started)


@click.command()
@OUT_OPTION
@request_options("packet", "Formats of each document; the combined PDF is always made. ")
def packet(out_dir, **params):
    """Draft the whole campaign packet: every document, one combined PDF and a zip.

    Writes each document type as DOCX, PDF and Markdown, then <jurisdiction>-packet.pdf
    (a cover with the contents, then every document, one bookmark each) and
    <jurisdiction>-packet.zip with everything.

    \b
    Examples:
      drafter packet
      drafter packet -j my-city.yaml --from my-group.yaml --sheets 3 --out packet/
    """
    from ..render import pool

    started = time.perf_counter()
    request = request_from("packet", params, packet=True)
    formats = request.formats
    with pool.helpers(os.cpu_count() or 1):    # the PDFs, cover and page numbers, on every core
        from .. import write

        click.echo("Drafting the campaign packet ...", err=True)
        outputs, result = write(request, out_dir, lambda msg: click.echo(f"  {msg}", err=True))
    made = outputs.packet
    suffix = "{" + ",".join(formats) + "}" if len(formats) > 1 else formats[0]
    rows = [(part.name, f"{part.draft.stem}.{suffix}", part.pages) for part in made.parts]
    slug = made.parts[0].draft.jurisdiction_slug
    rows.append(("Whole packet (cover + all)", f"{slug}-packet.pdf, {slug}-packet.zip",
                 made.cover_pages + sum(part.pages for part in made.parts)))
    widths = [max(len(str(row[i])) for row in rows + [("Document", "Files", "Pages")]) for i in (0, 1)]
    click.echo(f"{'Document':<{widths[0]}}  {'Files':<{widths[1]}}  Pages")
    for name, files, pages in rows:
        click.echo(f"{name:<{widths[0]}}  {files:<{widths[1]}}  {pages:>5}")
    click.echo(f"{len(result.paths)} files written to {out_dir}/, including the zip.")
    report(result, started, each_file=False)


