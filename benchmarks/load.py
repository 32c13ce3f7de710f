"""`make bench` (the web page): `drafter serve` under load, on 127.0.0.1 only.

Starts the real server on a free local port, then measures, bounded in count and time:
  1. GET / alone (median and p95 of 40 requests);
  2. the ordinance's live preview and its download (DOCX and PDF in a zip): p50 and p95 of
     20 requests one after another, and of 8 requests sent at once;
  3. GET / while 8 clients each download a zip of PDFs (p95 of the page requests made
     meanwhile, at most 200 of them or 120 seconds);
  4. previews per second with 4 clients (at most 80 previews or 60 seconds);
  5. the server's resident memory (its own process and its render workers) before and after;
  6. a victim's GET / and previews while 100 idle sockets (from another address) are held
     open, and while one greedy client keeps 8 packet downloads under way: p95 of GET /
     and the share of the victim's requests served (goal: 100 %, p95 under 100 ms).
Each client has its own loopback address (127.0.0.N), as people have their own addresses:
the server shares its render slots fairly between addresses.
benchmarks/bench.py runs it and puts its table in README.md; run alone, it prints it.
"""
from __future__ import annotations

import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FORM = {"kind": "city", "name": "Loadville", "state": "Oregon",
        "oversight_entity": "the Loadville Review Board", "include_1373": "on",
        "rules": ["judicial-warrant", "no-facilitation", "defined-access", "clear-identification",
                  "dont-ask", "privacy-protection", "discriminatory-surveillance", "redress",
                  "fair-impartial-policing"],
        "executive": "Mayor", "police": "Loadville Police Department", "documents": ["ordinance"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pids += [int(c) for c in children]
        except (FileNotFoundError, AttributeError, ProcessLookupError):
            continue
    return total / 1024


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def latencies(base: str, fields: dict, check) -> tuple[list[float], list[float]]:
    """Seconds of 20 requests one after another, then of 8 sent at once (each its own
    client, as 8 people pressing the button together)."""
    session = Session(base)
    sequential = []
    for _ in range(20):
        started = time.perf_counter()
        check(session.post(**fields))
        sequential.append(time.perf_counter() - started)
    sessions = [Session(base) for _ in range(8)]
    together: list[float] = []
    gate = threading.Barrier(8)

    def one(client: Session) -> None:
        gate.wait()
        started = time.perf_counter()
        check(client.post(**fields))
        together.append(time.perf_counter() - started)

    threads = [threading.Thread(target=one, args=(client,)) for client in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sequential, together


def _preview_ok(response) -> None:
    if response.status_code != 200 or "Loadville" not in response.json()["preview"]:
        raise SystemExit(f"a preview failed: {response.status_code}")


def _download_ok(response) -> None:
    if response.status_code != 200 or not response.content.startswith(b"PK"):
        raise SystemExit(f"a download failed: {response.status_code}")


_addresses = iter(range(10, 250))


def new_address() -> str:
    """A loopback address of its own for each client (Linux routes all of 127.0.0.0/8 to
    this machine)."""
    return f"127.0.0.{next(_addresses)}"


class Session:
    """A client with the CSRF cookie and token, as a browser would have them, from an
    address of its own."""

    def __init__(self, base: str, address: str | None = None):
        self.client = httpx.Client(base_url=base, timeout=120, transport=httpx.HTTPTransport(
            local_address=address or new_address()))
        self.client.get("/")
        self.token = self.client.cookies.get("drafter_csrf")

    def post(self, **fields):
        return self.client.post("/", data={**FORM, **fields, "csrf_token": self.token},
                                headers={"X-Requested-With": "fetch"})


def main() -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(BIN / "drafter"), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    results: dict[str, float] = {}
    try:
        wait_ready(base)
        results["serve: memory at start (server + workers), MB"] = rss_mb(server.pid)

        probe = httpx.Client(base_url=base, timeout=30)   # one connection, as a browser keeps
        alone = []
        for _ in range(40):
            started = time.perf_counter()
            probe.get("/")
            alone.append((time.perf_counter() - started) * 1000)
        results["serve: GET / alone, median ms"] = statistics.median(alone)
        results["serve: GET / alone, p95 ms"] = p95(alone)

        for name, fields, check in (("preview", {"action": "preview"}, _preview_ok),
                                    ("download", {"format": "both"}, _download_ok)):
            sequential, together = latencies(base, fields, check)
            results[f"serve: ordinance {name}, 20 one after another, p50 ms"] = statistics.median(sequential) * 1000
            results[f"serve: ordinance {name}, 20 one after another, p95 ms"] = p95(sequential) * 1000
            results[f"serve: ordinance {name}, 8 at once, p50 ms"] = statistics.median(together) * 1000
            results[f"serve: ordinance {name}, 8 at once, p95 ms"] = p95(together) * 1000

        # 8 clients download zips of PDFs; GET / is timed while they render.
        downloads: list[float] = []
        statuses: list[int] = []

        def download():
            session = Session(base)
            started = time.perf_counter()
            response = session.post(documents=["ordinance", "resolution", "petition"], format="pdf")
            statuses.append(response.status_code)
            downloads.append(time.perf_counter() - started)

        threads = [threading.Thread(target=download) for _ in range(8)]
        for thread in threads:
            thread.start()
        during: list[float] = []
        deadline = time.monotonic() + 120
        while any(t.is_alive() for t in threads) and len(during) < 200 and time.monotonic() < deadline:
            started = time.perf_counter()
            probe.get("/")
            during.append((time.perf_counter() - started) * 1000)
            time.sleep(0.05)
        for thread in threads:
            thread.join(timeout=180)
        results["serve: GET / during 8 PDF zips, p95 ms"] = p95(during)
        results["serve: GET / during 8 PDF zips, max ms"] = max(during)
        results["serve: 8 PDF zips, slowest s"] = max(downloads)
        results["serve: 8 PDF zips, answered (200)"] = statuses.count(200)
        results["serve: 8 PDF zips, told busy (503)"] = statuses.count(503)

        # Previews per second, 4 clients, bounded.
        count = 0
        lock = threading.Lock()
        stop_at = time.monotonic() + 60

        def previews():
            nonlocal count
            session = Session(base)
            while time.monotonic() < stop_at:
                with lock:
                    if count >= 80:
                        return
                    count += 1
                response = session.post(action="preview")
                if response.status_code != 200 or "Loadville" not in response.json()["preview"]:
                    raise SystemExit(f"a preview failed: {response.status_code}")

        started = time.perf_counter()
        workers = [threading.Thread(target=previews) for _ in range(4)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
        results["serve: previews per second (4 clients)"] = count / (time.perf_counter() - started)
        results.update(under_attack(base, port))
        results["serve: memory after (server + workers), MB"] = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"figures": results, "table": table(results)}


def wait_ready(base: str) -> None:
    """Until the server (each of its processes, asked a few times) says it is ready."""
    ready = 0
    for _ in range(1200):
        try:
            ready = ready + 1 if httpx.get(base + "/readyz", timeout=1).status_code == 200 else 0
        except httpx.HTTPError:
            ready = 0
        if ready >= 8:
            return
        time.sleep(0.05)
    raise SystemExit("drafter serve did not become ready")


def scaling(processes: tuple[int, ...] = (1, 2, 4), seconds: float = 15) -> dict:
    """The hosted page (README: drafter serve --workers N, one render worker each) at 1, 2
    and 4 server processes on this machine: ordinance previews per second and their p95
    with 8 clients for `seconds`, whole-packet downloads per second and their p95 with 4
    clients (12 packets), and the memory of each server process with its render worker."""
    import os

    found: dict = {}
    for count in processes:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "DRAFTER_RENDER_WORKERS": "1", "DRAFTER_MAX_QUEUED_RENDERS": "64",
               "DRAFTER_RENDERS_PER_CLIENT": "4"}
        server = subprocess.Popen([str(BIN / "drafter"), "serve", "--port", str(port),
                                   "--workers", str(count)], env=env, cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_ready(base)
            row = {}
            for name, fields, clients, limit in (
                    ("preview", {"action": "preview"}, 8, None),
                    ("packet", {"action": "packet"}, 4, 12)):
                times: list[float] = []
                refused = 0
                lock = threading.Lock()
                stop_at = time.monotonic() + seconds * (3 if limit else 1)

                def client():
                    nonlocal refused
                    session = Session(base)
                    while time.monotonic() < stop_at:
                        with lock:
                            if limit and len(times) + refused >= limit:
                                return
                        started = time.perf_counter()
                        response = session.post(**fields)
                        with lock:
                            if response.status_code == 200:
                                times.append(time.perf_counter() - started)
                            else:
                                refused += 1

                started = time.perf_counter()
                threads = [threading.Thread(target=client) for _ in range(clients)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                wall = time.perf_counter() - started
                row[name] = {"per_second": len(times) / wall, "p95_ms": p95(times) * 1000,
                             "refused": refused}
            # One process: the server itself; several: each child of the supervisor
            # (uvicorn's) that runs the page, with its render worker.
            children = [int(c) for task in Path(f"/proc/{server.pid}/task").iterdir()
                        for c in (task / "children").read_text().split()]
            servers = [server.pid] if count == 1 else [
                pid for pid in children if Path(f"/proc/{pid}/task").exists() and any(
                    (task / "children").read_text().split()
                    for task in Path(f"/proc/{pid}/task").iterdir())]
            row["memory_per_process_mb"] = statistics.mean(rss_mb(pid) for pid in servers)
            found[count] = row
        finally:
            server.terminate()
            server.wait(timeout=30)
    return found


def victim(base: str, seconds: float) -> tuple[list[float], int, int]:
    """A visitor from 127.0.0.1 for `seconds`: GET / every 50 ms (ms each), and a preview
    every second. Returns the GET / times, requests served (200) and requests made."""
    session = Session(base, "127.0.0.1")
    times: list[float] = []
    served = made = 0
    stop_at = time.monotonic() + seconds
    next_preview = time.monotonic()
    while time.monotonic() < stop_at and made < 400:
        started = time.perf_counter()
        response = session.client.get("/")
        times.append((time.perf_counter() - started) * 1000)
        made, served = made + 1, served + (response.status_code == 200)
        if time.monotonic() >= next_preview:
            next_preview += 1.0
            response = session.post(action="preview")
            made, served = made + 1, served + (response.status_code == 200)
        time.sleep(0.05)
    return times, served, made


def under_attack(base: str, port: int) -> dict[str, float]:
    """The idle-socket and greedy-client cases of SECURITY.md (rows 21 and 22)."""
    results: dict[str, float] = {}
    idle = []
    for _ in range(100):                 # connected, and never a byte sent
        sock = socket.socket()
        sock.bind(("127.0.0.2", 0))
        sock.connect(("127.0.0.1", port))
        idle.append(sock)
    try:
        times, served, made = victim(base, 8)
    finally:
        for sock in idle:
            sock.close()
    results["serve: 100 idle sockets: victim GET / p95 ms"] = p95(times)
    results["serve: 100 idle sockets: victim served %"] = 100 * served / made

    greedy_statuses: list[int] = []
    stop = threading.Event()

    def greedy(session: Session) -> None:
        while not stop.is_set():
            greedy_statuses.append(session.post(action="packet").status_code)

    greedy_address = "127.0.0.3"
    sessions = [Session(base, greedy_address) for _ in range(8)]
    threads = [threading.Thread(target=greedy, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    try:
        times, served, made = victim(base, 15)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    results["serve: greedy client: victim GET / p95 ms"] = p95(times)
    results["serve: greedy client: victim served %"] = 100 * served / made
    results["serve: greedy client: its requests told busy %"] = (
        100 * greedy_statuses.count(503) / max(len(greedy_statuses), 1))
    return results


def table(r: dict) -> list[tuple[str, str]]:
    """The web page's rows of README.md's table."""
    def pair(name: str) -> str:
        return f"{r[name + ', p50 ms']:.0f} ms / {r[name + ', p95 ms']:.0f} ms"

    return [
        ("`GET /` alone, median / p95", f"{r['serve: GET / alone, median ms']:.1f} ms / "
                                        f"{r['serve: GET / alone, p95 ms']:.1f} ms"),
        ("ordinance preview, 20 one after another, p50 / p95",
         pair("serve: ordinance preview, 20 one after another")),
        ("ordinance preview, 8 at once, p50 / p95", pair("serve: ordinance preview, 8 at once")),
        ("ordinance download (DOCX + PDF zip), 20 one after another, p50 / p95",
         pair("serve: ordinance download, 20 one after another")),
        ("ordinance download, 8 at once, p50 / p95", pair("serve: ordinance download, 8 at once")),
        ("`GET /` while 8 clients download zips of 3 PDFs, p95 / max",
         f"{r['serve: GET / during 8 PDF zips, p95 ms']:.0f} ms / "
         f"{r['serve: GET / during 8 PDF zips, max ms']:.0f} ms"),
        ("previews per second, 4 clients", f"{r['serve: previews per second (4 clients)']:.0f}"),
        ("100 idle sockets held open: a victim's GET / p95 / requests served",
         f"{r['serve: 100 idle sockets: victim GET / p95 ms']:.0f} ms / "
         f"{r['serve: 100 idle sockets: victim served %']:.0f} % (goal: < 100 ms / 100 %)"),
        ("one client keeping 8 packets under way: a victim's GET / p95 / requests served "
         "(GET / and previews) / the greedy client's requests told busy",
         f"{r['serve: greedy client: victim GET / p95 ms']:.0f} ms / "
         f"{r['serve: greedy client: victim served %']:.0f} % / "
         f"{r['serve: greedy client: its requests told busy %']:.0f} % "
         "(goal: < 100 ms / 100 %)"),
        ("server memory, its process and workers: at start / after",
         f"{r['serve: memory at start (server + workers), MB']:.0f} MB / "
         f"{r['serve: memory after (server + workers), MB']:.0f} MB"),
    ]


if __name__ == "__main__":
    for name, value in main()["table"]:
        print(f"{name}: {value}")
