import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = ROOT / "examples" / "posts"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="session")
def corpus_posts(tmp_path_factory) -> Path:
    """The shared corpus unpacked once per session (skips when ../shared/corpus is absent)."""
    archive = CORPUS / "koreanews-posts.tar.gz"
    if not archive.exists():
        pytest.skip("../shared/corpus is absent")
    target = tmp_path_factory.mktemp("corpus")
    shutil.unpack_archive(archive, target)
    return target / "_posts"


def copy_in(tmp_path: Path, *names: str) -> list[Path]:
    out = []
    for name in names:
        dst = tmp_path / name.replace(".in.md", ".md")
        shutil.copyfile(GOLDEN / name, dst)
        out.append(dst)
    return out
