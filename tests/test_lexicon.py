"""The word lists are data: one file a list, a header saying what it is for and where it
is used, each list once, clean entries, and no English word list left in code."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import provenance
from provenance.language import lexicon

PACKAGE = Path(provenance.__file__).resolve().parent
LEXICON = PACKAGE / "language" / "lexicon"
LISTS = sorted(p for p in LEXICON.iterdir() if p.suffix in (".txt", ".tsv"))
RULE_PACKAGES = (PACKAGE / "language", PACKAGE / "extract")

# Lists kept as written, because the code folds them on loading (names of places and
# organisations) or compares them with the word as it stands (surname prefixes).
AS_WRITTEN = {"places", "known-organisations", "camel-case-surname-prefixes"}

# An inline list of more strings than this, in a module of the English rules, is a word
# list that belongs in the lexicon.
MAX_INLINE_WORDS = 8


def content_lines(path: Path) -> list[str]:
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def python_files(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.py"))


def test_the_lexicon_folder_holds_lists_and_the_loader_only() -> None:
    files = {p.name for p in LEXICON.iterdir() if p.is_file()}
    assert files == {"__init__.py"} | {p.name for p in LISTS}
    assert len(LISTS) > 100


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.name)
def test_every_list_says_what_it_is_for_and_where_it_is_used(path: Path) -> None:
    header = lexicon.header(path.name)
    assert path.read_text(encoding="utf-8").startswith("# ")
    assert len(header) >= 2, "a header says what the list is for, then where it is used"
    text = " ".join(header)
    assert "Used by:" in text
    used_by = text[text.index("Used by:") :]
    modules = re.findall(r"\b(language|extract)\.(\w+)", used_by)
    assert modules, "the header names the modules that use the list"
    for package, module in modules:
        folder = PACKAGE / package
        assert (folder / f"{module}.py").exists() or (folder / module).is_dir(), module


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.name)
def test_every_list_loads(path: Path) -> None:
    if path.suffix == ".txt":
        assert lexicon.words(path.stem)
        assert lexicon.words(path.stem) is lexicon.words(path.stem)  # read once
    else:
        assert lexicon.table(path.stem)


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.name)
def test_entries_are_unique_and_have_no_stray_whitespace(path: Path) -> None:
    lines = content_lines(path)
    if path.suffix == ".tsv":
        columns, rows = lines[0].split("\t"), [line.split("\t") for line in lines[1:]]
        assert len(set(columns)) == len(columns)
        for row in rows:
            assert len(row) == len(columns), row
            for cell in row:
                assert cell and cell == cell.strip() and "  " not in cell, row
        keys = [row[0] for row in rows]
        assert len(set(keys)) == len(keys), "a key appears once"
    else:
        for line in lines:
            assert line == line.strip() and "  " not in line and "\t" not in line, repr(line)
            assert "_" not in line, "a multi-word entry keeps its space"
        assert len(set(lines)) == len(lines), [x for x in lines if lines.count(x) > 1]


@pytest.mark.parametrize("path", [p for p in LISTS if p.stem not in AS_WRITTEN], ids=str)
def test_entries_are_lower_case_as_the_code_compares_them(path: Path) -> None:
    for line in content_lines(path):
        assert line == line.lower(), line


def test_lists_kept_as_written_say_so() -> None:
    for name in AS_WRITTEN:
        assert "as written" in " ".join(lexicon.header(f"{name}.txt")).lower(), name


def test_no_two_lists_claim_one_name() -> None:
    stems = [p.stem for p in LISTS]
    assert len(set(stems)) == len(stems), "one name, one file (not a .txt and a .tsv)"
    claimed = set(stems)
    for path in python_files(PACKAGE):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            for name, value in _assignments(node):
                list_name = name.lstrip("_").lower().replace("_", "-")
                if list_name in claimed and _inline_strings(value):
                    pytest.fail(f"{path.relative_to(PACKAGE)}: {name} holds an inline list")


def test_no_english_word_list_is_written_in_the_rules() -> None:
    found = []
    for path in python_files(*RULE_PACKAGES):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exempt = {
            id(value)
            for node in tree.body
            for name, value in _assignments(node)
            if name == "__all__"
        }
        for node in ast.walk(tree):
            if id(node) in exempt:
                continue
            strings = _literal_strings(node)
            words = [s for s in strings if any(ch.isalpha() for ch in s)]
            if len(words) > MAX_INLINE_WORDS:
                found.append(
                    f"{path.relative_to(PACKAGE)}:{node.lineno}: {' '.join(words[:5])} ..."
                )
    assert not found, "word lists belong in provenance/language/lexicon:\n" + "\n".join(found)


def test_every_list_is_used_by_the_code() -> None:
    names_in_code: set[str] = set()
    for path in python_files(PACKAGE):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                names_in_code.add(node.value)
    assert [p.stem for p in LISTS if p.stem not in names_in_code] == []


def test_a_table_row_of_the_wrong_width_is_refused(tmp_path: Path) -> None:
    # The loader reads its own folder only; the check is the one table() makes.
    cue_rows = lexicon.table("cue-verbs")
    assert {len(row) for row in cue_rows} == {9}
    assert lexicon.mapping("role-abbreviations")["sen"] == "senator"


def test_folded_lists_fold_at_load_time() -> None:
    assert "elysee" in lexicon.folded("places")  # written "Elysée"
    assert "Elysée" in lexicon.words("places")
    assert "moody's" in lexicon.folded("known-organisations")


def test_the_month_list_keeps_the_months_that_are_names_out_of_the_not_a_name_words() -> None:
    from provenance.language.names import MONTHS, NOT_NAME_WORDS

    given = lexicon.words("months-also-given-names")
    assert given <= MONTHS
    assert not given & NOT_NAME_WORDS
    assert MONTHS - given <= NOT_NAME_WORDS


def test_prov_search_does_not_load_the_lexicon(tmp_path: Path) -> None:
    database = str(tmp_path / "prov.db")
    subprocess.run(
        [sys.executable, "-m", "provenance", "--db", database, "demo"],
        check=True,
        capture_output=True,
    )
    script = (
        "import sys\n"
        "from provenance.cli import main\n"
        "sys.argv = ['prov', '--db', sys.argv[1], 'search', 'deconfliction']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('provenance.language')),"
        " file=sys.stderr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, database], capture_output=True, text=True, check=True
    )
    assert "deconfliction" in run.stdout.lower()
    assert run.stderr.strip().splitlines()[-1] == "[]"


# ------------------------------------------------------------------------ helpers


def _assignments(node: ast.stmt) -> list[tuple[str, ast.expr]]:
    if isinstance(node, ast.Assign) and node.value is not None:
        return [(t.id, node.value) for t in node.targets if isinstance(t, ast.Name)]
    if (
        isinstance(node, ast.AnnAssign)
        and node.value is not None
        and isinstance(node.target, ast.Name)
    ):
        return [(node.target.id, node.value)]
    return []


def _literal_strings(node: ast.AST) -> list[str]:
    """The strings of a list written in code: a set, list or tuple of string literals,
    or a ``"...".split()`` of one long string."""
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        return [
            e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
        ]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "split"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return node.func.value.value.split()
    return []


def _inline_strings(value: ast.expr) -> bool:
    """Whether an assigned value is a word list written inline: a literal, a
    ``frozenset(...)`` of one, or a union with one."""
    if isinstance(value, ast.BinOp):
        return _inline_strings(value.left) or _inline_strings(value.right)
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id in {"frozenset", "set", "tuple", "list"}
        and value.args
    ):
        return _inline_strings(value.args[0])
    words = [s for s in _literal_strings(value) if any(ch.isalpha() for ch in s)]
    return len(words) >= 2  # punctuation marks are syntax, and may stay in code
