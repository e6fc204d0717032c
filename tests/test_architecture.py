"""The shape of the code, checked from its source: the library stays free of the CLI,
its packages import only downward and in no cycle, modules stay small enough to read,
migrations stay frozen, and ``from provenance import ...`` is the public API.

Imports are read with ``ast``, at module level and inside functions alike (an import
deferred for start-up is still a dependency), but not under ``if TYPE_CHECKING:``.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from collections.abc import Container, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "provenance"
MIGRATIONS = ROOT / "migrations" / "versions"
MAX_LINES = 500

ANYTHING = "anything"
# Which top-level packages of provenance each one may import from, floors lowest first.
# Imports within one package are free. "__init__" is provenance/__init__.py, the public
# API, which may import anything but only lazily (inside functions).
_BASE = ("errors", "vocabulary", "packages")
ALLOWED: dict[str, frozenset[str] | str] = {
    "errors": frozenset(),
    "vocabulary": frozenset(),
    "packages": frozenset(),
    "text": frozenset(_BASE),
    "language": frozenset({"text", *_BASE}),
    "extract": frozenset({"language", "text", *_BASE}),
    "store": frozenset({"text", *_BASE}),
    "speakers": frozenset({"store", "language", "text", *_BASE}),
    "attributions": frozenset({"store", "speakers", "language", "extract", "text", *_BASE}),
    "documents": frozenset(
        {"store", "attributions", "speakers", "language", "extract", "text", *_BASE}
    ),
    "search": frozenset({"store", "attributions", "text", *_BASE}),
    "audit": frozenset({"store", "attributions", "language", "text", *_BASE}),
    "interchange": frozenset({"store", "documents", "attributions", "speakers", "text", *_BASE}),
    "export": frozenset({"store", "interchange", "attributions", "audit", "text", *_BASE}),
    "workspace": "anything but cli",
    "cli": ANYTHING,
    "__init__": ANYTHING,
    "__main__": frozenset({"cli"}),
}
FREE_OF_THE_CLI = ("cli", "__main__")
# The few imports that go up a floor on purpose, each with its reason.
EXCEPTIONS = {
    ("provenance.extract.evaluate", "provenance.interchange.seed"): (
        "the evaluation scores the extractor against the seed's gold annotation"
    ),
}


# ------------------------------------------------------------------ reading the source


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str  # a module of provenance, or any other module's dotted name
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def library_files() -> dict[str, Path]:
    """Every module of provenance by its dotted name."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(
    node: ast.AST, in_function: bool = False
) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement under ``node``, except the bodies of ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, in_function
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for orelse in child.orelse:  # the else branch runs
                yield from _import_nodes(ast.Module(body=[orelse], type_ignores=[]), in_function)
        else:
            deeper = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            yield from _import_nodes(child, deeper)


def _package_of(name: str, path: Path) -> str:
    """The package a module's relative imports start from."""
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imports_of(name: str, path: Path, known: Container[str]) -> list[Import]:
    """What the module imports, as the modules Python loads for it: ``from a import b``
    is the module ``a.b`` when there is one, else ``a``; relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node, in_function in _import_nodes(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base = _package_of(name, path).split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            targets = []
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                targets.append(submodule if submodule in known else source)
        found += [Import(name, target, node.lineno, in_function) for target in targets]
    return found


def top_package(module: str) -> str:
    """``provenance.store.database`` -> ``store``; ``provenance`` -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def is_provenance(module: str) -> bool:
    return module == "provenance" or module.startswith("provenance.")


def import_graph(files: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        for found in imports_of(name, path, files):
            if found.imported in files and found.imported != name:
                graph[name].add(found.imported)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a chain a -> b -> ... -> a) through each strongly connected group of
    modules (Tarjan's algorithm, then a shortest way back within the group)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for node in sorted(graph):
            if node not in index:
                connect(node)
    finally:
        sys.setrecursionlimit(limit)

    cycles = []
    for group in groups:
        start = min(group)
        # breadth first from start's targets back to start, inside the group
        came_from: dict[str, str] = {}
        frontier = [start]
        while frontier and start not in came_from:
            following = []
            for node in frontier:
                for target in sorted(graph[node] & group):
                    if target not in came_from:
                        came_from[target] = node
                        following.append(target)
            frontier = following
        chain = [start]
        node = came_from[start]
        while node != start:
            chain.append(node)
            node = came_from[node]
        cycles.append([start, *reversed(chain[1:]), start])
    return sorted(cycles)


def layering_violations(files: dict[str, Path]) -> list[str]:
    problems = []
    for name, path in files.items():
        package = top_package(name)
        rule = ALLOWED.get(package)
        if rule is None:
            problems.append(f"{name}: package {package!r} has no rule in ALLOWED; give it a floor")
            continue
        for found in imports_of(name, path, files):
            if not is_provenance(found.imported):
                continue
            target = top_package(found.imported)
            if package == "__init__" and not found.in_function:
                problems.append(
                    f"{name} imports {found.imported} (line {found.line}) at module level: "
                    "the public API imports lazily, inside __getattr__"
                )
            if target == package or rule == ANYTHING:
                continue
            if rule == "anything but cli":
                if target == "cli":
                    problems.append(
                        f"{name} imports {found.imported} (line {found.line}): "
                        f"{package} may import anything but cli"
                    )
                continue
            assert isinstance(rule, frozenset)
            if target not in rule and (name, found.imported) not in EXCEPTIONS:
                may = ", ".join(sorted(rule)) or "nothing from provenance"
                problems.append(
                    f"{name} imports {found.imported} (line {found.line}): "
                    f"{package} may import only from {may}"
                )
    return problems


# ------------------------------------------------------------------------- the tests


def test_the_library_never_imports_click_or_the_cli() -> None:
    """``from provenance import ...`` must work with no Click in sight (STYLE.md); the CLI
    is a thin skin over the library, never the other way round."""
    files = library_files()
    offenders = [
        f"{found.importer} imports {found.imported} (line {found.line})"
        for name, path in files.items()
        if top_package(name) not in FREE_OF_THE_CLI
        for found in imports_of(name, path, files)
        if found.imported.split(".")[0] == "click"
        or found.imported == "provenance.cli"
        or found.imported.startswith("provenance.cli.")
    ]
    assert not offenders, "\n".join(offenders)


def test_the_import_graph_has_no_cycle() -> None:
    """A cycle makes import order matter and the layers meaningless; each one found is
    shown as its chain of modules."""
    cycles = find_cycles(import_graph(library_files()))
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_packages_import_only_from_the_floors_below_them() -> None:
    """A reader can learn the library from the bottom up, and a change to one floor can
    only break the floors above it."""
    problems = layering_violations(library_files())
    assert not problems, "\n".join(problems)


def test_no_module_is_over_500_lines() -> None:
    """A module past 500 lines has more than one reason to change; split it by name."""
    sizes = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in library_files().items()
    }
    over = sorted(
        ((lines, name) for name, lines in sizes.items() if lines > MAX_LINES), reverse=True
    )
    assert not over, f"modules over {MAX_LINES} lines:\n" + "\n".join(
        f"  {name}: {lines}" for lines, name in over
    )


def test_migrations_import_nothing_from_provenance() -> None:
    """A revision is frozen once written: code it imports from the package keeps changing,
    and then replaying the revision does something other than what it did."""
    revisions = sorted(MIGRATIONS.glob("*.py"))
    assert revisions, f"no revisions in {MIGRATIONS}"
    offenders = [
        f"{path.relative_to(ROOT)}:{found.line} imports {found.imported}"
        for path in revisions
        for found in imports_of(f"migrations.versions.{path.stem}", path, set())
        if is_provenance(found.imported)
    ]
    assert not offenders, "\n".join(offenders)


def _python(*lines: str) -> subprocess.CompletedProcess[str]:
    """Run ``lines`` in a fresh interpreter, importing provenance from this checkout."""
    path = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    return subprocess.run(
        [sys.executable, "-c", "\n".join(lines)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": path},
        timeout=120,
    )


PUBLIC_API = ("Database", "search", "audit", "add_by_quote", "extract")
CHECK_PUBLIC_API = (
    f"from provenance import {', '.join(PUBLIC_API)}",
    f"not_callable = [name for name in {PUBLIC_API!r} if not callable(globals()[name])]",
    "assert not not_callable, f'not callable: {not_callable}'",
)


def test_importing_provenance_loads_neither_sqlalchemy_nor_click() -> None:
    """``import provenance`` is cheap: the public names load their modules when used."""
    result = _python(
        "import sys",
        "import provenance",
        "loaded = sorted(m for m in ('sqlalchemy', 'click', 'alembic') if m in sys.modules)",
        "assert not loaded, f'import provenance loaded {loaded}'",
    )
    assert result.returncode == 0, result.stderr


def test_the_public_api_is_importable_and_callable() -> None:
    result = _python(*CHECK_PUBLIC_API)
    assert result.returncode == 0, result.stderr


def test_the_public_names_stay_callable_after_their_packages_are_imported() -> None:
    """``provenance.search``, ``.audit`` and ``.extract`` are packages as well as public
    functions: once a package is imported, Python binds it to that attribute, so the
    package itself must be callable and forward to its function."""
    result = _python(
        "import provenance.search.engine, provenance.audit.ratios, provenance.extract",
        *CHECK_PUBLIC_API,
    )
    assert result.returncode == 0, result.stderr


# --------------------------------------------------- the checks themselves, on samples


def _write(folder: Path, files: dict[str, str]) -> dict[str, Path]:
    paths = {}
    for name, source in files.items():
        path = folder.joinpath(*name.split(".")).with_suffix(".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
        paths[name] = path
    return paths


def test_imports_are_resolved_as_python_loads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    paths = _write(
        tmp_path,
        {
            "provenance.__init__": "",
            "provenance.store.__init__": "from . import models\n",
            "provenance.store.models": "",
            "provenance.store.database": """
                from typing import TYPE_CHECKING
                from .models import Base
                from .. import errors
                import provenance.text.spans as spans
                if TYPE_CHECKING:
                    from provenance.search import engine
                def later():
                    from provenance.vocabulary import STRENGTHS
            """,
            "provenance.errors": "",
            "provenance.vocabulary": "",
            "provenance.text.__init__": "",
            "provenance.text.spans": "",
            "provenance.search.__init__": "",
            "provenance.search.engine": "",
        },
    )
    files = {module_name(path): path for path in paths.values()}
    found = imports_of("provenance.store.database", files["provenance.store.database"], files)
    assert [(i.imported, i.in_function) for i in found] == [
        ("typing", False),
        ("provenance.store.models", False),
        ("provenance.errors", False),
        ("provenance.text.spans", False),
        ("provenance.vocabulary", True),
    ]
    package = imports_of("provenance.store", files["provenance.store"], files)
    assert [i.imported for i in package] == ["provenance.store.models"]


def test_a_cycle_is_reported_as_its_chain_of_modules() -> None:
    graph = {
        "provenance.a": {"provenance.b"},
        "provenance.b": {"provenance.c"},
        "provenance.c": {"provenance.a", "provenance.d"},
        "provenance.d": set(),
    }
    assert find_cycles(graph) == [["provenance.a", "provenance.b", "provenance.c", "provenance.a"]]
    graph["provenance.c"] = {"provenance.d"}
    assert find_cycles(graph) == []
