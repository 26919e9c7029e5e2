"""Post file round-trip: golden files for every front-matter style, span edits, atomic writes."""

import os
import stat
import struct

import pytest

from summarizer.app.config import Settings
from summarizer.app.pipeline import process
from summarizer.engines import get_engine
from summarizer.posts import postfile, safewrite
from summarizer.posts.safewrite import TEMP_NAME

from .conftest import GOLDEN, UPDATE, copy_in

CASES = sorted(p.name for p in GOLDEN.glob("*.in.md"))
TEMPLATE = "## koreaapp 실시간 뉴스 속보입니다.\n\n{excerpt}"
# The seed site's two fields (examples/posts/summarizer.toml): the golden files check the span edit of both. The
# default writes one field, the site's (tests/test_sites.py).
SEED = dict(engine="lead", excerpt_field="excerpt", feature_field="feature_text", feature_template=TEMPLATE)


@pytest.mark.parametrize("name", CASES)
def test_golden_round_trip(tmp_path, name):
    (path,) = copy_in(tmp_path, name)
    settings = Settings(**SEED)
    outcomes = list(process([path], lambda: get_engine("lead"), settings))
    assert outcomes[0].status in {"changed", "skipped"}, outcomes[0].message
    golden = GOLDEN / name.replace(".in.md", ".out.md")
    result = path.read_bytes()
    if UPDATE:
        golden.write_bytes(result)
    assert result == golden.read_bytes()


def test_force_replaces_a_hand_written_feature_field_and_keeps_the_comments_around_it(tmp_path):
    (path,) = copy_in(tmp_path, "yaml_field_comments.in.md")  # without --force its feature_text is kept
    settings = Settings(**SEED, force=True)
    assert [o.status for o in process([path], lambda: get_engine("lead"), settings)] == ["changed"]
    assert path.read_bytes() == (GOLDEN / "yaml_field_comments.force.out.md").read_bytes()


@pytest.mark.parametrize("name", CASES)
def test_only_the_two_fields_change(tmp_path, name):
    before = (GOLDEN / name).read_bytes().decode()
    after = (GOLDEN / name.replace(".in.md", ".out.md")).read_bytes().decode()
    old, new = postfile.parse(before), postfile.parse(after)
    assert new.body == old.body
    assert {k: v for k, v in new.meta.items() if k not in ("excerpt", "feature_text")} == {
        k: v for k, v in old.meta.items() if k not in ("excerpt", "feature_text")
    }
    assert postfile.remove_fields(new, ["excerpt", "feature_text"]) == postfile.remove_fields(
        old, ["excerpt", "feature_text"]
    )
    assert ("\r\n" in after) == ("\r\n" in before)
    assert after.startswith("\ufeff") == before.startswith("\ufeff")
    assert after.endswith("\n") == before.endswith("\n")


def test_human_excerpt_is_kept_and_feature_text_derived_from_it():
    post = postfile.parse((GOLDEN / "existing_excerpt.out.md").read_text(encoding="utf-8"))
    assert post.meta["excerpt"] == "사람이 쓴 요약입니다. 그대로 둡니다."
    assert post.meta["feature_text"] == "## koreaapp 실시간 뉴스 속보입니다.\n사람이 쓴 요약입니다. 그대로 둡니다.\n"


def test_seed_style_folded_output():
    post = postfile.parse("---\ntitle: t\n---\nbody\n")
    text = postfile.set_fields(post, {"excerpt": "한 문장. 두 문장.", "feature_text": "## 머리\n\n한 문장. 두 문장."})
    assert text == (
        "---\ntitle: t\nexcerpt: >\n  한 문장. 두 문장.\nfeature_text: >\n  ## 머리\n\n  한 문장. 두 문장.\n---\nbody\n"
    )
    assert postfile.parse(text).meta["feature_text"] == "## 머리\n한 문장. 두 문장.\n"


def test_replaces_multi_line_value_and_keeps_following_comment():
    text = "---\nexcerpt: |\n  old\n  lines\n# keep me\nimage: x\n---\n"
    new = postfile.set_fields(postfile.parse(text), {"excerpt": "새 요약."})
    assert new == "---\nexcerpt: >\n  새 요약.\n# keep me\nimage: x\n---\n"


def test_empty_front_matter_gets_fields():
    new = postfile.set_fields(postfile.parse("---\n---\n본문\n"), {"excerpt": "요약."})
    assert new == "---\nexcerpt: >\n  요약.\n---\n본문\n"


@pytest.mark.parametrize(
    "text, cause",
    [
        ("title: x\n---\nbody", "no front matter"),
        ("---\ntitle: x\nbody", "not closed"),
        ("---\ntitle: a: b\n---\nbody", "broken YAML front matter at line 2"),
        ('---\ntitle: "x\n---\nbody', "broken YAML"),
        ("---\n- a\n- b\n---\nbody", "not a mapping"),
        ("---\n{title: x}\n---\nbody", "flow mapping"),
        ("---\n  title: x\n  tags: [a]\n---\nbody", "keys are indented"),  # was "internal check failed" (failed)
        ("---\ntitle: x\ntitle: y\n---\nbody", "duplicate"),
    ],
)
def test_parse_errors(text, cause):
    with pytest.raises(postfile.PostError, match=cause):
        postfile.parse(text)


def test_decode_errors():
    with pytest.raises(postfile.PostError, match="not UTF-8"):
        postfile.decode("---\ntitle: 한글\n---\n".encode("euc-kr"))
    with pytest.raises(postfile.PostError, match="binary"):
        postfile.decode(b"\x89PNG\r\n\x1a\n\x00\x00")


def write(path, text: str) -> None:
    """Replace the file at `path` as a run does: read (its bytes and where they came from), then replace."""
    _, origin = safewrite.read(path, postfile.MAX_BYTES)
    safewrite.replace(origin, text.encode("utf-8"))


def test_write_is_atomic_keeps_mode_and_leaves_no_temp(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o640)
    write(path, "새 내용")
    assert path.read_text(encoding="utf-8") == "새 내용"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]


def test_write_refuses_read_only_file(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o444)
    with pytest.raises(postfile.PostError, match="read-only"):
        write(path, "new")
    assert path.read_text(encoding="utf-8") == "old"


# --- hardening: bounded parsing, comments next to the fields, writes that keep the file's identity ---


def _alias_bomb() -> str:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\ntitle: *i\n---\n본문입니다.\n"


def test_yaml_alias_bomb_is_refused_fast_and_small(tmp_path):
    import time
    import tracemalloc

    path = tmp_path / "bomb.md"
    path.write_text(_alias_bomb(), encoding="utf-8")
    assert path.stat().st_size < 1600
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(postfile.InvalidPost, match=r"front matter uses YAML aliases \(\*a\); refused"):
        postfile.read(path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0 and peak < 5_000_000


@pytest.mark.parametrize(
    "text, cause",
    [
        ("---\na: &x 1\nb: *x\n---\nbody", "aliases"),
        ("---\n<<: *x\n---\nbody", "broken YAML|aliases"),
        ("---\na: " + "[" * 150 + "]" * 150 + "\n---\nbody", "nested too deeply"),
        ("---\na: " + "[" * 100_000 + "]" * 100_000 + "\n---\nbody", "broken YAML|nested too deeply"),
        ("---\n" + "".join(" " * i + f"k{i}:\n" for i in range(150)) + "---\nbody", "nested too deeply"),
        ("---\ndate: 2024-02-30\n---\nbody", "broken YAML front matter: day is out of range"),
        ("---\n? [a, b]\n: c\n---\nbody", "complex"),
    ],
)
def test_yaml_blow_ups_are_invalid_posts(text, cause):
    with pytest.raises(postfile.InvalidPost, match=cause):
        postfile.parse(text)


def test_yaml_anchor_without_alias_and_moderate_nesting_are_fine():
    post = postfile.parse("---\na: &x 1\nb: " + "[" * 50 + "]" * 50 + "\n---\nbody")
    assert post.meta["a"] == 1


def test_yaml_comment_next_to_a_replaced_field_is_kept():
    text = '---\ntitle: t\nexcerpt: "" # note\nfeature_text: old\n  # why\ndate: 1\n---\nbody\n'
    new = postfile.set_fields(postfile.parse(text), {"excerpt": "새 요약.", "feature_text": "새 요약."})
    assert new == (
        "---\ntitle: t\n# note\nexcerpt: >\n  새 요약.\nfeature_text: >\n  새 요약.\n# why\ndate: 1\n---\nbody\n"
    )


def test_set_fields_after_a_given_key():
    post = postfile.parse("---\ntitle: t\nsummary: s\ndate: 1\n---\nbody\n")
    assert (
        postfile.set_fields(post, {"excerpt": "요약."}, after=("summary",))
        == "---\ntitle: t\nsummary: s\nexcerpt: >\n  요약.\ndate: 1\n---\nbody\n"
    )
    assert (
        postfile.set_fields(post, {"excerpt": "요약."}, after=())
        == "---\ntitle: t\nsummary: s\ndate: 1\nexcerpt: >\n  요약.\n---\nbody\n"
    )


def test_write_through_a_symlink_replaces_the_target(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    target = real / "p.md"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o600)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write(link, "새 내용")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "새 내용"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "real"]
    assert [p.name for p in real.iterdir()] == ["p.md"]


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")
def test_write_keeps_owner_and_group(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("old", encoding="utf-8")
    os.chown(path, 12345, 12345)
    os.chmod(path, 0o664)
    write(path, "new")
    st = path.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (12345, 12345, 0o664)
    assert path.read_text(encoding="utf-8") == "new"


class OtherOwner:
    """A stat result of a file another user owns: `st` with another owner and group."""

    st_uid = st_gid = 54321

    def __init__(self, st: os.stat_result) -> None:
        self._st = st

    def __getattr__(self, name: str):
        return getattr(self._st, name)


def test_write_refuses_when_the_owner_cannot_be_kept(tmp_path, monkeypatch):
    path = tmp_path / "p.md"
    path.write_text("old", encoding="utf-8")
    real_stat = os.stat

    def other_owner(p, *args, **kwargs):
        st = real_stat(p, *args, **kwargs)
        return OtherOwner(st) if str(p) in (str(path), path.name) else st

    def denied(*args):
        raise PermissionError(1, "Operation not permitted")

    _, origin = safewrite.read(path, postfile.MAX_BYTES)
    monkeypatch.setattr(os, "stat", other_owner)
    monkeypatch.setattr(os, "fchown", denied)
    with pytest.raises(postfile.PostError, match=r"cannot keep the file's owner .*; not written"):
        safewrite.replace(origin, b"new")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]


def _acl(*entries: tuple[int, int, int]) -> bytes:
    """A POSIX ACL as Linux stores it in `system.posix_acl_access` (version 2, then tag, permissions, id per
    entry, sorted by tag): what setfacl writes, built here because setfacl may not be installed."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *entry) for entry in entries)


ANYONE = 0xFFFFFFFF
# user::rw-, user:1234:rw-, group::r--, mask::rw-, other::r--
ACL_USER_1234_RW = _acl((0x01, 6, ANYONE), (0x02, 6, 1234), (0x04, 4, ANYONE), (0x10, 6, ANYONE), (0x20, 4, ANYONE))


def _xattrs(path) -> dict[str, bytes]:
    return {name: os.getxattr(path, name) for name in os.listxattr(path)}


def _with_user_xattr(path) -> None:
    try:
        os.setxattr(path, "user.comment", "편집자 메모".encode())
    except OSError as exc:
        pytest.skip(f"this file system has no user extended attributes ({exc.strerror})")


@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="extended attributes are Linux's")
def test_a_rewrite_keeps_extended_attributes_acls_and_the_exact_mode(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("---\ntitle: t\n---\n본문\n", encoding="utf-8")
    os.chmod(path, 0o644)
    _with_user_xattr(path)
    try:
        os.setxattr(path, "system.posix_acl_access", ACL_USER_1234_RW)  # -rw-rw-r--+: the group bits are the mask
    except OSError as exc:
        pytest.skip(f"this file system has no POSIX ACLs ({exc.strerror})")
    before, mode = _xattrs(path), stat.S_IMODE(path.stat().st_mode)
    assert set(before) == {"user.comment", "system.posix_acl_access"} and mode == 0o664
    post = postfile.read(path)
    postfile.rewrite(post, postfile.set_fields(post, {"excerpt": "새 요약."}))
    assert "새 요약" in path.read_text(encoding="utf-8")
    assert _xattrs(path) == before  # the ACL too: without it the owning group could write (-rw-rw-r--)
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="extended attributes are Linux's")
def test_a_folder_default_acl_gives_the_rewritten_file_no_acl_it_did_not_have(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o640)
    try:
        os.setxattr(tmp_path, "system.posix_acl_default", ACL_USER_1234_RW)  # new files here get this ACL
    except OSError as exc:
        pytest.skip(f"this file system has no POSIX ACLs ({exc.strerror})")
    write(path, "new")
    assert _xattrs(path) == {} and stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="extended attributes are Linux's")
def test_a_rewrite_refuses_when_an_extended_attribute_cannot_be_kept(tmp_path, monkeypatch):
    path = tmp_path / "p.md"
    path.write_text("old", encoding="utf-8")
    _with_user_xattr(path)

    def denied(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "setxattr", denied)
    with pytest.raises(
        postfile.PostError, match=r"cannot keep the file's extended attribute user.comment .*; not written"
    ):
        write(path, "new")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "old" and _xattrs(path) == {"user.comment": "편집자 메모".encode()}
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit])
def test_interrupted_write_leaves_the_file_and_no_temp(tmp_path, monkeypatch, interrupt):
    path = tmp_path / "p.md"
    path.write_text("old", encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise interrupt()

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(interrupt):
        write(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]


def test_sigterm_during_write_removes_the_temp_file(tmp_path, monkeypatch):
    import signal

    path = tmp_path / "p.md"
    path.write_text("old", encoding="utf-8")
    real_fsync = os.fsync
    seen = []

    def on_term(signum, frame):
        raise SystemExit(143)

    def fsync_then_term(fd):
        real_fsync(fd)
        seen.extend(p.name for p in tmp_path.iterdir() if TEMP_NAME.match(p.name))
        os.kill(os.getpid(), signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        monkeypatch.setattr(os, "fsync", fsync_then_term)
        with pytest.raises(SystemExit):
            write(path, "new")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert len(seen) == 1  # the temp file existed, named .summarizer-XXXXXXXX.tmp
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]


def test_unreadable_file_is_a_read_error_not_an_invalid_post(tmp_path, monkeypatch):
    path = tmp_path / "p.md"
    path.write_text("---\ntitle: t\n---\nbody\n", encoding="utf-8")

    real_open = os.open

    def denied(name, *args, **kwargs):
        if name == "p.md":
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(postfile.PostError, match="^cannot read: Permission denied$") as caught:
        postfile.read(path)
    assert not isinstance(caught.value, postfile.InvalidPost)


def test_fifo_and_folder_are_not_read(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(postfile.InvalidPost, match="not a regular file"):
        postfile.read(fifo)  # refused before opening: opening a FIFO would block
    (tmp_path / "dir.md").mkdir()
    with pytest.raises(postfile.InvalidPost, match="not a regular file"):
        postfile.read(tmp_path / "dir.md")
