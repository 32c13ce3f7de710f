"""The warm start: a drafting command run by a process that has drafter loaded already.

A cold `drafter packet` spends about half a second importing drafter's libraries and
WeasyPrint, loading the fonts and reading drafter's own data before it drafts a word. When
a drafting command (WARM_COMMANDS) ends, it starts a warm process in the background that has
them loaded and waits. The next drafting command hands it its arguments, its working
folder, environment and standard input, output and error (the file descriptors
themselves), and the signals it ignores; the warm process forks a copy of itself that runs
the command exactly as `drafter` would: same code, same output in the same terminal, same
files, same exit status. Signals sent to the command (Ctrl-C, Ctrl-Z, kill) reach the copy,
and the copy ends with its caller. Nothing is started by hand; without a warm process a
command runs as before, and starts one for next time.

The warm process ends when it has been idle for DRAFTER_WARM_SECONDS (default 600; 0 turns
the warm start off), when its key no longer matches (checked every KEY_CHECK_SECONDS), or
when its socket file is removed or replaced. It serves only its user, and only commands
that would run the same cold:
- its socket is in a folder only that user can open ($XDG_RUNTIME_DIR/drafter when that
  folder is the user's own, else drafter-<uid> in the temporary folder), checked before
  every use; a folder that is not the user's own and private, or whose parent others can
  change, is not used; both ends check that the other runs as the same user (SO_PEERCRED);
- the socket's name is a key (key()) of drafter's source and data files, the installed
  packages, the system's shared libraries and font folders, Python and its flags, and the
  caller's own context: groups, resource limits, namespaces, control group, priority,
  encodings, PYTHON* and LD_* variables, DRAFTER_WARM_SECONDS. A command whose context
  differs (run in a sandbox, under `prlimit`, with another group) finds no warm process of
  its key and runs cold;
- besides code it holds only drafter's own data (the clause library, forms of government,
  state law, page templates: WARM_UP_PROFILE's drafts read them), which the key covers; a
  user's profiles, clause folders and templates are read by each command.
A command run under a debugger, profiler or tracer, or with -X or -W options, runs cold.
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

from .launch import WARM_COMMANDS

KEY_CHECK_SECONDS = 10                # an idle warm process ends this soon after a change
_FRAME = struct.Struct(">I")          # a message: its JSON's length, then the JSON
_MAX_MESSAGE = 1024 * 1024            # arguments and environment
_CREDENTIALS = struct.Struct("3i")    # SO_PEERCRED: pid, uid, gid
_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")   # passed on to the command
_HANDSHAKE_SECONDS = 5.0              # a warm process that does not start the command by
                                      # then is passed over: the command runs cold


def idle_seconds() -> int:
    """How long the warm process waits for a command before it ends (DRAFTER_WARM_SECONDS)."""
    from .settings import setting

    return setting("WARM_SECONDS", 600, 0, 86_400)


def _private(folder: Path, owners: tuple[int, ...], *, closed: bool = False) -> bool:
    """Whether `folder` is a real folder (not a link) owned by one of `owners` that no one
    else can open (`closed`), or else write to unless it has the sticky bit (/tmp)."""
    try:
        mode, owner = (found := os.lstat(folder)).st_mode, found.st_uid
    except OSError:
        return False
    others = mode & 0o077 if closed else mode & 0o022 and not mode & stat.S_ISVTX
    return stat.S_ISDIR(mode) and owner in owners and not others


def _folder() -> Path | None:
    """The user's own folder for the socket, made when missing; None when it or its parent
    is not private (owned by another user, open to others, a link) or cannot be made."""
    uid = os.getuid()
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if os.path.isabs(runtime) and _private(Path(runtime), (uid,)):
        folder = Path(runtime, "drafter")
    else:                # e.g. `su` without `-`: another user's runtime folder is not used
        folder = Path(tempfile.gettempdir(), f"drafter-{uid}")
        if not _private(folder.parent, (uid, 0)):
            return None
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    return folder if _private(folder, (uid,), closed=True) else None


def _walk(folder: str, suffix: str = "", folders_only: bool = False):
    """Every file under `folder` (ending in `suffix`; or every folder) and its stat."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    if folders_only:
        try:
            yield folder, os.stat(folder)
        except OSError:
            return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, suffix, folders_only)
        elif not folders_only and entry.name.endswith(suffix):
            try:
                yield entry.path, entry.stat()
            except OSError:         # gone since the folder was listed
                continue


def _context() -> list[str]:
    """The caller's own context, which a command takes from its process: what runs it,
    with which groups, limits, namespaces and encodings."""
    import resource

    found = [sys.executable, sys.version, repr(sys.flags), repr(sys.path[1:]),
             sys.getfilesystemencoding(), sys.getfilesystemencodeerrors(),
             repr((os.getuid(), os.getgid(), sorted(os.getgroups()))),
             repr(os.getpriority(os.PRIO_PROCESS, 0)), str(idle_seconds())]
    found += [f"{name}={resource.getrlimit(getattr(resource, name))}"
              for name in sorted(dir(resource)) if name.startswith("RLIMIT_")]
    for name in ("cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"):
        try:
            found.append(os.readlink(f"/proc/self/ns/{name}"))
        except OSError:
            pass
    try:
        found.append(Path("/proc/self/cgroup").read_text())
    except OSError:
        pass
    found += sorted(f"{k}={v}" for k, v in os.environ.items() if k.startswith(("PYTHON", "LD_")))
    return found


@cache
def key() -> str:
    """This code's and this caller's key: drafter's source files and data folders, the
    installed packages (their folders of metadata), the system's shared libraries
    (ld.so.cache) and font folders, each by size and modification time; and _context()."""
    import hashlib

    from .paths import data_root

    found = list(_walk(os.path.dirname(os.path.abspath(__file__)), ".py"))
    for folder in ("clauses", "jurisdictions", "templates", "locale"):
        found += _walk(os.path.join(data_root(), folder))
    for entry in sys.path[1:]:                     # pip writes a new .dist-info per version
        try:
            found += [(f.path, f.stat()) for f in os.scandir(entry or ".")
                      if f.name.endswith((".dist-info", ".egg-info", ".pth", ".egg-link"))]
        except OSError:
            pass
    home = os.path.expanduser("~")
    for fonts in ("/etc/fonts", "/usr/share/fonts", "/usr/local/share/fonts",
                  "/var/cache/fontconfig", f"{home}/.fonts", f"{home}/.local/share/fonts",
                  f"{home}/.cache/fontconfig", f"{home}/.config/fontconfig"):
        found += _walk(fonts, folders_only=True)       # a new font changes its folder
    for path in ("/etc/ld.so.cache", "/etc/localtime"):
        try:
            found.append((path, os.stat(path)))
        except OSError:
            pass
    digest = hashlib.sha256("\0".join(_context()).encode("utf-8", "surrogateescape"))
    for path, status in sorted(found):
        digest.update(f"\0{path}\0{status.st_size}\0{status.st_mtime_ns}".encode(
            "utf-8", "surrogateescape"))
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


class _Reader:
    """Messages from a socket, one at a time (two may arrive in one piece)."""

    def __init__(self, connection: socket.socket, first: bytes = b""):
        self.connection, self.data = connection, first

    def _exactly(self, size: int) -> bytes:
        while len(self.data) < size:
            part = self.connection.recv(65536)
            if not part:
                raise EOFError
            self.data += part
        taken, self.data = self.data[:size], self.data[size:]
        return taken

    def message(self) -> dict:
        """The next message; EOFError when the other end closed, ValueError when it is not
        one."""
        (size,) = _FRAME.unpack(self._exactly(_FRAME.size))
        if size > _MAX_MESSAGE:
            raise ValueError("message too long")
        value = json.loads(self._exactly(size))
        if not isinstance(value, dict):
            raise ValueError("not a message")
        return value


# -- the command's side ------------------------------------------------------------------

def wants_warm(argv: list[str]) -> bool:
    """Whether `drafter ARGV` may run warm: a drafting command, not run under a debugger,
    profiler or tracer, nor with -X or -W options (they would not reach the warm copy)."""
    return bool(argv) and argv[0] in WARM_COMMANDS and sys.gettrace() is None and \
        sys.getprofile() is None and not sys._xoptions and not sys.warnoptions


def _program_name() -> str:
    """The name a cold run's usage lines give: click's own guess (python -m drafter)."""
    try:
        from click.utils import _detect_program_name
    except ImportError:             # a private function of click's: gone in a later click
        return os.path.basename(sys.argv[0])
    return _detect_program_name()


def run_warm(argv: list[str], path: Path) -> int | None:
    """Run `drafter ARGV` in the warm process listening at `path` (socket_path()): its exit
    status, or None when there is none to run it (the caller runs it itself)."""
    import signal

    ignored = [name for name in (*_SIGNALS, "SIGTSTP")
               if signal.getsignal(getattr(signal, name)) == signal.SIG_IGN]
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    here = None
    try:
        connection.settimeout(_HANDSHAKE_SECONDS)
        connection.connect(os.fsencode(path))
        if not _same_user(connection):
            raise OSError("another user's socket")
        umask = os.umask(0)
        os.umask(umask)
        here = os.open(".", os.O_RDONLY | os.O_DIRECTORY)   # the folder itself, not its name
        streams = [(s.encoding, s.errors) if s is not None else None
                   for s in (sys.stdin, sys.stdout, sys.stderr)]
        request = _message({"argv": [sys.argv[0], *argv], "prog_name": _program_name(),
                            "env": dict(os.environ), "umask": umask, "streams": streams,
                            "ignored": ignored})
        sent = socket.send_fds(connection, [request], [0, 1, 2, here])
        connection.sendall(request[sent:])
        reader = _Reader(connection)
        pid = int(reader.message()["pid"])
    except (OSError, EOFError, ValueError, KeyError, TypeError):
        connection.close()
        return None                     # nothing ran: the command runs here
    finally:
        if here is not None:
            os.close(here)
    connection.settimeout(None)
    forwarded: list[int] = []

    def pass_on(number, _frame) -> None:
        forwarded.append(number)
        try:
            os.kill(pid, number)
        except OSError:
            pass

    def stop(_number, _frame) -> None:
        """Ctrl-Z: stop the command, then this process; on `fg`, go on together."""
        try:
            os.kill(pid, signal.SIGSTOP)
        except OSError:
            pass
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)         # stopped here until continued
        signal.signal(signal.SIGTSTP, stop)
        try:
            os.kill(pid, signal.SIGCONT)
        except OSError:
            pass

    for name in _SIGNALS:
        if name not in ignored:
            signal.signal(getattr(signal, name), pass_on)
    if "SIGTSTP" not in ignored:
        signal.signal(signal.SIGTSTP, stop)
    try:
        return int(reader.message()["exit"])
    except (OSError, EOFError, ValueError, KeyError, TypeError):
        if forwarded:           # ended by a signal it was sent: end by it here too
            signal.signal(forwarded[-1], signal.SIG_DFL)
            os.kill(os.getpid(), forwarded[-1])
        print("drafter: the command ended before it finished (its process was stopped)",
              file=sys.stderr)
        return 1


def start() -> None:
    """Start this code's warm process in the background, for the next command (the caller
    found socket_path() set); it ends by itself, and if one is running or starting already,
    the new one ends at once."""
    import subprocess

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


def _still_current(path: Path) -> bool:
    """Whether this code and data still have the key `path` was named by."""
    key.cache_clear()
    try:
        return socket_path() == path
    except Exception:                   # noqa: BLE001 -- whatever changed, this one is done
        return False


def serve() -> None:
    """The warm process: load, then fork a copy for each command until idle."""
    import fcntl
    import gc
    import signal
    import time

    for number in signal.valid_signals():       # none ignored because its starter ignored it
        if number not in (signal.SIGKILL, signal.SIGSTOP, signal.SIGPIPE):
            try:
                signal.signal(number, signal.SIG_DFL)
            except (OSError, ValueError):
                pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))     # its socket removed on the way
    path = socket_path()
    if path is None:
        return
    lock = os.open(path.with_suffix(".lock"),
                   os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return                      # another warm process of this code runs or is starting
    _remove_stale(path.parent, path.stem)
    load()
    if not _still_current(path):
        return                      # drafter changed while it loaded: the next command starts one
    gc.collect()
    gc.freeze()                     # what is loaded stays: the copies' collections skip it
    idle = idle_seconds()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    making = path.with_name(f"{os.getpid()}.new")          # no longer than `path`
    identity = None
    try:
        umask = os.umask(0o077)             # the socket is made private, not chmod-ed after
        try:
            listener.bind(os.fsencode(making))
        finally:
            os.umask(umask)
        listener.listen(16)
        os.replace(making, path)        # ready: commands find it only now
        identity = os.stat(path).st_ino
        listener.settimeout(1.0)
        running: set[int] = set()
        last = checked = time.monotonic()
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
            now = time.monotonic()
            if not running and now - last > idle:
                return
            if not running and now - checked > KEY_CHECK_SECONDS:
                checked = now
                if not _still_current(path):
                    return
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            pid = _fork_command(listener, lock, connection)
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


def _fork_command(listener: socket.socket, lock: int, connection: socket.socket) -> int | None:
    """Read a command's request and fork the copy that runs it; its pid, or None when the
    request was refused (another user, not a request, too slow to arrive)."""
    fds: list[int] = []
    try:
        connection.settimeout(2.0)
        if not _same_user(connection):
            return None
        first, fds, _, _ = socket.recv_fds(connection, 65536, 4)
        request = _Reader(connection, first).message()
        argv = request.get("argv")
        if len(fds) != 4 or not isinstance(argv, list) or not wants_warm(argv[1:]):
            return None
        pid = os.fork()
        if pid == 0:
            try:
                _run_command(listener, lock, connection, request, fds)
            finally:
                os._exit(1)         # never back into the server's loop
        return pid
    except Exception:                   # noqa: BLE001 -- a bad request is refused, not fatal
        return None
    finally:
        for fd in fds:
            os.close(fd)
        connection.close()


def _run_command(listener: socket.socket, lock: int, connection: socket.socket,
                 request: dict, fds: list[int]) -> None:
    """In the forked copy: become the command (its streams, folder, environment, umask,
    ignored signals, arguments), run it as `drafter` would, and tell the command's side
    how it ended."""
    import signal
    import threading
    import time

    for name in (*_SIGNALS, "SIGTSTP"):                  # the command's, not the server's
        number = getattr(signal, name)
        signal.signal(number, signal.SIG_IGN if name in request.get("ignored", ())
                      else signal.SIG_DFL)
    if "SIGINT" not in request.get("ignored", ()):
        signal.signal(signal.SIGINT, signal.default_int_handler)
    code = 1
    try:
        listener.close()
        os.close(lock)              # a command left running holds no lock of the server's
        for number, fd in enumerate(fds[:3]):
            os.dup2(fd, number)
        os.fchdir(fds[3])
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.umask(int(request["umask"]))
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in dict(request["env"]).items()})
        time.tzset()                                # the caller's TZ for every date drafted
        tempfile.tempdir = None                     # found again from this environment
        for number, name in enumerate(("stdin", "stdout", "stderr")):
            encoding, errors = request["streams"][number] or ("utf-8", "strict")
            tty = os.isatty(number)
            stream = open(number, "r" if number == 0 else "w", encoding=encoding,
                          errors=errors, closefd=False, buffering=1 if tty or number == 2 else -1)
            setattr(sys, name, stream)
            setattr(sys, f"__{name}__", stream)
        sys.argv = [str(a) for a in request["argv"]]
        connection.settimeout(None)
        try:
            connection.sendall(_message({"pid": os.getpid()}))
        except OSError:
            os._exit(1)                           # its caller is gone already
        # The command's side gone (killed): end at once, as a command killed would.
        threading.Thread(target=_end_with, args=(connection,), daemon=True).start()
        from .cli import run

        try:
            run(str(request.get("prog_name") or "drafter"))
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
    os.kill(os.getpid(), signal.SIGKILL)        # its render helpers end with it (PDEATHSIG)


if __name__ == "__main__":
    serve()
