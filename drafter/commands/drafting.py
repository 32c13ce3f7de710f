"""`drafter draft`, `drafter redline` and `drafter packet`."""
from __future__ import annotations

import os
import time

import click

from ..render.formats import default_names, every_document_names
from .common import EXAMPLES, format_option, make_options, report, selection_options


@click.command(epilog=EXAMPLES["draft"])
@click.argument("doc_type", metavar="TYPE")
@format_option(default_names())
@click.option("--redline", "with_redline", is_flag=True,
              help="Also write <jurisdiction>-<TYPE>-redline.docx and .pdf against the model text.")
@selection_options
def draft(doc_type, formats, with_redline, **params):
    """Draft one document type as Word, PDF, Markdown or another format.

    TYPE is a document type: ordinance, resolution, petition, letter, ... (`drafter list
    documents` lists them all and describes each).
    Files are named OUT/<jurisdiction>-<TYPE>.<ext>; letters get one file per official
    and testimony a short and a long version. Nothing is written unless every input
    is valid.
    """
    from ..render import pool

    started = time.perf_counter()
    with pool.helpers(1 if "pdf" in formats or with_redline else 0):   # the PDFs, meanwhile
        from .. import draft as draft_api

        click.echo(f"Drafting {doc_type} ({', '.join(f.upper() for f in formats)}) ...", err=True)
        options = make_options(params)
        result = draft_api(doc_type, formats=formats, options=options, redline=with_redline,
                           clause_dirs=list(params.pop("clause_dirs")),
                           templates=list(params.pop("template_dirs")),
                           progress=lambda msg: click.echo(f"  {msg}", err=True), **params)
    report(result, started)


@click.command(epilog="""
\b
Examples:
  drafter clause copy judicial-warrant --to my-clauses/
  drafter redline ordinance --clauses my-clauses/ --author "Jane Lawyer"
""")
@click.argument("doc_type", metavar="TYPE")
@click.option("--author", default="drafter", show_default=True,
              help="Name on the tracked changes, as Word shows it.")
@selection_options
def redline(doc_type, author, **params):
    """Write a redline of TYPE against the ACLU model text: DOCX and PDF.

    The DOCX shows every difference between your clause files and the model as a Word
    tracked change, so the council attorney can accept or reject each one; the PDF
    underlines insertions and strikes through deletions. A summary at the top lists
    the clauses changed, added and left out.
    """
    from ..render import pool

    started = time.perf_counter()
    with pool.helpers(1):               # the redline's PDF, while the texts are compared
        from .. import redline as redline_api

        options = make_options(params)
        result = redline_api(doc_type, options=options,
                             clause_dirs=list(params.pop("clause_dirs")),
                             templates=list(params.pop("template_dirs")), author=author, **params)
    report(result, started)


@click.command()
@format_option(every_document_names(), "Formats of each document; the combined PDF is "
                                       "always made. ")
@selection_options
def packet(formats, **params):
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
    with pool.helpers(os.cpu_count() or 1):    # the PDFs, cover and page numbers, on every core
        from .. import packet as packet_api

        click.echo("Drafting the campaign packet ...", err=True)
        options = make_options(params)
        made, result = packet_api(formats=formats, options=options,
                                  clause_dirs=list(params.pop("clause_dirs")),
                                  templates=list(params.pop("template_dirs")),
                                  progress=lambda msg: click.echo(f"  {msg}", err=True), **params)
    suffix = "{" + ",".join(formats) + "}" if len(formats) > 1 else formats[0]
    rows = [(part.name, f"{part.draft.stem}.{suffix}", part.pages) for part in made.parts]
    slug = made.parts[0].draft.jurisdiction_slug
    rows.append(("Whole packet (cover + all)", f"{slug}-packet.pdf, {slug}-packet.zip",
                 made.cover_pages + sum(part.pages for part in made.parts)))
    widths = [max(len(str(row[i])) for row in rows + [("Document", "Files", "Pages")]) for i in (0, 1)]
    click.echo(f"{'Document':<{widths[0]}}  {'Files':<{widths[1]}}  Pages")
    for name, files, pages in rows:
        click.echo(f"{name:<{widths[0]}}  {files:<{widths[1]}}  {pages:>5}")
    click.echo(f"{len(result.paths)} files written to {params['out_dir']}/, including the zip.")
    report(result, started, each_file=False)


