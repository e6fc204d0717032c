"""Every error a user can fix, in the words of the domain.

The CLI prints an error's message on one line and exits non-zero; it never shows a
traceback for one of these. A message says what is wrong and how to put it right. Where
the fix is a setting (how many hits a page holds, where the database is, whether a
file may be overwritten), the message names it as a placeholder, ``{limit}``, and says
in ``options`` how the library calls it (``limit="limit"``, the keyword argument):
``str(error)`` reads in the library's words, and the command line shows its own flag
instead (``--limit``), so the library never speaks of flags.

>>> str(BadInput("{limit} must be between 1 and 10000, not 0", limit="limit"))
'limit must be between 1 and 10000, not 0'
>>> BadInput("{limit} must be between 1 and 10000, not 0", limit="limit").render(
...     {"limit": "--limit"})
'--limit must be between 1 and 10000, not 0'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from provenance.text.spans import Span

__all__ = [
    "AmbiguousQuote",
    "BadInput",
    "DuplicateAttribution",
    "DuplicateDocument",
    "InvalidSpan",
    "NoSuchOccurrence",
    "NotFound",
    "Passage",
    "ProvError",
    "QuoteNotFound",
    "QuoteNotNear",
    "SchemaTooNew",
    "SpanError",
    "WriterWaited",
]

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_WHITESPACE = re.compile(r"\s+")


class ProvError(Exception):
    """A failure with a message that tells the user what to do. Exit status 1.

    ``options`` maps each ``{name}`` placeholder of ``message`` to the words the
    library uses for that setting; placeholders not named in ``options`` are left as
    written, so text from the user (a path, a quote) is never rewritten.
    """

    exit_code = 1

    def __init__(self, message: str, **options: str) -> None:
        self.template = message
        self.options = options
        super().__init__(self.render({}))

    def render(self, flags: Mapping[str, str]) -> str:
        """The message with each setting named as ``flags`` names it (the CLI's
        ``--flag``), or in the library's words where ``flags`` does not."""
        if not self.options:
            return self.template

        def name(match: re.Match[str]) -> str:
            key = match.group(1)
            if key not in self.options:
                return match.group(0)
            return flags.get(key, self.options[key])

        return _PLACEHOLDER.sub(name, self.template)

    def __reduce__(self) -> tuple[Any, ...]:
        # subclasses take other arguments than their message: pickle the state, so that
        # errors survive a process pool in batch work
        return (_restore, (type(self), self.__dict__))


def _restore(cls: type[ProvError], state: dict[str, Any]) -> ProvError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error.render({}))
    return error


class BadInput(ProvError):
    """The input (a file, a bundle line, an option) cannot be used as given."""


class NotFound(ProvError):
    """A document, speaker or attribution named by the user does not exist."""


class SchemaTooNew(ProvError):
    """The database was migrated by a newer prov than this one."""


class WriterWaited(ProvError):
    """Another writer held the database longer than this one was willing to wait."""


class DuplicateDocument(ProvError):
    """The same text is already stored."""

    def __init__(self, existing_id: int) -> None:
        self.existing_id = existing_id
        super().__init__(
            f"this text is already stored as document {existing_id}; "
            f"use {{doc}} {existing_id}, or `prov revise {existing_id} FILE` for a new version",
            doc="document",
        )


class DuplicateAttribution(BadInput):
    """The document already has this content attributed to this speaker."""

    def __init__(self, document_id: int, existing_id: int) -> None:
        self.existing_id = existing_id
        super().__init__(f"document {document_id} already has this attribution (id {existing_id})")


# ------------------------------------------------------------------------ spans


def _one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def _shorten(text: str, limit: int = 70) -> str:
    text = _one_line(text).strip()
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2
    return f"{text[:half]} … {text[-half:]}"


class SpanError(BadInput, ValueError):
    """A span or a quote that cannot be used as given; ``str()`` is one line for people."""


class InvalidSpan(SpanError):
    """Offsets that are not ``0 <= start < end <= len(text)``."""

    def __init__(self, start: int, end: int, length: int) -> None:
        self.start, self.end, self.length = start, end, length
        if start >= end:
            problem = "is empty" if start == end else "ends before it starts"
        else:
            problem = "lies outside the text"
        super().__init__(
            f"span [{start}, {end}) {problem}: offsets must satisfy "
            f"0 <= start < end <= {length} (the text's length)"
        )


class Passage(NamedTuple):
    """A stretch of an article and how similar it is (0-100) to what was looked for."""

    start: int
    end: int
    text: str
    score: float


class QuoteNotFound(SpanError):
    """The quote is not in the article; ``closest`` is the most similar passage, if any."""

    def __init__(self, typed: str, closest: Passage | None, *, inside_words: bool = False) -> None:
        self.typed = typed
        self.closest = closest
        self.inside_words = inside_words
        super().__init__(self._message())

    def _message(self) -> str:
        head = f"quote {_shorten(self.typed)!r} is not in the article"
        if self.inside_words:
            head += " as whole words (it only occurs inside longer words)"
        if self.closest is None:
            return head
        c = self.closest
        return (
            f"{head}; closest passage (score {c.score:.0f}) at [{c.start}, {c.end}): "
            f"{_shorten(c.text)!r}"
        )


def _gap(span: Span, near: tuple[int, int]) -> int:
    return max(near[0] - span.end, span.start - near[1], 0)


class QuoteNotNear(QuoteNotFound):
    """The quote occurs, but not within ``window`` characters of the ``near`` span."""

    def __init__(
        self, typed: str, near: tuple[int, int], window: int, matches: Sequence[Span]
    ) -> None:
        self.near = near
        self.window = window
        self.matches = tuple(matches)
        nearest = min(matches, key=lambda m: _gap(m, near))
        closest = Passage(nearest.start, nearest.end, nearest.exact, 100.0)
        super().__init__(typed, closest)

    def _message(self) -> str:
        count = len(self.matches)
        times = "once" if count == 1 else f"{count} times"
        nearest = self.closest
        assert nearest is not None
        return (
            f"quote {_shorten(self.typed)!r} occurs {times}, but not within {self.window} "
            f"characters of [{self.near[0]}, {self.near[1]}); the nearest is at "
            f"[{nearest.start}, {nearest.end})"
        )


class AmbiguousQuote(SpanError):
    """The quote occurs more than once; ``matches`` holds every occurrence, in order."""

    def __init__(self, typed: str, matches: Sequence[Span]) -> None:
        self.typed = typed
        self.matches = tuple(matches)
        where = ", ".join(str(m.start) for m in self.matches[:5])
        if len(self.matches) > 5:
            where += ", …"
        super().__init__(
            f"quote {_shorten(self.typed)!r} occurs {len(self.matches)} times (at {where}); "
            f"give {{occurrence}} (1-{len(self.matches)}) or type more of the quote",
            occurrence="an occurrence",
        )

    def snippets(self, width: int = 24) -> list[str]:
        """One line per occurrence, numbered as ``occurrence`` counts them."""
        return [
            f"{i}. [{m.start}, {m.end}) {m.snippet(width)}" for i, m in enumerate(self.matches, 1)
        ]


class NoSuchOccurrence(SpanError):
    """``occurrence`` asked for the n-th match of a quote that occurs fewer times."""

    def __init__(self, typed: str, occurrence: int, count: int) -> None:
        self.typed, self.occurrence, self.count = typed, occurrence, count
        times = "once" if count == 1 else f"{count} times"
        super().__init__(
            f"quote {_shorten(typed)!r} occurs {times}; occurrence {occurrence} does not "
            f"exist (occurrences count from 1)"
        )
