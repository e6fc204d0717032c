"""Every command's ``--help`` works and teaches by a real example.

The commands are found by walking the Click tree from ``provenance.cli.cli``, through
the lazy ``COMMANDS`` registry and nested groups (``prov speaker merge``), so a command
added later is checked without anyone listing it here. ``test_readme.py`` reuses the
walk.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

import click
import pytest
from click.testing import CliRunner

from provenance.cli import COMMANDS, cli

# Options of ``prov`` itself that may stand before the command in an example.
GLOBAL_OPTIONS_WITH_VALUE = frozenset({"--db"})
SHELL_SEPARATORS = frozenset({"&&", "||", "|", ";", "&"})
# "prov search x", "$ prov search x" or "Start with:  prov demo", but neither the usage
# line nor prose that happens to mention prov ("the backup that prov import reads").
_EXAMPLE_LINE = re.compile(r"^\s*(?!Usage:)(?:\$\s+|[A-Z][A-Za-z ]*:\s+)?(?P<invocation>prov\s.*)$")


def walk_commands(
    command: click.Command = cli, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command under ``command`` (itself first) with its path of names."""
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command, info_name=" ".join(("prov", *path)))
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, f"prov {' '.join((*path, name))} is listed but not found"
            yield from walk_commands(sub, (*path, name))


def command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand as its path of names, without ``prov`` itself."""
    return [path for path, _ in walk_commands() if path]


def find_command(path: tuple[str, ...]) -> click.Command:
    for found, command in walk_commands():
        if found == path:
            return command
    raise LookupError(f"no command prov {' '.join(path)}")


@dataclass(frozen=True)
class Invocation:
    """One ``prov ...`` command line: the command it names and the words for that command."""

    line: str
    path: tuple[str, ...] | None  # None: it names no command that exists
    global_args: tuple[str, ...]
    args: tuple[str, ...]


def resolve_invocation(words: list[str], line: str) -> Invocation:
    """Read ``words`` (after ``prov``) as Click would: global options, command names, args."""
    position, global_args = 0, []
    while position < len(words) and words[position].startswith("-"):
        option = words[position]
        taken = 2 if option in GLOBAL_OPTIONS_WITH_VALUE else 1
        global_args += words[position : position + taken]
        position += taken
    path: list[str] = []
    command: click.Command = cli
    while (
        isinstance(command, click.Group)
        and position < len(words)
        and not words[position].startswith("-")
    ):
        ctx = click.Context(command)
        sub = command.get_command(ctx, words[position])
        if sub is None:
            return Invocation(line, None, tuple(global_args), tuple(words[position:]))
        path.append(words[position])
        command = sub
        position += 1
    return Invocation(line, tuple(path), tuple(global_args), tuple(words[position:]))


def shell_invocations(line: str) -> list[Invocation]:
    """The ``prov`` commands of one shell line (``prov a && prov b # why`` gives two)."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        words = list(lexer)
    except ValueError:  # unbalanced quotes: prose, not a command line
        return []
    found: list[Invocation] = []
    current: list[str] | None = None
    for word in [*words, ";"]:
        if word in SHELL_SEPARATORS:
            if current is not None:
                found.append(resolve_invocation(current, line))
            current = None
        elif current is not None:
            current.append(word)
        elif word == "prov":
            current = []
    return found


def help_examples(help_text: str) -> list[Invocation]:
    """The example command lines of a help page, continuation lines (``\\``) joined."""
    lines: list[str] = []
    for line in help_text.splitlines():
        if lines and lines[-1].endswith("\\"):
            lines[-1] = lines[-1][:-1] + " " + line.strip()
        else:
            lines.append(line)
    examples = []
    for line in lines:
        match = _EXAMPLE_LINE.match(line)
        if match:
            examples += shell_invocations(match["invocation"])
    return examples


def run_help(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args], prog_name="prov")
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.output


ALL_PATHS = [(), *command_paths()]


def _id(path: tuple[str, ...]) -> str:
    return " ".join(("prov", *path))


@pytest.mark.parametrize("path", ALL_PATHS, ids=_id)
def test_help_exits_0_with_a_usage_line(path: tuple[str, ...]) -> None:
    out = run_help(*path, "--help")
    assert out.startswith(f"Usage: {_id(path)} "), out.splitlines()[:1]


@pytest.mark.parametrize("path", ALL_PATHS, ids=_id)
def test_help_shows_an_example_of_the_command_itself(path: tuple[str, ...]) -> None:
    """So that ``--help`` teaches: the project's habit is a docstring example per command
    (``prov`` itself: any command; a group such as ``prov speaker``: one of its own)."""
    examples = help_examples(run_help(*path, "--help"))
    wanted = [e for e in examples if e.path and e.path[: len(path)] == path]
    assert wanted, f"{_id(path)} --help shows no example 'prov {' '.join(path)} ...'"


def parse_invocation(example: Invocation) -> None:
    """Parse the example's words as Click would for that command line, without running
    it: every level checks its own options and arguments (names, choices, types)."""
    assert example.path is not None
    ctx = cli.make_context("prov", [*example.global_args, example.path[0]])
    command: click.Command = cli
    for depth, name in enumerate(example.path, start=1):
        assert isinstance(command, click.Group)
        command = command.get_command(ctx, name)  # type: ignore[assignment]
        last = depth == len(example.path)
        args = list(example.args) if last else [example.path[depth]]
        ctx = command.make_context(name, args, parent=ctx)


@pytest.mark.parametrize("path", ALL_PATHS, ids=_id)
def test_help_examples_are_accepted_by_the_commands_they_name(path: tuple[str, ...]) -> None:
    """An example that names a command, option or value that is gone must not live on."""
    for example in help_examples(run_help(*path, "--help")):
        assert example.path, f"{_id(path)} --help: names no command: {example.line}"
        try:
            parse_invocation(example)
        except click.ClickException as error:
            pytest.fail(
                f"{_id(path)} --help: {example.line!r} is refused: {error.format_message()}"
            )


def test_short_help_lists_every_registered_command() -> None:
    out = run_help("-h")
    listed = out.split("\nCommands:\n", 1)[1]
    names = {
        line.split()[0] for line in listed.splitlines() if line.startswith("  ") and line.strip()
    }
    assert set(COMMANDS) <= names, sorted(set(COMMANDS) - names)


def test_every_registered_command_resolves_to_a_click_command() -> None:
    """A typo in a ``module:attribute`` of ``COMMANDS`` shows here, not when a user runs it."""
    for name in COMMANDS:
        assert (name,) in command_paths(), name
        assert isinstance(find_command((name,)), click.Command), name
