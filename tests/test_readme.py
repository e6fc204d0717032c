"""README.md and the command line agree: every command is documented, and every
command the README shows still exists.

The commands come from the same walk of the Click tree as ``test_cli_help.py``; the
README's commands from its fenced code blocks and its inline code, wherever a word
``prov`` is followed by more words (``prov.db`` and ``prov-json`` are not commands).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.test_cli_help import GLOBAL_OPTIONS_WITH_VALUE, command_paths, resolve_invocation

README = Path(__file__).resolve().parent.parent / "README.md"
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`([^`]+)`")
_PROV = re.compile(r"(?<![\w./-])prov(?=\s)")
_SEPARATOR = re.compile(r"\s(?:&&|\|\||;)\s|;$")


@dataclass(frozen=True)
class Snippet:
    line: int  # where it starts in README.md, counting from 1
    code: str


def readme_code(text: str) -> list[Snippet]:
    """The README's code: each line of a fenced block (continuations joined) and each
    inline code span (which may run over a line break, not over a paragraph)."""
    snippets: list[Snippet] = []
    prose: list[str] = []
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            prose.append("")
            continue
        if not fenced:
            prose.append(line)
            continue
        prose.append("")
        previous = snippets[-1] if snippets else None
        if previous is not None and previous.code.endswith("\\") and previous.line < number:
            snippets[-1] = Snippet(previous.line, previous.code[:-1] + " " + line.strip())
        else:
            snippets.append(Snippet(number, line))
    joined = "\n".join(prose)
    for match in _INLINE_CODE.finditer(joined):
        if "\n\n" not in match[1]:
            starts = joined.count("\n", 0, match.start()) + 1
            snippets.append(Snippet(starts, " ".join(match[1].split())))
    return sorted(snippets, key=lambda snippet: snippet.line)


def _words(code: str) -> list[str]:
    try:
        return shlex.split(code, comments=True)
    except ValueError:  # an apostrophe in a comment or in prose
        return code.split()


def readme_commands(text: str) -> list[tuple[Snippet, tuple[str, ...] | None, str]]:
    """Each ``prov ...`` in the README's code: where, the command path it names (None when
    it names no command that exists) and the words read."""
    found = []
    for snippet in readme_code(text):
        for match in _PROV.finditer(snippet.code):
            # this command's words run to the next shell separator (`prov a && prov b`)
            head = _words(_SEPARATOR.split(snippet.code[match.end() :], 1)[0])[:8]
            if not head or (head[0].startswith("-") and head[0] not in GLOBAL_OPTIONS_WITH_VALUE):
                continue  # `prov` alone, `prov --version`: no command named
            invocation = resolve_invocation(head, snippet.code)
            found.append((snippet, invocation.path, " ".join(["prov", *head])))
    return found


README_TEXT = README.read_text(encoding="utf-8")


def _id(path: tuple[str, ...]) -> str:
    return " ".join(("prov", *path))


@pytest.mark.parametrize("path", command_paths(), ids=_id)
def test_every_command_is_shown_in_the_readme(path: tuple[str, ...]) -> None:
    """A command nobody can read about is half-shipped (sqlite-utils' test_docs habit)."""
    shown = {found for _, found, _ in readme_commands(README_TEXT) if found}
    shown |= {found[:depth] for found in shown for depth in range(1, len(found))}  # groups
    assert path in shown, f"README.md shows no `{_id(path)} ...` in a code block or inline code"


def test_every_command_the_readme_shows_exists() -> None:
    """A README that documents a command that is gone (or misspelt) misleads every reader."""
    unknown = [
        f"README.md:{snippet.line}: {words}"
        for snippet, path, words in readme_commands(README_TEXT)
        if path is None
    ]
    assert not unknown, "\n".join(unknown)


def test_the_readme_reader_finds_commands_where_a_reader_would() -> None:
    """The reader itself: fences, inline code over a line break, --db before the command,
    nested groups, shell separators; file names and format names are not commands."""
    text = "\n".join(
        [
            "Run `prov --db postgresql://h/db",
            "init` first; the file is `prov.db`, the format `prov-json`.",
            "",
            "```sh",
            "pip install . && prov demo      # it's quick",
            "prov speaker merge 'H. Fidan' \\",
            "     'Hakan Fidan'",
            "prov nosuch --flag",
            "```",
        ]
    )
    found = [(snippet.line, path) for snippet, path, _ in readme_commands(text)]
    assert found == [(1, ("init",)), (5, ("demo",)), (6, ("speaker", "merge")), (8, None)]
