"""The import graph of `summarizer`: no cycle, function-local imports included; and the run-time path imports
neither torch nor transformers.

Every module is parsed with `ast`; each `import` and `from ... import` anywhere in it (module level, inside a
function or a class, under `try`) is an edge, relative imports resolved against the module's package, and
`importlib.import_module("...")` with a literal name counts too. Left out: imports under `if TYPE_CHECKING:`
(they never run) and the package `__init__` that Python runs before a submodule (a package importing its own
submodules is not a cycle). Only edges between `summarizer` modules are kept.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "summarizer"
HEAVY = ("torch", "transformers")


def modules_of(package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file under `package` (a package's name is its __init__)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = [package.name, *path.relative_to(package).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return isinstance(test, (ast.Name, ast.Attribute)) and ast.unparse(test).endswith("TYPE_CHECKING")


def _import_nodes(tree: ast.AST):
    """Every Import, ImportFrom and literal importlib.import_module call, skipping `if TYPE_CHECKING:` bodies."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func).endswith("import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node
        if _is_type_checking(node):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))


def _resolve(name: str, level: int, importer: str, is_package: bool) -> str:
    """The absolute module name of `from <level dots><name> import ...` written in `importer`."""
    if not level:
        return name
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same top-level package that it imports anywhere in its code."""
    modules = modules_of(package)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for importer, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(node.module or "", node.level, importer, is_package)
                # `from pkg import mod` imports the module pkg.mod; `from mod import name` imports mod.
                targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in modules else source for a in node.names]
            else:  # importlib.import_module("name"[, package])
                name = node.args[0].value
                anchor = node.args[1].value if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) else ""
                level = len(name) - len(name.lstrip("."))
                targets = [_resolve(name[level:], level, f"{anchor}.x", False) if level else name]
            for target in targets:
                while target and target not in modules:  # `import a.b.c` or a name inside a module
                    target = target.rpartition(".")[0]
                if target and target != importer:
                    graph[importer].add(target)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (a path that starts and ends at the same module) for each group of modules that import each
    other (Tarjan's strongly connected components), in a stable order; [] when the graph has no cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:  # recursive: the package has far fewer modules than the recursion limit
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_cycle_in(graph, group) for group in sorted(groups)]


def _cycle_in(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """A shortest cycle through the first module of a strongly connected `group` (breadth-first)."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    return [*paths[node], start]
                if nxt in members and nxt not in paths:
                    paths[nxt] = [*paths[node], nxt]
                    following.append(nxt)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # unreachable for a strongly connected group


def test_the_summarizer_package_has_no_import_cycle():
    graph = import_graph(PACKAGE)
    assert (
        len(graph) > 20 and {"summarizer.posts.postfile", "summarizer.posts.walk"} <= graph["summarizer.posts.corpus"]
    )
    cycles = find_cycles(graph)
    assert not cycles, "import cycles (function-local imports included):\n" + "\n".join(
        " -> ".join(cycle) for cycle in cycles
    )


# The layers of `summarizer`, bottom first: a module imports only from its own layer or the ones below.
LAYERS = ("posts", "text", "editor", "engines", "app", "evaluation", "training", "cli")
TOP_LEVEL = {"summarizer", "summarizer.__main__"}  # the version, and `python -m summarizer`


def layer_of(module: str) -> int:
    """The index in LAYERS of the package that `module` lies in."""
    return LAYERS.index(module.split(".")[1])


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every edge that runs from a layer to one above it, as "importer -> imported"."""
    return sorted(
        f"{importer} -> {target}"
        for importer, targets in graph.items()
        if importer not in TOP_LEVEL
        for target in targets
        if target not in TOP_LEVEL and layer_of(target) > layer_of(importer)
    )


def test_every_module_lies_in_a_layer():
    outside = [m for m in modules_of(PACKAGE) if m not in TOP_LEVEL and m.split(".")[1] not in LAYERS]
    assert not outside, f"modules outside the layers {LAYERS}: {outside}"


def test_no_import_runs_back_up_the_layers():
    found = upward_imports(import_graph(PACKAGE))
    assert not found, "imports that run back up the layers (function-local imports included):\n" + "\n".join(found)


def test_upward_imports_are_found():
    graph = {"summarizer.text.kiwi": {"summarizer.engines.base"}, "summarizer.cli": {"summarizer.posts.walk"}}
    assert upward_imports(graph) == ["summarizer.text.kiwi -> summarizer.engines.base"]


def test_cycle_finder_on_synthetic_graphs():
    acyclic = {"a": {"b", "c"}, "b": {"c"}, "c": set(), "d": {"a", "c"}}
    assert find_cycles(acyclic) == []
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"a"}, "b": set()}) == [["a", "a"]]
    two = {"x": {"y"}, "y": {"x", "z"}, "z": {"w"}, "w": {"z"}}
    assert find_cycles(two) == [["w", "z", "w"], ["x", "y", "x"]]


def test_graph_has_function_local_relative_and_dynamic_imports(tmp_path):
    """A made-up package whose cycles run only through imports inside functions, written in each of the ways
    the graph reads; one under TYPE_CHECKING, which never runs, is no edge."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "a.py": "from . import b\n",
        "b.py": "def later():\n    from .sub import c\n    return c\n",
        "sub/__init__.py": "from .c import VALUE\n",
        "sub/c.py": "VALUE = 1\n\nclass K:\n    def m(self):\n        import pkg.a\n",
        "d.py": "import importlib\n\ndef load():\n    return importlib.import_module('.e', 'pkg')\n",
        "e.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .d import load\n"
        "try:\n    from .d import load as again\nexcept ImportError:\n    pass\n",
        "f.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import b\nimport os\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(textwrap.dedent(text), encoding="utf-8")
    graph = import_graph(pkg)
    assert graph == {
        "pkg": set(),
        "pkg.a": {"pkg.b"},
        "pkg.b": {"pkg.sub.c"},
        "pkg.sub": {"pkg.sub.c"},
        "pkg.sub.c": {"pkg.a"},
        "pkg.d": {"pkg.e"},
        "pkg.e": {"pkg.d"},
        "pkg.f": set(),
    }
    assert find_cycles(graph) == [["pkg.a", "pkg.b", "pkg.sub.c", "pkg.a"], ["pkg.d", "pkg.e", "pkg.d"]]


def _run_path_modules() -> list[str]:
    """What a `summarizer run` imports before it summarizes: the CLI, the pipeline and every engine module."""
    engines = sorted(name for name in modules_of(PACKAGE) if name.startswith("summarizer.engines"))
    return ["summarizer.cli", "summarizer.app.pipeline", *engines]


def test_the_run_path_imports_no_torch_or_transformers():
    modules = _run_path_modules()
    assert "summarizer.engines.condense" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", f"importing {modules} loads {result.stdout.strip()}"


def test_no_module_is_over_300_lines():
    """One module, one job: a module that grows past 300 lines holds two (split it by what it holds)."""
    long = {name: n for name, path in modules_of(PACKAGE).items() if (n := len(path.read_text().splitlines())) > 300}
    assert long == {}


def test_every_name_the_benchmarks_import_from_summarizer_exists():
    """A module split or a rename leaves no script behind: each `from summarizer.X import name` in benchmarks/
    (module level or in a function) names a module and a name that exist (benchmarks/ceilings.py imported
    `source_of` from the run job after it moved to text.documents)."""
    import importlib
    import importlib.util

    missing = []
    for script in sorted((ROOT / "benchmarks").glob("*.py")):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("summarizer"):
                module = importlib.import_module(node.module)
                missing += [
                    f"{script.name}: {node.module}.{a.name}"
                    for a in node.names
                    if not hasattr(module, a.name) and importlib.util.find_spec(f"{node.module}.{a.name}") is None
                ]  # a name, or a submodule (`from summarizer import engines`)
    assert missing == []
