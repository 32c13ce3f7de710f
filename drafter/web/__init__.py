"""On top: `drafter serve`, the web page (app) and what keeps it up under load (serving).
It calls the public API in drafter/__init__.py, like the command line."""
