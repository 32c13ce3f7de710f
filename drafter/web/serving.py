"""What keeps `drafter serve` up for everyone while one client misbehaves.

- Rendering runs in a bounded pool of worker processes, never on the event loop, so the
  page answers while other people's PDFs render; past a queue limit the server says it is
  busy instead of piling up work.
- A request body is counted as it arrives (chunked or not), with a time limit for each
  piece and for the whole; request headers must arrive within a time limit too.
- Every response carries hardening headers (CSP, nosniff, no referrer).
"""
from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from starlette.requests import ClientDisconnect
from starlette.responses import PlainTextResponse

MAX_REQUEST_BYTES = 256 * 1024
HEADER_SECONDS = 10.0          # all request headers must arrive within this
BODY_PIECE_SECONDS = 10.0      # each piece of a body
BODY_SECONDS = 30.0            # the whole body
RENDER_WORKERS = max(1, min(4, os.cpu_count() or 1))
MAX_QUEUED_RENDERS = 4 * RENDER_WORKERS   # renders waiting or running; more get "busy"
LIMIT_CONCURRENCY = 64         # open connections uvicorn accepts before answering 503

log = logging.getLogger("drafter.serve")


class Busy(Exception):
    """Every render slot is taken."""


# -- the render pool ------------------------------------------------------------------------
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
_queued = 0


def _warm_worker() -> None:
    """Import the heavy modules and parse the clause library once per worker."""
    from ..inputs.clauses import load_library
    from ..render import docx, pdf  # noqa: F401

    load_library()


def _pool_or_new() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            # spawn: a clean interpreter, not a fork of a process running an event loop.
            _pool = ProcessPoolExecutor(max_workers=RENDER_WORKERS, initializer=_warm_worker,
                                        mp_context=multiprocessing.get_context("spawn"))
        return _pool


def _drop_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


async def render_in_pool(function, *args, **kwargs):
    """Run `function` in a worker process; raise Busy when too much is queued already."""
    global _queued
    if _queued >= MAX_QUEUED_RENDERS:
        raise Busy()
    _queued += 1
    try:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_pool_or_new(), functools.partial(function, *args, **kwargs))
    except BrokenProcessPool:
        _drop_pool()    # a worker died (killed, out of memory): the next request gets a new pool
        raise
    finally:
        _queued -= 1


def warm_pool() -> None:
    """Start every worker before the first visitor arrives."""
    pool = _pool_or_new()
    for future in [pool.submit(_warm_worker) for _ in range(RENDER_WORKERS)]:
        future.result()


# -- requests -------------------------------------------------------------------------------
class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


CSP = ("default-src 'none'; script-src {script}; style-src 'unsafe-inline'; connect-src 'self'; "
       "img-src data:; "
       "form-action 'self'; frame-src 'self'; base-uri 'none'; frame-ancestors 'none'")


def security_headers(script_hash: str) -> list[tuple[bytes, bytes]]:
    """Headers for every response: the page's one script by hash, no framing, no sniffing."""
    return [(b"content-security-policy", CSP.format(script=f"'sha256-{script_hash}'").encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY")]


class GuardRequests:
    """ASGI middleware: body size counted on bytes received, body time limits, headers."""

    def __init__(self, app, *, headers: list[tuple[bytes, bytes]]):
        self.app = app
        self.headers = headers

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", []), *self.headers]}
            await send(message)

        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_REQUEST_BYTES):
            await self._refuse(413, send_with_headers)
            return
        received = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BODY_SECONDS

        async def counted_receive():
            nonlocal received
            wait = min(BODY_PIECE_SECONDS, deadline - loop.time())
            try:
                message = await asyncio.wait_for(receive(), timeout=max(wait, 0.001))
            except asyncio.TimeoutError:
                raise _TooSlow() from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_REQUEST_BYTES:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await self._refuse(413, send_with_headers)
        except _TooSlow:
            log.warning("a request body arrived too slowly; refused")
            if not started:
                await self._refuse(408, send_with_headers)
        except ClientDisconnect:
            log.warning("a client disconnected while sending the form")

    @staticmethod
    async def _refuse(status: int, send) -> None:
        text = {413: "The form is too large to draft from.",
                408: "The form took too long to arrive; please send it again."}[status]
        await PlainTextResponse(text, status_code=status, headers={"connection": "close"})(
            {"type": "http"}, None, send)


def header_timeout_protocol():
    """uvicorn's h11 protocol, closing connections whose request headers dawdle."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderTimeoutProtocol(H11Protocol):
        def connection_made(self, transport):
            super().connection_made(transport)
            self._header_timer = self.loop.call_later(HEADER_SECONDS, self._headers_too_slow)

        def on_response_complete(self):
            super().on_response_complete()
            self._header_timer.cancel()
            self._header_timer = self.loop.call_later(HEADER_SECONDS, self._headers_too_slow)

        def connection_lost(self, exc):
            self._header_timer.cancel()
            super().connection_lost(exc)

        def _headers_too_slow(self):
            waiting = self.cycle is None or self.cycle.response_complete
            if waiting and not self.transport.is_closing():
                log.warning("request headers arrived too slowly; connection closed")
                self.transport.close()

    return HeaderTimeoutProtocol


def server_config(app, *, host: str, port: int):
    """uvicorn's settings for drafter: header timeout, connection and header-size limits."""
    import uvicorn

    return uvicorn.Config(app, host=host, port=port, log_level="warning",
                          http=header_timeout_protocol(), limit_concurrency=LIMIT_CONCURRENCY,
                          timeout_keep_alive=5, h11_max_incomplete_event_size=16 * 1024)


def serve(app, *, host: str, port: int) -> None:
    import uvicorn

    warm_pool()
    uvicorn.Server(server_config(app, host=host, port=port)).run()


def stop_pool() -> None:
    """The render workers end with the server. Called as the server shuts down (Ctrl-C or
    SIGTERM), before uvicorn raises the signal again and the process ends."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
