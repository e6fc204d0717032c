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

The lexicon is conservative on purpose: a word that is mostly not an attribution in
news text ("see", "offer", "try", "back") is left out, since every proposal costs a
person a look. ``weight`` is the base confidence of a proposal made from the cue.
"""

from __future__ import annotations

from dataclasses import dataclass

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


SPEECH, BELIEF, INTENTION, STANCE, EVIDENCE = "speech", "belief", "intention", "stance", "evidence"

# Speech: statements, in any mode.
_cue("say", SPEECH, "clause quote invert", 0.95, past="said")
_cue("tell", SPEECH, "clause quote recipient invert", 0.9, past="told")
_cue("add", SPEECH, "clause quote invert", 0.9)
_cue("write", SPEECH, "clause quote invert", 0.85, past="wrote written")
_cue("tweet", SPEECH, "clause quote invert", 0.85)
_cue("note", SPEECH, "clause quote invert", 0.85)
_cue("explain", SPEECH, "clause quote invert wh", 0.85)
_cue("argue", SPEECH, "clause quote invert", 0.85)
_cue("claim", SPEECH, "clause quote invert", 0.85)
_cue("insist", SPEECH, "clause quote invert", 0.85, particles="on")
_cue("warn", SPEECH, "clause quote invert recipient", 0.85, particles="against of")
_cue("state", SPEECH, "clause quote invert", 0.8, only="past gerund")
_cue("declare", SPEECH, "clause quote invert", 0.8)
_cue("announce", SPEECH, "clause quote invert object", 0.8)
_cue("acknowledge", SPEECH, "clause quote invert object", 0.8)
_cue("admit", SPEECH, "clause quote invert", 0.8, double=True)
_cue("concede", SPEECH, "clause quote invert", 0.8)
_cue("confirm", SPEECH, "clause quote invert", 0.8)
_cue("deny", SPEECH, "clause quote invert object", 0.8)
_cue("report", SPEECH, "clause invert", 0.75, only="past gerund")
_cue("suggest", SPEECH, "clause quote invert", 0.8)
_cue("contend", SPEECH, "clause quote invert", 0.8)
_cue("assert", SPEECH, "clause quote invert", 0.8)
_cue("stress", SPEECH, "clause quote invert", 0.8)
_cue("emphasize", SPEECH, "clause quote invert", 0.8)
_cue("emphasise", SPEECH, "clause quote invert", 0.8)
_cue("point", SPEECH, "clause quote invert", 0.8, particles="out", particle_required=True)
_cue("indicate", SPEECH, "clause", 0.75)
_cue("reveal", SPEECH, "clause quote", 0.75)
_cue("respond", SPEECH, "clause quote invert", 0.8)
_cue("reply", SPEECH, "clause quote invert", 0.8)
_cue("recall", SPEECH, "clause quote invert", 0.8)
_cue("ask", SPEECH, "quote invert wh recipient", 0.8)
_cue("complain", SPEECH, "clause quote invert", 0.8)
_cue("boast", SPEECH, "clause quote invert", 0.8)
_cue("predict", SPEECH, "clause quote invert", 0.8)
_cue("promise", SPEECH, "clause quote to", 0.75)
_cue("vow", SPEECH, "clause quote to", 0.75)
_cue("pledge", SPEECH, "clause quote to", 0.75)
_cue("threaten", SPEECH, "clause to", 0.7)
_cue("testify", SPEECH, "clause", 0.8)
_cue("allege", SPEECH, "clause", 0.8)
_cue("conclude", SPEECH, "clause", 0.75)
_cue("observe", SPEECH, "clause quote invert", 0.75)
_cue("remark", SPEECH, "clause quote invert", 0.75)
_cue("repeat", SPEECH, "clause quote", 0.7)
_cue("reiterate", SPEECH, "clause quote", 0.75)
_cue("caution", SPEECH, "clause quote invert", 0.8)
_cue("counter", SPEECH, "clause quote invert", 0.8)
_cue("continue", SPEECH, "quote invert", 0.7)
_cue("swear", SPEECH, "clause", 0.75, past="swore sworn")
_cue("joke", SPEECH, "clause quote invert", 0.8)
_cue("quip", SPEECH, "quote invert", 0.8, double=True)
_cue("mention", SPEECH, "clause", 0.7)
_cue("assure", SPEECH, "clause recipient", 0.75)
_cue("remind", SPEECH, "clause recipient", 0.7)
_cue("inform", SPEECH, "clause recipient", 0.7)
_cue("retort", SPEECH, "quote invert clause", 0.8)
_cue("exclaim", SPEECH, "quote invert", 0.8)
_cue("shout", SPEECH, "quote invert", 0.7)
_cue("proclaim", SPEECH, "clause quote", 0.75)
_cue("lament", SPEECH, "clause quote", 0.75)
_cue("estimate", SPEECH, "clause", 0.7)
_cue("speculate", SPEECH, "clause", 0.75)
_cue("wonder", BELIEF, "quote wh", 0.7)
_cue("recount", SPEECH, "clause quote", 0.7)
_cue("describe", SPEECH, "object wh", 0.65)
_cue("characterize", SPEECH, "object", 0.65)
_cue("call", SPEECH, "object", 0.65, particles="for on")
_cue("label", SPEECH, "object", 0.6)
_cue("dub", SPEECH, "object", 0.6, double=True)
_cue("brand", SPEECH, "object", 0.6)

# Belief and knowledge.
_cue("believe", BELIEF, "clause", 0.75)
_cue("think", BELIEF, "clause", 0.7, past="thought")
_cue("fear", BELIEF, "clause", 0.7)
_cue("worry", BELIEF, "clause", 0.75)
_cue("hope", BELIEF, "clause to", 0.7)
_cue("expect", BELIEF, "clause to", 0.6)
_cue("doubt", BELIEF, "clause", 0.65)
_cue("suspect", BELIEF, "clause", 0.65)
_cue("assume", BELIEF, "clause", 0.6)
_cue("understand", BELIEF, "clause", 0.55, past="understood")
_cue("recognize", BELIEF, "clause", 0.6)
_cue("agree", BELIEF, "clause to", 0.65)
_cue("find", EVIDENCE, "clause", 0.7, past="found")
_cue("show", EVIDENCE, "clause", 0.7, past="showed shown")

# Intention and desire.
_cue("want", INTENTION, "to object", 0.65)
_cue("plan", INTENTION, "to", 0.65, double=True)
_cue("intend", INTENTION, "to", 0.65)
_cue("seek", INTENTION, "to", 0.6, past="sought")
_cue("aim", INTENTION, "to", 0.55)
_cue("refuse", INTENTION, "to", 0.65)
_cue("decline", INTENTION, "to", 0.65)
_cue("urge", INTENTION, "object clause", 0.7)
_cue("propose", INTENTION, "object clause to", 0.65)
_cue("demand", INTENTION, "object clause", 0.65)
_cue("prefer", INTENTION, "to object", 0.6, double=True)

# Stance toward someone or something: the object is the content.
_cue("accuse", STANCE, "object", 0.75)
_cue("criticise", STANCE, "object", 0.7)
_cue("criticize", STANCE, "object", 0.7)
_cue("blame", STANCE, "object", 0.7)
_cue("praise", STANCE, "object", 0.7)
_cue("condemn", STANCE, "object", 0.7)
_cue("denounce", STANCE, "object", 0.7)
_cue("decry", STANCE, "object", 0.7)
_cue("dismiss", STANCE, "object", 0.6)
_cue("reject", STANCE, "object", 0.6)
_cue("oppose", STANCE, "object", 0.6)
_cue("support", STANCE, "object", 0.55)
_cue("endorse", STANCE, "object", 0.65)
_cue("welcome", STANCE, "object", 0.55)
_cue("applaud", STANCE, "object", 0.6)
_cue("compare", STANCE, "object", 0.6)
_cue("question", STANCE, "object wh", 0.6)
_cue("slam", STANCE, "object", 0.65, double=True)
_cue("blast", STANCE, "object", 0.6)
_cue("attack", STANCE, "object", 0.55)
_cue("defend", STANCE, "object", 0.55)
_cue("express", STANCE, "object", 0.65)
_cue("cite", STANCE, "object", 0.6)
_cue("credit", STANCE, "object", 0.6)
_cue("mock", STANCE, "object", 0.6)
_cue("ridicule", STANCE, "object", 0.6)
_cue("lambaste", STANCE, "object", 0.6)

# Less frequent cues that news text uses for statements, stances and knowledge.
_cue("refer", STANCE, "object", 0.6, double=True, particles="to", particle_required=True)
_cue("talk", SPEECH, "object", 0.55, particles="about", particle_required=True)
_cue(
    "speak",
    SPEECH,
    "object",
    0.55,
    past="spoke spoken",
    particles="about of",
    particle_required=True,
)
_cue("discuss", SPEECH, "object", 0.55)
_cue("thank", STANCE, "object", 0.55)
_cue("echo", STANCE, "object", 0.55)
_cue("tout", STANCE, "object", 0.6)
_cue("quote", SPEECH, "object", 0.5)
_cue("assail", STANCE, "object", 0.6)
_cue("remember", BELIEF, "clause", 0.55)
_cue("learn", BELIEF, "clause", 0.5)
_cue("imply", SPEECH, "clause", 0.6)
_cue("answer", SPEECH, "quote invert", 0.7)
_cue("yell", SPEECH, "quote invert", 0.7)
_cue("chant", SPEECH, "quote object", 0.55)
_cue("post", SPEECH, "clause quote", 0.5, only="past")
_cue("retweet", SPEECH, "object", 0.5)
_cue("email", SPEECH, "clause quote", 0.55, only="past gerund")
_cue("highlight", STANCE, "object", 0.5)
_cue("portray", STANCE, "object", 0.55)
_cue("consider", BELIEF, "object", 0.5)
_cue("deem", BELIEF, "object", 0.55)
_cue("decide", INTENTION, "to", 0.5)
_cue("rule", SPEECH, "clause", 0.6, only="past")
_cue("order", INTENTION, "object", 0.5, only="past third")
_cue("encourage", INTENTION, "object", 0.55)
_cue("push", INTENTION, "object", 0.5, particles="for", particle_required=True)
_cue("rail", STANCE, "object", 0.6, particles="against", particle_required=True)

ADJECTIVE_CUES: dict[str, CueVerb] = {
    word: CueVerb(word, BELIEF, frozenset({"clause"}), 0.6, ("about", "that", "of"))
    for word in (
        "concerned",
        "worried",
        "confident",
        "convinced",
        "optimistic",
        "skeptical",
        "sceptical",
        "hopeful",
        "afraid",
        "aware",
        "adamant",
    )
}
"""Adjectives after a copula ("is concerned that", "was confident about")."""
