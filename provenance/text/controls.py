"""Control characters made visible: what stored text may hold and no reader should get.

A title or a quote can hold ESC, BEL or other C0 and C1 controls (a page saved with
them, a bundle made by hand). Printed, an escape sequence retitles a terminal window
or clears the screen; in a CSV or Markdown file it does the same to whoever runs
``cat`` on it. :func:`shown_controls` replaces each with U+FFFD, one character for one,
so offsets into the text stay true. Tab and line feed are kept; the formats that
cannot hold them deal with them themselves. JSON escapes controls and keeps them.
"""

from __future__ import annotations

__all__ = ["CONTROLS", "shown_controls"]

CONTROLS: dict[int, str] = {
    c: "\ufffd" for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))
}
"""C0 controls but tab and line feed, DEL and the C1 controls, each to U+FFFD."""


def shown_controls(text: str) -> str:
    """``text`` with its control characters (:data:`CONTROLS`) shown as U+FFFD."""
    return text.translate(CONTROLS)
