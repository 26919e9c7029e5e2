"""Issue 15, "nothing around a run costs data": another program's edit between read and write, links swapped
in or pointing out of the PATHs, broken/full/closed stderr and stdout, long names, SIGHUP, stale temp files,
pseudo-filesystems. In-process cases run a hook before each write (`run(before_write=...)`); subprocess cases
use the handshake of tests/pause_run.py or pipes closed before the child starts, so none depends on timing."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer.app import pipeline
from summarizer.app.config import Settings
from summarizer.app.pipeline import process
from summarizer.app.report import Status
from summarizer.posts import postfile, walk_rules
from summarizer.posts.safewrite import TEMP_NAME
from summarizer.posts.walk import find_posts

from .conftest import GOLDEN

PAUSE_RUN = Path(__file__).with_name("pause_run.py")

GOOD = (GOLDEN / "plain.in.md").read_text(encoding="utf-8")
APPENDED = "\n편집기에서 덧붙인 줄.\n"
posix = pytest.mark.skipif(os.name != "posix", reason="POSIX")


class FakeEngine:
    name = "fake"

    def summarize(self, docs, max_chars):
        return ["동네 도서관이 밤늦게까지 문을 엽니다." for _ in docs]


def run(files, roots=None, before_write=None, settings=Settings()):
    """Outcomes of a run over `files`; `before_write(path)` runs before each post is written."""
    apply = pipeline._apply

    def apply_after_hook(job, write, settings):
        if write and before_write:
            before_write(job.path)
        return apply(job, write, settings)

    pipeline._apply = apply_after_hook
    try:
        return list(process(files, FakeEngine, settings, roots=roots))
    finally:
        pipeline._apply = apply


def posts(root: Path, n: int = 3, folder: str = "_posts") -> list[Path]:
    (root / folder).mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        out.append(root / folder / f"{i}.md")
        out[-1].write_text(GOOD, encoding="utf-8")
    return out


def summarized(path: Path) -> bool:
    return postfile.read(path).has("excerpt")


def temps(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob(".*.tmp")]


def cli(*args, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "summarizer", *map(str, args)], timeout=timeout, **kwargs)


# --- 1. an edit made between read and write survives, and the post is reported ---


@pytest.mark.parametrize("edit", ["append", "same_size_same_mtime", "rename_over", "delete"])
def test_an_edit_between_read_and_write_survives(tmp_path, edit):
    a, b, c = posts(tmp_path)

    def hook(path):
        if path != b:
            return
        if edit == "append":
            with open(b, "a", encoding="utf-8") as fh:
                fh.write(APPENDED)
        elif edit == "same_size_same_mtime":  # what only the content hash sees
            st = b.stat()
            b.write_text(GOOD.replace("동네", "옆집"), encoding="utf-8")
            os.utime(b, ns=(st.st_atime_ns, st.st_mtime_ns))
        elif edit == "rename_over":  # how many editors save: a new file renamed over the old one
            (tmp_path / "new").write_text(GOOD + APPENDED, encoding="utf-8")
            os.replace(tmp_path / "new", b)
        else:
            b.unlink()

    outcomes = run([a, b, c], before_write=hook)
    assert [o.status for o in outcomes] == [Status.CHANGED, Status.FAILED, Status.CHANGED]
    assert outcomes[1].message.startswith("changed during the run") and "not written" in outcomes[1].message
    assert summarized(a) and summarized(c)
    if edit == "delete":
        assert not b.exists()
    elif edit == "same_size_same_mtime":
        assert b.read_text(encoding="utf-8") == GOOD.replace("동네", "옆집")
    else:
        assert b.read_text(encoding="utf-8") == GOOD + APPENDED
    assert not temps(tmp_path)


def paused_run(tmp_path: Path, hook: Path) -> subprocess.Popen:
    """`summarizer run` on tmp_path/_posts as a process that pauses before each write (tests/pause_run.py),
    with SIGHUP at its default, as in a terminal."""
    return subprocess.Popen(
        [sys.executable, str(PAUSE_RUN), str(hook), "run", str(tmp_path / "_posts"), "--engine", "lead"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL),
    )


def each_pause(proc: subprocess.Popen, hook: Path):
    """Each post the run pauses before writing; the write goes on when the loop asks for the next one."""
    seen, deadline = [], time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline:
        ready, go = hook / "ready", hook / "go"
        if ready.exists() and not go.exists():
            try:
                path = Path(ready.read_text(encoding="utf-8"))
            except FileNotFoundError:  # the write went on between the two checks: not a new pause
                continue
            if path not in seen:
                seen.append(path)
                yield path
                go.touch()
        time.sleep(0.005)


def test_an_editor_appending_mid_run_in_a_real_process(tmp_path):
    """`summarizer run` as a process; the tests/pause_run.py handshake stops it before each write, and
    before the second one this test appends a line, like an editor saving the post."""
    files = posts(tmp_path, 4)
    hook = tmp_path / "hook"
    hook.mkdir()
    proc = paused_run(tmp_path, hook)
    seen = []
    for path in each_pause(proc, hook):
        seen.append(path)
        if len(seen) == 2:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(APPENDED)
    out, err = proc.communicate(timeout=60)
    assert seen == files and proc.returncode == 123, err
    assert f"error: {files[1]}: changed during the run (it was edited or replaced); not written" in err
    assert err.splitlines()[-1] == "3 changed, 0 unchanged, 0 skipped, 1 failed, 0 invalid"
    assert files[1].read_text(encoding="utf-8") == GOOD + APPENDED
    assert all(summarized(p) for p in files if p != files[1]) and not temps(tmp_path)


# --- 2. links: swapped in mid-run, or pointing out of the PATHs ---


@posix
def test_a_symlink_swapped_in_after_the_read_does_not_redirect_the_write(tmp_path):
    a, b = posts(tmp_path / "site", 2)
    outside = tmp_path / "outside.md"
    outside.write_text(GOOD, encoding="utf-8")
    before = outside.read_bytes()

    def swap(path):
        if path == b:
            b.unlink()
            b.symlink_to(outside)

    outcomes = run([a, b], before_write=swap)
    assert outcomes[1].status is Status.FAILED and "changed during the run" in outcomes[1].message
    assert outside.read_bytes() == before and b.is_symlink() and summarized(a)


@posix
def test_a_folder_swapped_for_a_link_after_the_read_does_not_redirect_the_write(tmp_path):
    (a,) = posts(tmp_path / "site", 1)
    elsewhere = tmp_path / "elsewhere"
    posts(elsewhere, 1)  # elsewhere/_posts/0.md, the same name
    victim = elsewhere / "_posts" / "0.md"
    before = victim.read_bytes()

    def swap(path):
        os.rename(tmp_path / "site" / "_posts", tmp_path / "site" / "old")
        (tmp_path / "site" / "_posts").symlink_to(elsewhere / "_posts", target_is_directory=True)

    (out,) = run([a], before_write=swap)
    assert out.status is Status.FAILED and "a folder on its path was replaced" in out.message
    assert victim.read_bytes() == before
    assert (tmp_path / "site" / "old" / "0.md").read_text(encoding="utf-8") == GOOD


@posix
def test_links_out_of_the_paths_are_reported_and_left_alone(tmp_path):
    site = tmp_path / "site"
    (inside_post,) = posts(site, 1)
    outside = tmp_path / "outside"
    (far,) = posts(outside, 1)
    before = far.read_bytes()
    (site / "_posts" / "out.md").symlink_to(far)
    (site / "_posts" / "linked").symlink_to(outside / "_posts", target_is_directory=True)
    (site / "shared").mkdir()
    (site / "shared" / "in.md").write_text(GOOD, encoding="utf-8")
    (site / "_posts" / "in.md").symlink_to(site / "shared" / "in.md")
    found = find_posts([site])
    assert found.notes == [
        (site / "_posts" / "linked", f"symbolic link to {outside / '_posts'}, outside the PATHs given; not walked")
    ]
    outcomes = {o.path.name: o for o in run(found.files, roots=found.roots)}
    assert outcomes["out.md"].status is Status.SKIPPED and outcomes["out.md"].warning
    assert outcomes["out.md"].message == f"symbolic link to {far}, outside the PATHs given; left alone"
    assert far.read_bytes() == before
    assert outcomes["in.md"].status is Status.CHANGED and (site / "_posts" / "in.md").is_symlink()
    assert summarized(site / "shared" / "in.md") and summarized(inside_post)
    # named on the command line, a link is still a link to outside
    named = find_posts([site / "_posts" / "out.md"])
    (out,) = run(named.files, roots=named.roots)
    assert out.status is Status.SKIPPED and far.read_bytes() == before


@posix
def test_a_link_retargeted_between_discovery_and_read_is_left_alone(tmp_path):
    site = tmp_path / "site"
    posts(site, 1)
    outside = tmp_path / "outside.md"
    outside.write_text(GOOD, encoding="utf-8")
    (site / "shared").mkdir()
    (site / "shared" / "1.md").write_text(GOOD, encoding="utf-8")
    link = site / "_posts" / "1.md"
    link.symlink_to(site / "shared" / "1.md")
    found = find_posts([site])
    link.unlink()
    link.symlink_to(outside)
    outcomes = {o.path.name: o.status for o in run(found.files, roots=found.roots)}
    assert outcomes == {"0.md": Status.CHANGED, "1.md": Status.SKIPPED}
    assert outside.read_text(encoding="utf-8") == GOOD


@posix
def test_cli_reports_a_link_out_of_the_paths_in_one_line(tmp_path):
    site = tmp_path / "site"
    posts(site, 1)
    far = tmp_path / "far.md"
    far.write_text(GOOD, encoding="utf-8")
    (site / "_posts" / "far.md").symlink_to(far)
    proc = cli("run", site, "--engine", "lead", capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {site / '_posts' / 'far.md'}: symbolic link to {far}, outside the PATHs given; left alone"
    ]
    assert proc.stderr.splitlines()[-1] == "1 changed, 0 unchanged, 1 skipped, 0 failed, 0 invalid"
    assert far.read_text(encoding="utf-8") == GOOD


# --- 3, 4, 8. streams are best effort, the batch is not ---


def closed_pipe() -> int:
    """The write end of a pipe whose read end is already closed: every write is EPIPE."""
    read, write = os.pipe()
    os.close(read)
    return write


@posix
@pytest.mark.parametrize("stderr", ["broken_pipe", "dev_full", "closed"])
def test_a_broken_full_or_closed_stderr_does_not_stop_the_batch(tmp_path, stderr):
    files = posts(tmp_path, 10)
    command = [sys.executable, "-m", "summarizer", "run", str(tmp_path / "_posts"), "--engine", "lead"]
    if stderr == "broken_pipe":
        fd = closed_pipe()
        proc = subprocess.run(command, stderr=fd, stdout=fd, timeout=300)
        os.close(fd)
    elif stderr == "dev_full":
        if not os.path.exists("/dev/full"):
            pytest.skip("no /dev/full")
        with open("/dev/full", "w") as full:
            proc = subprocess.run(command, stderr=full, timeout=300)
    else:
        proc = subprocess.run(command, stdout=subprocess.DEVNULL, timeout=300, preexec_fn=lambda: os.close(2))
    assert proc.returncode == 0
    assert all(summarized(p) for p in files) and not temps(tmp_path)


@posix
def test_a_failed_post_still_exits_123_with_stderr_broken(tmp_path):
    files = posts(tmp_path, 3)
    os.chmod(files[1], 0o444)  # read-only: refused, counted failed
    fd = closed_pipe()
    proc = subprocess.run(
        [sys.executable, "-m", "summarizer", "run", str(tmp_path / "_posts"), "--engine", "lead"],
        stderr=fd,
        timeout=300,
    )
    os.close(fd)
    assert proc.returncode == 123 and summarized(files[0]) and summarized(files[2])


@posix
def test_a_closed_stderr_is_pointed_at_dev_null_so_no_post_gets_its_descriptor():
    code = (
        "import os\nos.close(2)\nfrom summarizer.app.runtime import std_fds_open\nstd_fds_open()\n"
        "print(os.path.realpath('/proc/self/fd/2') if os.path.exists('/proc/self/fd') else os.devnull)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == os.devnull


@posix
def test_diff_into_a_closed_pipe_ends_quietly(tmp_path):
    files = posts(tmp_path, 3)
    before = [p.read_bytes() for p in files]
    fd = closed_pipe()
    proc = subprocess.run(
        [sys.executable, "-m", "summarizer", "run", str(tmp_path / "_posts"), "--engine", "lead", "--diff"],
        stdout=fd,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
    )
    os.close(fd)
    assert proc.returncode == 1, proc.stderr  # posts would change
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr and "Error" not in proc.stderr
    assert proc.stderr.splitlines()[-1] == "3 would change, 0 unchanged, 0 skipped, 0 failed, 0 invalid"
    assert [p.read_bytes() for p in files] == before


@posix
def test_diff_piped_to_head(tmp_path):
    posts(tmp_path, 3)
    shell = f"{sys.executable} -m summarizer run {tmp_path / '_posts'} --engine lead --diff | head -1"
    proc = subprocess.run(
        ["bash", "-c", shell + '; echo "exit ${PIPESTATUS[0]}" >&2'], capture_output=True, text=True, timeout=300
    )
    assert proc.stdout.startswith("--- ") and len(proc.stdout.splitlines()) == 1
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert proc.stderr.splitlines()[-1] == "exit 1", proc.stderr


def test_progress_is_off_without_a_live_terminal(monkeypatch):
    from summarizer.app import runtime

    monkeypatch.setattr(sys, "stderr", None)
    with runtime.progress(100, quiet=False) as bar:
        bar.advance(bar.add_task("x", total=100), 1)
    assert isinstance(runtime.progress(100, False), runtime._NoProgress)


def test_a_terminal_that_goes_away_ends_the_bar_not_the_run(monkeypatch):
    from summarizer.app import runtime

    class Gone:
        encoding = "utf-8"

        def isatty(self):
            return True

        def fileno(self):
            raise OSError(5, "Input/output error")

        def write(self, text):
            raise OSError(5, "Input/output error")

        def flush(self):
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(sys, "stderr", Gone())
    with runtime.progress(10, quiet=False) as bar:
        assert isinstance(bar, runtime._Bar)
        task = bar.add_task("summarizing", total=10)
        for _ in range(10):
            bar.advance(task, 1)


# --- 5. names of 242 to 255 bytes ---


@pytest.mark.parametrize("name", ["가" * 79 + "aa.md", "가" * 84 + ".md"])
def test_names_up_to_name_max_are_written(tmp_path, name):
    assert len(name.encode()) in (242, 255)
    path = tmp_path / name
    path.write_text(GOOD, encoding="utf-8")
    (out,) = run([path])
    assert out.status is Status.CHANGED, out.message
    assert summarized(path) and sorted(p.name for p in tmp_path.iterdir()) == [name]


# --- 6. SIGHUP (see also tests/test_cli.py::test_sigterm_mid_batch..., run with SIGHUP) ---


@posix
@pytest.mark.parametrize("signame, code", [("SIGHUP", 129), ("SIGTERM", 143)])
def test_a_signal_while_paused_before_a_write(tmp_path, signame, code):
    files = posts(tmp_path, 3)
    hook = tmp_path / "hook"
    hook.mkdir()
    proc = paused_run(tmp_path, hook)
    for n, _ in enumerate(each_pause(proc, hook), 1):
        if n == 2:
            proc.send_signal(getattr(signal, signame))  # while the second write waits
            break
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert err.splitlines()[-1] == f"1 changed, 0 unchanged, 0 skipped, 0 failed, 0 invalid; interrupted by {signame}"
    assert summarized(files[0]) and files[1].read_text(encoding="utf-8") == GOOD and not temps(tmp_path)


def test_the_installed_cli_has_no_test_hook(tmp_path):
    """SUMMARIZER_TEST_PAUSE once made every write create a file in the folder it named and wait 60 s; the
    product has no test hook now, whatever the environment holds."""
    (path,) = posts(tmp_path, 1)
    folder = tmp_path / "pause"
    folder.mkdir()
    env = {**os.environ, "SUMMARIZER_TEST_PAUSE": str(folder)}
    done = cli("run", path, "--engine", "lead", env=env, capture_output=True, text=True, timeout=50)
    assert done.returncode == 0 and summarized(path) and list(folder.iterdir()) == []


@posix
def test_sighup_is_still_ignored_under_nohup(tmp_path):
    files = posts(tmp_path, 2)
    hook = tmp_path / "hook"
    hook.mkdir()
    proc = subprocess.Popen(
        [sys.executable, str(PAUSE_RUN), str(hook), "run", str(tmp_path / "_posts"), "--engine", "lead"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )
    sent, deadline = False, time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline:
        if (hook / "ready").exists() and not (hook / "go").exists():
            if not sent:
                proc.send_signal(signal.SIGHUP)
                sent = True
            (hook / "go").touch()
        time.sleep(0.005)
    _, err = proc.communicate(timeout=60)
    assert sent and proc.returncode == 0, err
    assert all(summarized(p) for p in files)


@posix
def test_sighup_during_a_write_finishes_it_and_leaves_no_temp(tmp_path, monkeypatch):
    from summarizer.app import signals

    (path,) = posts(tmp_path, 1)
    real_fsync, sent = os.fsync, []

    def fsync_then_hup(fd):
        real_fsync(fd)
        if not sent:
            sent.append(temps(tmp_path))
            os.kill(os.getpid(), signal.SIGHUP)

    monkeypatch.setattr(os, "fsync", fsync_then_hup)
    previous = signal.signal(signal.SIGHUP, signal.SIG_DFL)  # a test run under nohup inherits SIGHUP ignored
    try:
        with pytest.raises(signals.Terminated), signals.stop_signals_raise():
            run([path])
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert len(sent[0]) == 1 and TEMP_NAME.match(sent[0][0])  # the temp file existed when SIGHUP came
    assert summarized(path) and not temps(tmp_path)  # the write was finished, then the run stopped


# --- 7. temp files of an interrupted run ---


@posix
def test_kill_9_during_a_write_leaves_a_temp_file_that_later_runs_report_and_clean_removes(tmp_path):
    (path,) = posts(tmp_path, 1)
    flag = tmp_path / "stuck"
    code = (
        "import os, sys, time\nflag = sys.argv[1]\n"
        "def stuck(*args, **kwargs):\n    open(flag, 'w').close()\n    time.sleep(120)\n"
        "os.replace = stuck\nfrom summarizer.cli import app\napp(sys.argv[2:])\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(flag), "run", str(path), "--engine", "lead"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while not flag.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.kill()
    proc.wait(timeout=60)
    (left,) = temps(tmp_path / "_posts")
    assert TEMP_NAME.match(left) and path.read_text(encoding="utf-8") == GOOD
    stale = tmp_path / "_posts" / left
    again = cli("run", tmp_path / "_posts", "--engine", "lead", "--check", capture_output=True, text=True)
    assert f"warning: {stale}: a temp file left by an interrupted run; --clean removes it" in again.stderr
    assert stale.exists() and again.returncode == 1
    dry = cli("run", path, "--engine", "lead", "--check", "--clean", capture_output=True, text=True)
    assert f"would remove {stale}" in dry.stderr and stale.exists()
    cleaned = cli("run", tmp_path / "_posts", "--engine", "lead", "--clean", capture_output=True, text=True)
    assert cleaned.returncode == 0 and f"removed {stale} (a temp file left by an interrupted run)" in cleaned.stderr
    assert not temps(tmp_path) and summarized(path)


def test_stale_temp_files_are_found_by_the_tools_own_name_only(tmp_path):
    """Only `.summarizer-XXXXXXXX.tmp`: names like those of versions before 0.2 (`.0.md.k3j_h5g6.tmp`) can be a
    user's own backups (issue 26, item 4)."""
    (post,) = posts(tmp_path, 1)
    folder = post.parent
    for name in (".0.md.k3j_h5g6.tmp", ".summarizer-0123abcd.tmp", ".other.md.k3j_h5g6.tmp", ".summarizer-x.tmp"):
        (folder / name).write_text("partial", encoding="utf-8")
    expected = [folder / ".summarizer-0123abcd.tmp"]
    assert sorted(find_posts([tmp_path]).stale) == expected
    assert sorted(find_posts([post]).stale) == expected  # beside a file named on the command line
    both = find_posts([post, tmp_path, folder])  # a file, then its folder: the folder is still walked
    assert both.files == [post] and sorted(both.stale) == expected
    (folder / "1.md").write_text(GOOD, encoding="utf-8")
    assert find_posts([post, folder]).files == [post, folder / "1.md"]


# --- 9. pseudo-filesystems ---


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
def test_proc_sys_and_dev_are_pseudo():
    assert walk_rules.is_pseudo(os.stat("/proc")) and walk_rules.is_pseudo(os.stat("/proc/self/"))
    assert walk_rules.is_pseudo(os.stat("/dev"))
    if os.path.isdir("/sys/kernel"):
        assert walk_rules.is_pseudo(os.stat("/sys")) and walk_rules.is_pseudo(os.stat("/sys/kernel"))
    assert not walk_rules.is_pseudo(os.stat("/")) and not walk_rules.is_pseudo(os.stat(Path.home()))


class Listing:
    """os.scandir of '/' cut down to a few entries, so that walking '/' stays quick."""

    def __init__(self, it, keep):
        self.it, self.keep = it, keep

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.it.close()

    def __iter__(self):
        return (e for e in self.it if e.name in self.keep)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
def test_run_slash_does_not_enter_proc_sys_or_dev(monkeypatch):
    real, listed = os.scandir, []

    def scandir(path):
        listed.append(str(path))
        if str(path) == "/":
            return Listing(real(path), {"proc", "sys", "dev", "etc"})
        if str(path).startswith("/etc/"):  # enough to see that ordinary folders are walked
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = find_posts([Path("/")])
    assert "/" in listed and "/etc" in listed
    assert not [p for p in listed if p.startswith(("/proc", "/sys", "/dev"))], listed
    assert all(folder.parts[1] == "etc" for folder, _ in found.problems)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
def test_a_pseudo_filesystem_named_on_the_command_line_is_refused(tmp_path, monkeypatch):
    real, listed = os.scandir, []
    monkeypatch.setattr(os, "scandir", lambda path: listed.append(str(path)) or real(path))
    found = find_posts([Path("/proc")])
    assert not listed and not found.files
    assert found.problems == [(Path("/proc"), "a kernel or device filesystem (/proc, /sys, /dev); not walked")]


def test_a_link_into_proc_is_not_walked(tmp_path):
    posts(tmp_path, 1)
    if not os.path.isdir("/proc/self"):
        pytest.skip("needs /proc")
    (tmp_path / "_posts" / "cwd").symlink_to("/proc/self/cwd", target_is_directory=True)
    found = find_posts([tmp_path])
    assert [p.name for p in found.files] == ["0.md"] and found.notes


# --- the write path itself ---


def test_write_only_touches_the_target_and_keeps_the_link(tmp_path):
    (post,) = posts(tmp_path, 1)
    link = tmp_path / "link.md"
    link.symlink_to(post)
    read = postfile.read(link)
    assert read.origin.target == str(post)
    postfile.rewrite(read, GOOD + APPENDED)
    assert link.is_symlink() and post.read_text(encoding="utf-8") == GOOD + APPENDED
    with pytest.raises(postfile.PostError, match="changed during the run"):
        postfile.rewrite(read, GOOD)  # the file is no longer what `read` saw
    assert post.read_text(encoding="utf-8") == GOOD + APPENDED
