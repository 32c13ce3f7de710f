"""`drafter serve`: the web page."""
from __future__ import annotations

import click

from .common import TEMPLATES_OPTION


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default lets only this computer in.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes sharing the port, each with its own render workers "
                   "(DRAFTER_RENDER_WORKERS, default up to 4): for a hosted page, about the "
                   "number of cores divided by the render workers.")
@TEMPLATES_OPTION
def serve(host, port, workers, template_dirs):
    """Serve the drafting web page: a form anyone with a browser can use.

    Nothing is stored on the server. Binds to this computer only unless you give --host.

    \b
    Example:
      drafter serve
      drafter serve --host 0.0.0.0 --port 8080     # let others on your network in
      drafter serve --templates my-templates/      # offer your own document types too
      drafter serve --host 0.0.0.0 --workers 2     # a hosted page: two processes
    """
    import os

    from ..web.app import TEMPLATES_VARIABLE, create_app
    from ..web.serving import serve as run_server

    app = create_app(tuple(template_dirs))       # a bad template folder stops it here
    if workers > 1:           # each process builds its own page, by import, from these
        os.environ[TEMPLATES_VARIABLE] = os.pathsep.join(str(f.resolve()) for f in template_dirs)
        app = "drafter.web.app:app_from_environment"
    click.echo(f"drafter is serving on http://{host}:{port}/ with {workers} process(es) "
               "(Ctrl+C to stop)", err=True)
    run_server(app, host=host, port=port, workers=workers)
