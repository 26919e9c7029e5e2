"""Every third-party module that summarizer/ imports is declared by the installed package (its Requires-Dist):
a dependency, or a requirement of an extra for the optional ones (torch and transformers to train, sumy for
the `peer` engine). The imports are read from the AST of every module, function-local imports included."""

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

from .conftest import ROOT

DISTRIBUTION = "korean-post-summarizer"
OWN = {"summarizer", "summarizer_models"}
LATER_STDLIB = {"tomllib"}  # stdlib from 3.11; on 3.10 the code imports tomli instead (declared for < 3.11)
# Import names of distributions that may not be installed here (packages_distributions() knows the rest).
KNOWN = {"yaml": "PyYAML", "huggingface_hub": "huggingface-hub", "rouge_score": "rouge-score"}


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def third_party_imports(package: Path = ROOT / "summarizer") -> dict[str, set[str]]:
    """Top-level module -> the files that import it, for every absolute import under `package`."""
    found: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in OWN and top not in sys.stdlib_module_names and top not in LATER_STDLIB:
                    found.setdefault(top, set()).add(path.relative_to(package.parent).as_posix())
    return found


def declared() -> set[str]:
    """Names of the installed package's requirements, with any extra or environment marker."""
    return {normalized(re.match(r"[A-Za-z0-9._-]+", req).group()) for req in metadata.requires(DISTRIBUTION) or []}


def test_the_walk_finds_imports_at_every_level(tmp_path):
    assert {"kiwipiepy", "yaml", "typer", "numpy", "torch"} <= set(third_party_imports())
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text(
        "import json\nfrom . import n\n\nclass K:\n    def f(self):\n"
        "        import torch.nn\n        from numpy import ndarray\n",
        encoding="utf-8",
    )
    assert third_party_imports(tmp_path / "pkg") == {"torch": {"pkg/m.py"}, "numpy": {"pkg/m.py"}}


def test_every_third_party_import_is_a_declared_requirement():
    packages = metadata.packages_distributions()
    requirements = declared()
    missing = {}
    for module, files in third_party_imports().items():
        candidates = {normalized(d) for d in packages.get(module, [])} | {normalized(KNOWN.get(module, module))}
        if not candidates & requirements:
            missing[module] = sorted(files)
    assert not missing, (
        f"imported by summarizer/ but not required by {DISTRIBUTION}: {missing} (declare them in "
        "pyproject.toml; after a change, `pip install -e .` refreshes the installed metadata)"
    )
