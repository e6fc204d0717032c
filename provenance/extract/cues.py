"""The cue lexicon: verbs (and a few adjectives) that signal an attribution.

Each entry says what the cue can take as its content, because the patterns find the
content from that:

* ``clause``: a that-clause or a bare clause ("said (that) the talks would continue");
* ``quote``: a quotation, before or after ("“…,” she said", "said: “…”");
* ``invert``: may come before its source after a quotation ("“…,” said Ms Lee");
* ``recipient``: may name who was addressed first ("told CNN Turk that …");
* ``object``: the object and its complement are the content ("accused X of Y",
  "dismissed X as Y", "called X Y");
* ``to``: a to-infinitive is the content ("vowed to fight on");
* ``wh``: a wh-clause is the content ("asked whether …").

The lexicon is data, ``cue-verbs.tsv`` in :mod:`provenance.language.lexicon`, one verb
a row with its kind, frames, weight and irregular forms; it is conservative on purpose:
a word that is mostly not an attribution in news text ("see", "offer", "try", "back")
is left out, since every proposal costs a person a look. ``weight`` is the base
confidence of a proposal made from the cue.
"""

from __future__ import annotations

from dataclasses import dataclass

from provenance.language import lexicon

__all__ = ["ADJECTIVE_CUES", "CUE_FORMS", "CueVerb", "FormKind"]


class FormKind:
    """Which inflection of the verb a token is."""

    BASE = "base"
    THIRD = "third"
    PAST = "past"
    GERUND = "gerund"


@dataclass(frozen=True, slots=True)
class CueVerb:
    lemma: str
    kind: str  # speech, belief, intention, stance, evidence
    frames: frozenset[str]
    weight: float
    particles: tuple[str, ...] = ()
    particle_required: bool = False


def _regular_forms(lemma: str, double: bool) -> dict[str, str]:
    if double:
        stem = lemma + lemma[-1]
        return {
            lemma + "s": FormKind.THIRD,
            stem + "ed": FormKind.PAST,
            stem + "ing": FormKind.GERUND,
        }
    if lemma.endswith("e"):
        return {
            lemma + "s": FormKind.THIRD,
            lemma + "d": FormKind.PAST,
            lemma[:-1] + "ing": FormKind.GERUND,
        }
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return {
            lemma[:-1] + "ies": FormKind.THIRD,
            lemma[:-1] + "ied": FormKind.PAST,
            lemma + "ing": FormKind.GERUND,
        }
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
    return {third: FormKind.THIRD, lemma + "ed": FormKind.PAST, lemma + "ing": FormKind.GERUND}


CUE_FORMS: dict[str, tuple[CueVerb, str]] = {}
"""Every inflected form, lower case, to its verb and form kind."""


def _cue(
    lemma: str,
    kind: str,
    frames: str,
    weight: float,
    *,
    past: str = "",
    double: bool = False,
    particles: str = "",
    particle_required: bool = False,
    only: str = "",
) -> None:
    """Add a cue verb and its inflections. ``only`` limits the forms (by
    :class:`FormKind`) for a verb whose other forms are mostly nouns ("the state")."""
    verb = CueVerb(
        lemma, kind, frozenset(frames.split()), weight, tuple(particles.split()), particle_required
    )
    forms = {lemma: FormKind.BASE, **_regular_forms(lemma, double)}
    for irregular in past.split():
        forms[irregular] = FormKind.PAST
    if past:  # an irregular verb has no regular -ed form
        regular_past = [f for f, k in forms.items() if k == FormKind.PAST and f not in past.split()]
        for form in regular_past:
            del forms[form]
    allowed = set(only.split())
    for form, form_kind in forms.items():
        if not allowed or form_kind in allowed:
            CUE_FORMS.setdefault(form, (verb, form_kind))


def _read_cue_verbs() -> None:
    """Add every verb of ``cue-verbs.tsv``, in its order (a form two verbs share goes to
    the first)."""
    for lemma, kind, frames, weight, past, double, particles, required, only in lexicon.table(
        "cue-verbs"
    ):
        _cue(
            lemma,
            kind,
            frames,
            float(weight),
            past=past,
            double=double == "yes",
            particles=particles,
            particle_required=required == "yes",
            only=only,
        )


_read_cue_verbs()

ADJECTIVE_CUES: dict[str, CueVerb] = {
    word: CueVerb(word, "belief", frozenset({"clause"}), 0.6, ("about", "that", "of"))
    for word in lexicon.entries("adjective-cues")
}
"""Adjectives after a copula ("is concerned that", "was confident about")."""
