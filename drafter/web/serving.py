"""What keeps `drafter serve` up for everyone while one client misbehaves.

- Open connections cost a file descriptor and a little memory, not a visitor's turn: no
  count of connections turns anyone away. A connection must send its request headers in
  time or is closed; when one address holds too many connections, or all addresses
  together do, the oldest idle ones (no request under way) are closed to make room, those
  of the address holding the most first. Sixty-three sockets that say nothing cannot take
  the page down.
- What protects memory is a limit on requests under way (headers in, response not yet
  sent), overall and per client address: past it the server answers 503 to that client.
- Rendering runs in a bounded pool of worker processes, never on the event loop, so the
  page answers while other people's PDFs render. Render slots are shared fairly: one
  client address holds at most RENDERS_PER_CLIENT of them; past that, or past the queue
  limit, the server says it is busy to that client instead of piling up work.
- A request body is counted as it arrives (chunked or not), with a time limit for each
  piece and for the whole.
- Every response carries hardening headers (CSP, nosniff, no referrer).
- The render workers end with the server, even when it is killed with `kill -9`.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from starlette.requests import ClientDisconnect
from starlette.responses import PlainTextResponse

from ..settings import setting as _setting

# Each limit below can be set by its environment variable (DRAFTER_ + its name); README's
# deployment section lists them.
MAX_REQUEST_BYTES = _setting("MAX_REQUEST_BYTES", 256 * 1024, 16 * 1024, 16 * 1024 * 1024)
HEADER_SECONDS = _setting("HEADER_SECONDS", 10.0, 1, 300, whole=False)   # request headers
BODY_PIECE_SECONDS = _setting("BODY_PIECE_SECONDS", 10.0, 1, 300, whole=False)  # each piece
BODY_SECONDS = _setting("BODY_SECONDS", 30.0, 1, 600, whole=False)       # the whole body
SEND_SECONDS = _setting("SEND_SECONDS", 10.0, 1, 300, whole=False)   # the client takes each piece
RENDER_WORKERS = _setting("RENDER_WORKERS", max(1, min(4, os.cpu_count() or 1)), 1, 64)
# renders waiting or running; more get "busy"
MAX_QUEUED_RENDERS = _setting("MAX_QUEUED_RENDERS", 4 * RENDER_WORKERS, 1, 4096)
RENDERS_PER_CLIENT = _setting("RENDERS_PER_CLIENT", 2, 1, 4096)  # of those, one address's most
# requests under way at once (memory: that many bodies of MAX_REQUEST_BYTES)
MAX_REQUESTS = _setting("MAX_REQUESTS", 64, 1, 100_000)
REQUESTS_PER_CLIENT = _setting("REQUESTS_PER_CLIENT", 16, 1, 100_000)  # of those, one address's
# open connections before the oldest idle ones are closed, all and one address's
MAX_CONNECTIONS = _setting("MAX_CONNECTIONS", 512, 8, 1_000_000)
CONNECTIONS_PER_CLIENT = _setting("CONNECTIONS_PER_CLIENT", 32, 2, 1_000_000)

log = logging.getLogger("drafter.serve")


class Busy(Exception):
    """Every render slot is taken."""


# -- the render pool ------------------------------------------------------------------------
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _start_worker(server: int) -> None:
    """A render worker ends with its server, even one killed with `kill -9` (and with the
    workers gone, multiprocessing's resource tracker ends too); then it loads its modules.

    It watches for its parent to change rather than asking Linux for a signal when the
    parent dies (PR_SET_PDEATHSIG), which fires when the parent's *thread* that started
    it ends: any thread of the server may start a new pool."""
    import time

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="drafter-server-watch", daemon=True).start()
    _warm_worker()


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
            _pool = ProcessPoolExecutor(max_workers=RENDER_WORKERS, initializer=_start_worker,
                                        initargs=(os.getpid(),),
                                        mp_context=multiprocessing.get_context("spawn"))
        return _pool


def _drop_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


class _FairRenders:
    """Render slots shared fairly between client addresses.

    At most RENDER_WORKERS renders run (one per worker); the others wait here, not in the
    pool's queue, and are started one client at a time in turn (round robin), so a visitor
    waits for at most one render of each other client, not for all of a greedy one's. A
    client holds at most RENDERS_PER_CLIENT slots, waiting or running, and all of them
    together MAX_QUEUED_RENDERS; when those are taken, a newcomer holding fewer than the
    client holding most takes one of that client's waiting slots, and that request is
    told "busy". Everything happens on the event loop's thread: no locks."""

    def __init__(self):
        self.held: dict[str, int] = {}          # client -> slots, waiting or running
        self.waiting: dict[str, deque] = {}     # client -> its waiting tickets, clients in turn
        self.running = 0

    def admit(self, client: str) -> bool:
        mine = self.held.get(client, 0)
        if mine >= RENDERS_PER_CLIENT:
            return False
        if sum(self.held.values()) >= MAX_QUEUED_RENDERS and not self._evict_for(mine):
            return False
        self.held[client] = mine + 1
        return True

    def _evict_for(self, newcomers: int) -> bool:
        """Free a waiting slot of the client holding most, if it holds more than the
        newcomer: eight addresses with one packet each cannot keep a ninth out either."""
        waiting = [c for c, tickets in self.waiting.items() if tickets]
        if not waiting:
            return False
        greedy = max(waiting, key=lambda c: self.held[c])
        if self.held[greedy] <= newcomers:
            return False
        ticket = self.waiting[greedy].pop()           # its newest waiting request
        ticket.set_exception(Busy())
        self._release(greedy)
        return True

    def _release(self, client: str) -> None:
        self.held[client] -= 1
        if not self.held[client]:
            del self.held[client]
        if client in self.waiting and not self.waiting[client]:
            del self.waiting[client]

    def dispatch(self) -> None:
        """Start waiting renders while a worker is free, one client at a time in turn."""
        while self.running < RENDER_WORKERS and self.waiting:
            client = next(iter(self.waiting))
            tickets = self.waiting.pop(client)
            ticket = tickets.popleft()
            if tickets:
                self.waiting[client] = tickets            # to the back of the turn
            if ticket.done():
                continue
            self.running += 1
            ticket.set_result(None)

    async def run(self, client: str, call):
        if not self.admit(client):
            raise Busy()
        loop = asyncio.get_running_loop()
        ticket = loop.create_future()
        self.waiting.setdefault(client, deque()).append(ticket)
        self.dispatch()
        try:
            await ticket                                 # our turn (or Busy: evicted)
        except Busy:
            raise                                        # released by the eviction
        except BaseException:                            # the visitor went away meanwhile
            if ticket.done() and not ticket.cancelled() and ticket.exception() is None:
                self.running -= 1                        # it had been started
            elif client in self.waiting and ticket in self.waiting[client]:
                self.waiting[client].remove(ticket)
            self._release(client)
            self.dispatch()
            raise
        try:
            return await loop.run_in_executor(_pool_or_new(), call)
        finally:
            self.running -= 1
            self._release(client)
            self.dispatch()


_renders = _FairRenders()


def has_render_share(client: str) -> bool:
    """Whether `client` may ask for another render (it holds fewer than its share)."""
    return _renders.held.get(client, 0) < RENDERS_PER_CLIENT


async def render_in_pool(client: str, function, *args, **kwargs):
    """Run `function` in a worker process for `client` (its address), in its turn; raise
    Busy when this client holds its share of the slots, or all are taken by others who do
    not hold more than it."""
    try:
        return await _renders.run(client, functools.partial(function, *args, **kwargs))
    except BrokenProcessPool:
        _drop_pool()    # a worker died (killed, out of memory): the next request gets a new pool
        raise


def client_address(scope) -> str:
    """Who a request is from, for the fair shares: its address (a proxy's, unless the
    server trusts that proxy's X-Forwarded-For: DRAFTER_TRUSTED_PROXIES)."""
    client = scope.get("client")
    return client[0] if client else "unknown"


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


class _GaveWay(Exception):
    """A slow request's place was taken by another client's (GuardRequests)."""


class _NotRead(Exception):
    """A client did not read its answer in time."""


async def _piece_of_body(receive, give_way: asyncio.Event, seconds: float):
    """The next piece of a request's body, unless the request is asked to give way first
    (_GaveWay) or `seconds` pass (_TooSlow)."""
    piece = asyncio.ensure_future(receive())
    gave_way = asyncio.ensure_future(give_way.wait())
    done, _ = await asyncio.wait({piece, gave_way}, timeout=seconds,
                                 return_when=asyncio.FIRST_COMPLETED)
    gave_way.cancel()
    if piece in done:
        return piece.result()
    piece.cancel()
    raise _GaveWay() if gave_way in done else _TooSlow()


CSP = ("default-src 'none'; script-src {script}; style-src 'unsafe-inline'; connect-src 'self'; "
       "img-src data:; "
       "form-action 'self'; frame-src 'self'; base-uri 'none'; frame-ancestors 'none'")


def security_headers(script_hash: str) -> list[tuple[bytes, bytes]]:
    """Headers for every response: the page's one script by hash, no framing, no sniffing."""
    return [(b"content-security-policy", CSP.format(script=f"'sha256-{script_hash}'").encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY")]


class _Request:
    """One request under way: its client, and whether it is waiting on its client (its
    body still arriving, or its answer not read): until it is done with that, it may be
    asked to give way."""

    __slots__ = ("client", "receiving", "sending", "give_way", "task", "stopped")

    def __init__(self, client: str):
        self.client = client
        self.receiving = True
        self.sending = False
        self.give_way = asyncio.Event()
        self.task = asyncio.current_task()
        self.stopped: type | None = None      # why its send was cut short

    @property
    def stalled(self) -> bool:
        return self.receiving or self.sending

    def stop_sending(self, why: type) -> None:
        """Cut short a send its client does not take (a timer, not a task per send: the
        answers of every request pass here)."""
        if self.sending and self.stopped is None:
            self.stopped = why
            self.task.cancel()

    def ask_to_give_way(self) -> None:
        self.give_way.set()
        self.stop_sending(_GaveWay)


class GuardRequests:
    """ASGI middleware: requests under way limited overall and per client, body size
    counted on bytes received, body time limits, headers.

    When MAX_REQUESTS are under way, a newcomer holding fewer than the client holding most
    takes the place of that client's oldest request still sending its body (answered 503),
    so a few addresses trickling slow bodies cannot keep everyone else out."""

    def __init__(self, app, *, headers: list[tuple[bytes, bytes]]):
        self.app = app
        self.headers = headers
        self.by_client: dict[str, list[_Request]] = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = _Request(client_address(scope))
        if not self._admit(request):
            await self._refuse(503, self._with_headers(send))
            return
        try:
            await self._guarded(scope, receive, self._with_headers(send, request), request,
                                self._with_headers(send))
        finally:
            held = self.by_client[request.client]
            held.remove(request)
            if not held:
                del self.by_client[request.client]

    def _admit(self, request: _Request) -> bool:
        mine = len(self.by_client.get(request.client, ()))
        if mine >= REQUESTS_PER_CLIENT:
            return False
        if sum(map(len, self.by_client.values())) >= MAX_REQUESTS:
            most = max(map(len, self.by_client.values()))
            if most <= mine:
                return False
            stalled = [r for held in self.by_client.values() if len(held) == most
                       for r in held if r.stalled and not r.give_way.is_set()]
            if not stalled:
                return False
            stalled[0].ask_to_give_way()    # it answers 503 (or is closed) and leaves
        self.by_client.setdefault(request.client, []).append(request)
        return True

    def _with_headers(self, send, request: _Request | None = None):
        """send() with our headers added; for a request under way, a reply the client does
        not read within SEND_SECONDS, or that gives way to another client, ends it."""
        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.headers]}
            if request is None:
                await send(message)
                return
            request.sending = True
            timer = asyncio.get_running_loop().call_later(SEND_SECONDS, request.stop_sending,
                                                          _NotRead)
            try:
                await send(message)
            except asyncio.CancelledError:
                if request.stopped is None:
                    raise
                request.task.uncancel()          # ours, turned into an answer of our own
                raise request.stopped() from None
            finally:
                timer.cancel()
                request.sending = False
        return send_with_headers

    async def _guarded(self, scope, receive, send, request: _Request, refuse_with):
        """The app, with `send` watched; refusals go out through `refuse_with`."""
        started = False

        async def send_with_headers(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_REQUEST_BYTES):
            await self._refuse(413, refuse_with)
            return
        received = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BODY_SECONDS

        async def counted_receive():
            nonlocal received
            if not request.receiving:
                return await receive()           # after the body: a disconnect, say
            wait = min(BODY_PIECE_SECONDS, deadline - loop.time())
            message = await _piece_of_body(receive, request.give_way, max(wait, 0.001))
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_REQUEST_BYTES:
                    raise _TooLarge()
                request.receiving = message.get("more_body", False)
            return message

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await self._refuse(413, refuse_with)
        except _TooSlow:
            log.warning("a request body arrived too slowly; refused")
            if not started:
                await self._refuse(408, refuse_with)
        except _GaveWay:
            log.warning("a slow request gave way to another client's")
            if not started:
                await self._refuse(503, refuse_with)
        except _NotRead:
            log.warning("a client did not read its answer; connection ended")
        except ClientDisconnect:
            log.warning("a client disconnected while sending the form")

    @staticmethod
    async def _refuse(status: int, send) -> None:
        text = {413: "The form is too large to draft from.",
                408: "The form took too long to arrive; please send it again.",
                503: "The server is busy. Please try again in a minute."}[status]
        await PlainTextResponse(text, status_code=status, headers={"connection": "close"})(
            {"type": "http"}, None, send)


class _OpenConnections:
    """Every open connection of this server process, oldest first, by client address."""

    def __init__(self):
        self.by_address: dict[str, dict] = {}      # address -> {protocol: None}, in order
        self.count = 0

    def add(self, address: str, protocol) -> None:
        self.by_address.setdefault(address, {})[protocol] = None
        self.count += 1
        if len(self.by_address[address]) > CONNECTIONS_PER_CLIENT:
            self._close_idle(address)
        while self.count > MAX_CONNECTIONS:
            crowded = max(self.by_address, key=lambda a: len(self.by_address[a]))
            if not self._close_idle(crowded):
                break

    def remove(self, address: str, protocol) -> None:
        held = self.by_address.get(address, {})
        if held.pop(protocol, False) is None:
            self.count -= 1
        if not held:
            self.by_address.pop(address, None)

    def _close_idle(self, address: str) -> bool:
        """Close the address's oldest connection that has no request under way."""
        for protocol in self.by_address.get(address, {}):
            if protocol.idle():
                self.remove(address, protocol)
                protocol.transport.close()
                return True
        return False


_open = _OpenConnections()


def _guarded_protocol():
    """uvicorn's h11 protocol, closing connections whose request headers dawdle, and the
    oldest idle connections when there are too many (see the module's docstring). Made
    once, at module level, so a server with several processes can name it by import."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedProtocol(H11Protocol):
        def connection_made(self, transport):
            super().connection_made(transport)
            self._address = self.client[0] if self.client else "unknown"
            self._header_timer = self.loop.call_later(HEADER_SECONDS, self._headers_too_slow)
            _open.add(self._address, self)

        def on_response_complete(self):
            super().on_response_complete()
            self._header_timer.cancel()
            self._header_timer = self.loop.call_later(HEADER_SECONDS, self._headers_too_slow)

        def connection_lost(self, exc):
            self._header_timer.cancel()
            _open.remove(self._address, self)
            super().connection_lost(exc)

        def idle(self) -> bool:
            """No request under way: waiting for the first or the next one."""
            return self.cycle is None or self.cycle.response_complete

        def _headers_too_slow(self):
            if self.idle() and not self.transport.is_closing():
                log.warning("request headers arrived too slowly; connection closed")
                self.transport.close()

    GuardedProtocol.__module__, GuardedProtocol.__qualname__ = __name__, "GuardedProtocol"
    return GuardedProtocol


GuardedProtocol = _guarded_protocol()


def server_config(app, *, host: str, port: int, workers: int = 1):
    """uvicorn's settings for drafter: header timeout, connection and header-size limits.
    No limit_concurrency: it counts open connections, which idle sockets can fill; the
    limits above count what costs memory instead. X-Forwarded-For is trusted only from
    the proxies DRAFTER_TRUSTED_PROXIES lists (comma-separated addresses). With several
    worker processes `app` is the import string of the factory each one calls."""
    import uvicorn

    proxies = os.environ.get("DRAFTER_TRUSTED_PROXIES", "").strip()
    return uvicorn.Config(app, host=host, port=port, log_level="warning",
                          http=GuardedProtocol, timeout_keep_alive=5,
                          h11_max_incomplete_event_size=16 * 1024,
                          proxy_headers=bool(proxies), forwarded_allow_ips=proxies or None,
                          workers=workers, factory=isinstance(app, str))


def serve(app, *, host: str, port: int, workers: int = 1) -> None:
    """Serve the page: in this process, or in `workers` processes sharing the port (each
    with its own render workers; `app` is then the factory's import string). Each process
    starts its render workers as it starts (see readiness)."""
    import uvicorn

    config = server_config(app, host=host, port=port, workers=workers)
    if workers == 1:
        uvicorn.Server(config).run()
        return
    import inspect

    from uvicorn.supervisors import Multiprocess

    sockets = [config.bind_socket()]
    older = "target" in inspect.signature(Multiprocess).parameters   # uvicorn before 0.36
    supervisor = (Multiprocess(config, target=uvicorn.Server(config).run, sockets=sockets)
                  if older else Multiprocess(config, sockets=sockets))
    supervisor.run()


_ready = threading.Event()


def ready() -> bool:
    """Whether this process's render workers are started and have read the clause library."""
    return _ready.is_set()


async def start_renderers() -> None:
    """As the server starts (its lifespan): every render worker started and warm, off the
    event loop, so /healthz answers at once and /readyz once drafting is quick."""
    await asyncio.get_running_loop().run_in_executor(None, warm_pool)
    _ready.set()


def stop_pool() -> None:
    """The render workers end with the server. Called as the server shuts down (Ctrl-C or
    SIGTERM), before uvicorn raises the signal again and the process ends."""
    global _pool
    _ready.clear()
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
