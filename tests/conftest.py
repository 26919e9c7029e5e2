import os
import re
import shutil
import sys
from pathlib import Path

import pytest

if sys.version_info < (3, 11):  # test modules use the stdlib's tomllib (3.11+); on 3.10 it is tomli, a dependency
    import tomli

    sys.modules.setdefault("tomllib", tomli)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = ROOT / "examples" / "posts"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
README = ROOT / "README.md"


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


def readme_blocks(lang: str, containing: str = "") -> list[str]:
    """The README's fenced code blocks of one language (```sh, ```yaml) that contain `containing`, in order."""
    blocks = re.findall(rf"^```{lang}\n(.*?)^```$", README.read_text(encoding="utf-8"), re.M | re.S)
    return [b for b in blocks if containing in b]
