"""The shape of the code, checked from the source: layers, SQL in the store, short functions and
modules.

Everything is read with `ast`; nothing of alaune is imported, so a broken import cannot hide a
broken layer. An import counts wherever it is written: at the top of a module, inside a function
(a lazy import is still a dependency) or under ``if TYPE_CHECKING:`` (a type is one too).
Each failure names the file and line and says what to do.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "alaune"

# The layers of alaune, bottom to top: a module may import its own package (or top module) and
# anything in a lower row, never a higher one; the names in one row may import each other, as
# long as no cycle forms. ``__init__`` is the package's own __init__.py (it re-exports records).
# A new package or top-level module goes in the lowest row above everything it imports: a
# self-contained helper (no alaune imports, or base ones only) joins the base row; a new stage
# goes between the stage it reads from and the one that reads it. A row may name a package that
# does not exist yet.
LAYERS: list[tuple[str, ...]] = [
    ("__init__", "model", "records", "drops", "errors", "config", "text", "files", "net"),  # base
    ("store",),
    ("ingest",),
    ("extract",),
    ("group",),
    ("tell",),
    ("edition",),
    ("publish",),
    ("pipeline",),
    ("batch",),
    ("eval",),
    ("web",),
    ("cli",),
    ("__main__",),
]

MAX_FUNCTION_LINES = 120
MAX_MODULE_LINES = 500
# Modules that may be longer than MAX_MODULE_LINES because they hold only data (word lists,
# lexicons, tables): a docstring, imports and assignments, no function or class. Named by their
# path under src/alaune. Code that grows a table goes in a module of its own next to it.
DATA_MODULES: frozenset[str] = frozenset()

# SQL: a string that starts with a statement keyword followed by the shape of that statement,
# written in capitals as the store writes it (prose such as "Select the day from..." is not
# taken for SQL). Any `.execute*(` call outside the store is caught whatever its text looks like.
_SQL = re.compile(
    r"""\s*(?:
        SELECT\b[\s\S]*\bFROM\b
      | INSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b
      | REPLACE\s+INTO\b
      | UPDATE\s+(?:OR\s+[A-Z]+\s+)?\w+\s+SET\b
      | DELETE\s+FROM\b
      | CREATE\s+(?:UNIQUE\s+|VIRTUAL\s+|TEMP\s+|TEMPORARY\s+)*(?:TABLE|INDEX|VIEW|TRIGGER)\b
      | (?:DROP|ALTER)\s+(?:TABLE|INDEX|VIEW|TRIGGER)\b
      | PRAGMA\s+\w+
      | WITH\s+(?:RECURSIVE\s+)?\w+(?:\s*\([^)]*\))?\s+AS\s*\(
    )""",
    re.VERBOSE,
)
_EXECUTE = frozenset({"execute", "executemany", "executescript"})


@dataclass(frozen=True, slots=True)
class Source:
    """One module of src/alaune."""

    path: Path
    module: str  # alaune.tell.story
    unit: str  # the package or top-level module it belongs to: tell
    tree: ast.Module
    lines: int

    @property
    def shown(self) -> str:
        return self.path.relative_to(ROOT).as_posix()


@dataclass(frozen=True, slots=True)
class Edge:
    """One import of a unit by another: where it is written, and what it names."""

    source: Source
    line: int
    target: str  # the unit imported
    imported: str  # the module as written, resolved: alaune.edition.rank


def _unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _is_unit(name: str) -> bool:
    return (SRC / name).is_dir() or (SRC / f"{name}.py").is_file()


@cache
def sources() -> tuple[Source, ...]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        # a top-level module (__init__ and __main__ included) is its own unit
        unit = relative.parts[0] if len(relative.parts) > 1 else path.stem
        parts = ["alaune", *relative.with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=str(path))
        found.append(Source(path, ".".join(parts), unit, tree, len(text.splitlines())))
    return tuple(found)


def _package_of(source: Source) -> list[str]:
    parts = source.module.split(".")
    return parts if source.path.name == "__init__.py" else parts[:-1]


def _imported(source: Source, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The alaune modules an import statement names, as absolute dotted names."""
    if isinstance(node, ast.Import):
        yield from (a.name for a in node.names if a.name.split(".")[0] == "alaune")
        return
    if node.level:
        base = _package_of(source)[: len(_package_of(source)) - node.level + 1]
        module = ".".join([*base, *([node.module] if node.module else [])])
    else:
        module = node.module or ""
    if module.split(".")[0] != "alaune":
        return
    if module == "alaune":
        # "from alaune import store" names a package; "from alaune import Article" the __init__
        for alias in node.names:
            yield f"alaune.{alias.name}" if _is_unit(alias.name) else "alaune"
        return
    yield module


@cache
def edges() -> tuple[Edge, ...]:
    found = []
    for source in sources():
        for node in ast.walk(source.tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for module in _imported(source, node):
                    target = _unit_of(module)
                    if target != source.unit:
                        found.append(Edge(source, node.lineno, target, module))
    return tuple(found)


def _rank() -> dict[str, int]:
    return {name: row for row, names in enumerate(LAYERS) for name in names}


def _order() -> str:
    return " < ".join(
        "{" + ", ".join(names) + "}" if len(names) > 1 else names[0] for names in LAYERS
    )


def _fail_on(problems: list[str], what: str) -> None:
    """Fails with one line per problem (no traceback: the lines say where and what to do)."""
    if problems:
        pytest.fail(f"{len(problems)} {what}:\n" + "\n".join(problems), pytrace=False)


# --------------------------------------------------------------------------------------------
# Imports
# --------------------------------------------------------------------------------------------


def test_every_package_has_a_layer() -> None:
    rank = _rank()
    first: dict[str, Source] = {}
    for source in sources():
        first.setdefault(source.unit, source)
    problems = [
        f"{s.shown}:1: alaune.{unit} is in no layer; add it to LAYERS in tests/test_layers.py, "
        "in the lowest row above everything it imports"
        for unit, s in sorted(first.items())
        if unit not in rank
    ]
    _fail_on(problems, "packages without a layer")


def test_imports_follow_the_layers() -> None:
    rank = _rank()
    problems = []
    for edge in edges():
        have, want = rank.get(edge.source.unit), rank.get(edge.target)
        if have is None or want is None or want <= have:
            continue
        problems.append(
            f"{edge.source.shown}:{edge.line}: {edge.source.module} ({edge.source.unit}) imports "
            f"{edge.imported} ({edge.target}), a higher layer. Move what it needs down to "
            f"{edge.source.unit} or below, or have {edge.target} pass it in. Order: {_order()}"
        )
    _fail_on(problems, "imports against the layer order")


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each group of units that import one another (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_shortest_cycle(graph, group) for group in groups]


def _shortest_cycle(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """The shortest path from the group's first unit back to itself, inside the group."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    raise AssertionError(f"no cycle in {group}")  # a component of two or more has one


def test_no_import_cycle_between_packages() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], Edge] = {}
    for edge in edges():
        graph[edge.source.unit].add(edge.target)
        graph.setdefault(edge.target, set())  # every unit is a node
        where.setdefault((edge.source.unit, edge.target), edge)
    problems = []
    for cycle in _cycles(graph):
        steps = [
            f"  {a} -> {b}: {e.source.shown}:{e.line} imports {e.imported}"
            for a, b in itertools.pairwise(cycle)
            for e in [where[(a, b)]]
        ]
        problems.append(
            f"cycle {' -> '.join(cycle)}; break one of these imports (move the shared piece to "
            "the lower package or to a base module, or pass it in):\n" + "\n".join(steps)
        )
    _fail_on(problems, "import cycles between packages")


# --------------------------------------------------------------------------------------------
# The store owns all SQL
# --------------------------------------------------------------------------------------------


def _docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring nodes of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _string_text(node: ast.AST) -> str | None:
    """A string literal's text; an f-string's with ``{}`` for what it fills in."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
            for v in node.values
        )
    return None


def _sql_outside_store(source: Source) -> Iterator[tuple[int, str]]:
    """(line, problem) for each `.execute*(` call and each SQL string literal of a module."""
    skip = _docstrings(source.tree)
    skip |= {id(v) for n in ast.walk(source.tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(source.tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _EXECUTE
        ):
            sql = _string_text(node.args[0]) if node.args else None
            skip |= {id(node.args[0])} if sql is not None else set()
            shown = f" ({' '.join(sql.split())[:60]!r})" if sql is not None else ""
            yield (
                node.lineno,
                (
                    f".{node.func.attr}(){shown} outside the store; move the query into a method of "
                    "a query class in src/alaune/store/ and call that"
                ),
            )
    for node in ast.walk(source.tree):
        text = _string_text(node) if id(node) not in skip else None
        if text is not None and _SQL.match(text):
            shown = " ".join(text.split())[:60]
            yield (
                getattr(node, "lineno", 0),
                (
                    f"SQL outside the store ({shown!r}); move the query into a method of a query "
                    "class in src/alaune/store/ and call that"
                ),
            )


def test_sql_only_in_the_store() -> None:
    store = SRC / "store"
    problems = [
        f"{source.shown}:{line}: {problem}"
        for source in sources()
        if store not in source.path.parents
        for line, problem in sorted(_sql_outside_store(source))
    ]
    _fail_on(problems, "pieces of SQL outside src/alaune/store/")


# --------------------------------------------------------------------------------------------
# Sizes
# --------------------------------------------------------------------------------------------


def test_functions_are_short() -> None:
    problems = []
    for source in sources():
        for node in ast.walk(source.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    problems.append(
                        f"{source.shown}:{node.lineno}: {node.name}() is {length} lines "
                        f"(at most {MAX_FUNCTION_LINES}); split it into named steps"
                    )
    _fail_on(problems, "functions too long")


def _data_only(tree: ast.Module) -> bool:
    allowed = ast.Expr | ast.Import | ast.ImportFrom | ast.Assign | ast.AnnAssign
    return all(isinstance(node, allowed) for node in tree.body)


def test_modules_are_short() -> None:
    problems = []
    for source in sources():
        name = source.path.relative_to(SRC).as_posix()
        if name in DATA_MODULES:
            if not _data_only(source.tree):
                problems.append(
                    f"{source.shown}:1: on DATA_MODULES but holds code; move the code to a module "
                    "of its own and leave only the tables here"
                )
            continue
        if source.lines > MAX_MODULE_LINES:
            problems.append(
                f"{source.shown}:{MAX_MODULE_LINES + 1}: {source.lines} lines (at most "
                f"{MAX_MODULE_LINES}); split it by concern into modules of its package"
            )
    known = {s.path.relative_to(SRC).as_posix() for s in sources()}
    problems += [
        f"tests/test_layers.py: DATA_MODULES names {n}, which does not exist; remove it"
        for n in sorted(DATA_MODULES - known)
    ]
    _fail_on(problems, "modules too long")
