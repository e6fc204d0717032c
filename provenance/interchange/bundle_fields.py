"""The fields of a bundle line, checked one by one: each check names the line and the
field, and says how to fix it, so that a bad line is refused before anything is stored."""

from __future__ import annotations

from typing import Any

from provenance.errors import BadInput
from provenance.text.spans import DEFAULT_CONTEXT as CONTEXT
from provenance.text.spans import Span

__all__ = ["confidence_field", "span_field", "storable", "string_list_field", "text_field"]


def text_field(record: dict, key: str, where: str, *, required: bool = False) -> str | None:
    value = record.get(key)
    if type(value) is str and value and value.isascii() and "\x00" not in value:
        return value  # the usual case, checked at C speed
    if value is None or (value == "" and not required):
        if required:
            raise BadInput(f"{where}: {key} is required")
        return None
    if not isinstance(value, str):
        raise BadInput(f"{where}: {key} must be a string, not {type(value).__name__}")
    return storable(value, key, where)


def storable(value: str, key: str, where: str) -> str:
    """``value`` if every backend can store it (no NUL, no lone surrogate)."""
    if value.isascii() and "\x00" not in value:
        return value
    if "\x00" in value:
        raise BadInput(f"{where}: {key} holds a NUL character; remove it")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(
            f"{where}: {key} holds a lone surrogate (broken UTF-16); fix the text"
        ) from None
    return value


def string_list_field(record: dict, key: str, where: str) -> list[str]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadInput(f"{where}: {key} must be a list of strings")
    return [storable(v, key, where) for v in value]


def _offset(value: Any, role: str, which: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(f"{where}: {role}.{which} must be an integer, not {value!r}")
    return value


def span_field(text: str, record: Any, role: str, where: str) -> Span | None:
    if record is None:
        return None
    if not isinstance(record, dict) or not {"start", "end", "exact"} <= record.keys():
        raise BadInput(f"{where}: {role} must be null or {{start, end, exact}}")
    start, end = record["start"], record["end"]
    if type(start) is not int:
        start = _offset(start, role, "start", where)
    if type(end) is not int:
        end = _offset(end, role, "end", where)
    exact = record["exact"]
    if not 0 <= start < end <= len(text):
        raise BadInput(f"{where}: {role} offsets [{start}, {end}) are outside the text")
    if text[start:end] != exact:
        raise BadInput(
            f"{where}: {role} exact {exact!r} does not match the text at [{start}, {end}) "
            f"({text[start:end]!r}); fix the offsets or the exact text"
        )
    return Span(start, end, exact, text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


def confidence_field(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise BadInput(f"{where}: confidence must be a number from 0 to 1 or null, not {value!r}")
    return float(value)
