"""`drafter serve`: the web page."""
from __future__ import annotations

import click

from .common import TEMPLATES_OPTION


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default lets only this computer in.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@TEMPLATES_OPTION
def serve(host, port, template_dirs):
    """Serve the drafting web page: a form anyone with a browser can use.

    Nothing is stored on the server. Binds to this computer only unless you give --host.

    \b
    Example:
      drafter serve
      drafter serve --host 0.0.0.0 --port 8080     # let others on your network in
      drafter serve --templates my-templates/      # offer your own document types too
    """
    from ..web.app import create_app
    from ..web.serving import serve as run_server

    app = create_app(tuple(template_dirs))       # a bad template folder stops it here
    click.echo(f"drafter is serving on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    run_server(app, host=host, port=port)
