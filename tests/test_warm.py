"""The warm start (drafter.warm): after a drafting command, the next one runs in a process
that has drafter loaded, with the same output, files and exit status; it serves only its
user's private folder, ends when idle, and holds no data between commands."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, child_pids, running

DRAFTER = str(Path(sys.executable).parent / "drafter")
PROFILE = str(ROOT / "jurisdictions/juniper-county.yaml")

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the warm start is Linux only")


@pytest.fixture
def runtime():
    """A private folder for the socket, with a short name (a socket's path is at most 107
    bytes); the warm processes started in it are stopped afterwards."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="dw-"))
    yield folder
    for pid in warm_pids(folder):
        os.kill(pid, signal.SIGTERM)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def warm_env(runtime):
    """An environment with the warm start on, its folder `runtime`."""
    return dict(os.environ, DRAFTER_WARM_SECONDS="30", XDG_RUNTIME_DIR=str(runtime))


def warm_pids(runtime: Path) -> list[int]:
    """The warm processes whose lock is in `runtime` (from /proc: their open files)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if any(str(runtime) in os.readlink(fd) for fd in (proc / "fd").iterdir()):
                found.append(int(proc.name))
        except OSError:
            continue
    return [pid for pid in found if pid != os.getpid()]


def drafter(env, *args, cwd=None):
    return subprocess.run([DRAFTER, *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120)


def socket_in(runtime: Path, seconds: float = 30) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = list((runtime / "drafter").glob("*.sock"))
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError("no warm process started")


def without_timing(text: str) -> str:
    return re.sub(r"Done in [\d.]+ s", "Done in N s", text)


def test_the_next_drafting_command_runs_warm_with_the_same_output_files_and_status(
        warm_env, runtime, tmp_path):
    args = ("draft", "resolution", "-j", PROFILE, "--format", "pdf,docx,md")
    cold = drafter(warm_env, *args, "--out", str(tmp_path / "cold"), cwd=tmp_path)
    assert cold.returncode == 0, cold.stderr
    socket_in(runtime)
    # The same command, now run by the warm process: relative --out in this folder.
    warm = drafter(warm_env, *args, "--out", "warm", cwd=tmp_path)
    assert warm.returncode == 0, warm.stderr
    assert without_timing(warm.stderr).replace("warm", "cold") == \
        without_timing(cold.stderr).replace(str(tmp_path / "cold"), "cold")
    for made in sorted((tmp_path / "cold").iterdir()):
        other = tmp_path / "warm" / made.name
        if made.suffix == ".docx":      # a zip: its entries' times differ from run to run
            with zipfile.ZipFile(made) as a, zipfile.ZipFile(other) as b:
                assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}
        else:
            assert made.read_bytes() == other.read_bytes(), made.name
    # A bad profile: the same message and exit status as a cold run.
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Nowhere\n")
    refused = drafter(warm_env, "draft", "ordinance", "-j", str(bad), "--out", "x", cwd=tmp_path)
    cold_env = dict(warm_env, DRAFTER_WARM_SECONDS="0")
    refused_cold = drafter(cold_env, "draft", "ordinance", "-j", str(bad), "--out", "x", cwd=tmp_path)
    assert (refused.returncode, refused.stdout, refused.stderr) == \
        (refused_cold.returncode, refused_cold.stdout, refused_cold.stderr)
    assert refused.returncode == 1 and "kind: required field is missing" in refused.stderr
    assert "Traceback" not in refused.stderr and not (tmp_path / "x").exists()


def python(env, code: str, cwd=None) -> subprocess.CompletedProcess:
    """`code` run by this Python in a new process, as drafter's own command would be (the
    warm process serves only callers of its key: the same Python, path and context)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


def test_the_warm_process_runs_the_command_it_is_handed(warm_env, runtime, tmp_path):
    """What the command's side does: a status back means the warm process ran it (None
    would mean the caller runs it itself)."""
    drafter(warm_env, "draft", "petition", "--format", "md", "--out", str(tmp_path / "a"))
    socket_in(runtime)
    asked = python(warm_env, "from drafter import warm\n"
                   "path = warm.socket_path()\n"
                   "print(warm.run_warm(['draft', 'petition', '--format', 'md', '--out', 'b'], path))\n"
                   "print(warm.run_warm(['draft', 'petition', '--rules', '42', '--out', 'c'], path))\n"
                   "print(warm.run_warm(['list', 'documents'], path))\n", cwd=tmp_path)
    assert asked.stdout.split()[-3:] == ["0", "1", "None"], asked.stderr     # None: not drafting
    assert (tmp_path / "b" / "city-of-elm-harbor-petition.md").read_text() == \
        (tmp_path / "a" / "city-of-elm-harbor-petition.md").read_text()
    assert "42" in asked.stderr and not (tmp_path / "c").exists()


def test_a_command_takes_the_callers_time_zone(warm_env, runtime, tmp_path):
    """The warm process started with none; the command's TZ decides the letter's date."""
    import datetime as dt

    drafter(warm_env, "draft", "petition", "--format", "md", "--out", str(tmp_path / "a"))
    socket_in(runtime)
    # A zone whose date now differs from UTC's (the warm process's): +14 h or -12 h.
    zone, hours = ("Etc/GMT-14", 14) if dt.datetime.utcnow().hour >= 10 else ("Etc/GMT+12", -12)
    today = (dt.datetime.utcnow() + dt.timedelta(hours=hours)).date()
    env = dict(warm_env, TZ=zone)
    for where, run_env in (("warm", env), ("cold", dict(env, DRAFTER_WARM_SECONDS="0"))):
        made = drafter(run_env, "draft", "letter", "--format", "md", "--out", str(tmp_path / where))
        assert made.returncode == 0, made.stderr
    letters = sorted((tmp_path / "warm").glob("*.md"))
    assert letters and all(f"{today:%B} {today.day}, {today.year}" in letter.read_text()
                           for letter in letters)
    assert [p.read_text() for p in letters] == \
        [p.read_text() for p in sorted((tmp_path / "cold").glob("*.md"))]


def test_two_messages_in_one_piece_are_both_read():
    from drafter import warm

    mine, theirs = socket.socketpair()
    theirs.sendall(warm._message({"pid": 7}) + warm._message({"exit": 2}))
    reader = warm._Reader(mine)
    assert (reader.message(), reader.message()) == ({"pid": 7}, {"exit": 2})
    mine.close(), theirs.close()


def test_a_caller_with_other_limits_or_groups_has_another_key(tmp_path):
    """A command under other resource limits (prlimit, a sandbox) or another warm time
    finds no warm process of another context: its key differs."""
    code = "from drafter import warm; print(warm.key())"
    env = dict(os.environ, DRAFTER_WARM_SECONDS="30")
    plain = python(env, code).stdout
    limited = python(env, "import resource; resource.setrlimit(resource.RLIMIT_FSIZE, "
                     "(10**6, resource.getrlimit(resource.RLIMIT_FSIZE)[1])); " + code).stdout
    other_wait = python(dict(env, DRAFTER_WARM_SECONDS="31"), code).stdout
    assert plain.strip() and python(env, code).stdout == plain
    assert limited != plain and other_wait != plain


def test_the_warm_process_ends_when_idle(runtime, tmp_path):
    env = dict(os.environ, DRAFTER_WARM_SECONDS="1", XDG_RUNTIME_DIR=str(runtime))
    assert drafter(env, "draft", "petition", "--format", "md", "--out", str(tmp_path)).returncode == 0
    path = socket_in(runtime)
    deadline = time.monotonic() + 30
    while (path.exists() or warm_pids(runtime)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not path.exists() and warm_pids(runtime) == []


@pytest.mark.parametrize("why", ["open to others", "a link", "another user's"])
def test_a_folder_that_is_not_private_is_not_used(runtime, tmp_path, why):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    if why == "a link":
        (runtime / "drafter").symlink_to(elsewhere)
    else:
        (runtime / "drafter").mkdir(mode=0o700)
    if why == "open to others":
        os.chmod(runtime / "drafter", 0o777)
    elif why == "another user's":
        if os.getuid() != 0:
            pytest.skip("giving a folder to another user needs root")
        os.chown(runtime / "drafter", 65534, 65534)
    env = dict(os.environ, DRAFTER_WARM_SECONDS="30", XDG_RUNTIME_DIR=str(runtime))
    made = drafter(env, "draft", "petition", "--format", "md", "--out", str(tmp_path / "out"))
    assert made.returncode == 0, made.stderr            # drafted all the same, cold
    time.sleep(1)
    assert not list((runtime / "drafter").glob("*")) and not list(elsewhere.glob("*"))
    assert warm_pids(runtime) == [] and warm_pids(elsewhere) == []


def test_a_socket_that_answers_badly_is_passed_over(warm_env, tmp_path):
    """A listener at the socket's place that closes every connection: the command runs
    itself, and a warm process replaces the listener."""
    path = Path(python(warm_env, "from drafter import warm; print(warm.socket_path())").stdout.strip())
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    fake = path.stat().st_ino
    listener.listen(4)
    listener.settimeout(0.1)
    process = subprocess.Popen([DRAFTER, "draft", "petition", "--format", "md", "--out",
                                str(tmp_path / "out")], env=warm_env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    closed = 0
    while process.poll() is None:
        try:
            connection, _ = listener.accept()
            connection.close()
            closed += 1
        except TimeoutError:
            pass
    assert process.returncode == 0 and closed == 1, process.stderr.read()
    assert (tmp_path / "out" / "city-of-elm-harbor-petition.md").exists()
    deadline = time.monotonic() + 30
    while path.stat().st_ino == fake and time.monotonic() < deadline:
        time.sleep(0.1)
    listener.close()
    assert drafter(warm_env, "draft", "petition", "--format", "md", "--out",
                   str(tmp_path / "again")).returncode == 0


@pytest.mark.parametrize("number", [signal.SIGKILL, signal.SIGTERM])
def test_a_command_whose_caller_is_killed_ends_too(warm_env, runtime, tmp_path, number):
    """Its caller killed: the command's copy ends and writes nothing; sent SIGTERM, the
    caller ends by it, as a cold command does."""
    drafter(warm_env, "draft", "petition", "--format", "md", "--out", str(tmp_path / "a"))
    socket_in(runtime)
    (warm_pid,) = warm_pids(runtime)
    caller = subprocess.Popen([DRAFTER, "draft", "petition", "--sheets", "50", "--out",
                               str(tmp_path / "b")], env=warm_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not child_pids(warm_pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    (command,) = child_pids(warm_pid)
    caller.send_signal(number)
    assert caller.wait(timeout=20) == -number
    deadline = time.monotonic() + 20
    while running(command) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(command) and not (tmp_path / "b").exists()
    assert running(warm_pid)               # the warm process itself waits for the next

def test_a_warm_command_reads_the_users_files_afresh(warm_env, runtime, tmp_path):
    """The warm process holds drafter's own data only: a user's clause folder and profile
    edited between two commands are read as they are now."""
    assert drafter(warm_env, "clause", "copy", "judicial-warrant", "--to", "mine",
                   cwd=tmp_path).returncode == 0
    profile = tmp_path / "city.yaml"
    profile.write_text((ROOT / "jurisdictions/elm-harbor-city.yaml").read_text())
    clause = tmp_path / "mine" / "judicial-warrant.md"
    model = clause.read_text()
    args = ("draft", "ordinance", "-j", "city.yaml", "--clauses", "mine", "--format", "md",
            "--out", "out")
    made = tmp_path / "out" / "city-of-elm-harbor-ordinance.md"
    for words in ("First added sentence.", "A second, longer added sentence."):
        clause.write_text(model.rstrip("\n") + f" {words}\n")
        result = drafter(warm_env, *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        socket_in(runtime)
        assert words in made.read_text()
    assert "First added sentence." not in made.read_text()
    profile.write_text(profile.read_text().replace("Elm Harbor", "Birch Landing"))
    assert drafter(warm_env, *args, cwd=tmp_path).returncode == 0
    assert "Birch Landing" in (tmp_path / "out" / "city-of-birch-landing-ordinance.md").read_text()


def test_the_warm_process_is_loaded_before_it_listens():
    """What it loads: WeasyPrint's fonts, and the example's drafts read drafter's data."""
    code = ("import sys; from drafter import warm; warm.load()\n"
            "from drafter.render.pdf import _font_config\n"
            "from drafter.inputs.statelaw import state_entry\n"
            "from drafter.jinja import _compiled\n"
            "print(_font_config.cache_info().currsize, state_entry.cache_info().currsize,\n"
            "      _compiled.cache_info().currsize)\n")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, cwd=ROOT).stdout.split()
    assert found[0] == "1" and int(found[1]) >= 1 and int(found[2]) > 20


def test_the_key_changes_with_drafter_s_data(tmp_path, monkeypatch):
    import shutil

    from drafter import paths, warm

    for folder in ("clauses", "jurisdictions", "templates", "locale"):
        shutil.copytree(paths.data_root() / folder, tmp_path / folder)
    monkeypatch.setattr(paths, "data_root", lambda: tmp_path)
    warm.key.cache_clear()
    try:
        before = warm.key()
        template = tmp_path / "templates" / "base" / "print.css"
        template.write_text(template.read_text() + "\n")
        warm.key.cache_clear()
        assert warm.key() != before
    finally:
        warm.key.cache_clear()


def test_a_bad_idle_time_is_refused_in_words(tmp_path):
    env = dict(os.environ, DRAFTER_WARM_SECONDS="soon")
    result = drafter(env, "draft", "petition", "--out", str(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "DRAFTER_WARM_SECONDS: must be a whole number from 0 to 86400, not 'soon'" in result.stderr


def test_the_command_runs_in_the_callers_folder_itself_not_its_name(warm_env, runtime, tmp_path):
    """The folder is handed over open, not by name: renamed (or swapped for a link) after
    the caller went into it, the command still writes where the caller is."""
    drafter(warm_env, "draft", "petition", "--format", "md", "--out", str(tmp_path / "a"))
    socket_in(runtime)
    (tmp_path / "here").mkdir()
    asked = python(warm_env, "import os; from drafter import warm\n"
                   "os.chdir('here'); os.rename('../here', '../moved')\n"
                   "os.symlink('elsewhere', '../here')\n"
                   "print(warm.run_warm(['draft', 'petition', '--format', 'md', '--out', 'out'],\n"
                   "                    warm.socket_path()))\n",
                   cwd=tmp_path)
    assert asked.stdout.split()[-1:] == ["0"], asked.stderr
    assert (tmp_path / "moved" / "out" / "city-of-elm-harbor-petition.md").exists()
