"""Resolving a name as written to a speaker already in the database.

1. **Exact**, after folding: the name, or any alias, with case, diacritics and
   typographic apostrophes folded ("Erdogan" = "Erdoğan").
2. **Fuzzy**, over a candidate set narrowed by the token index (``speaker_tokens``):
   the name's tokens (titles, honorifics, initials and stopwords dropped, see
   :func:`provenance.naming.name_tokens`) are looked up, rarest first; a token shared
   by more than :data:`TOKEN_CAP` names is too common to narrow anything and is
   skipped. Candidates are scored with rapidfuzz's ``token_set_ratio`` over their
   token strings. Never a scan of every alias.

At :data:`MATCH_SCORE` or above, and ahead of every other speaker, the name resolves.
Between :data:`SUGGEST_SCORE` and that, it is a near miss: reported ("did you mean
Hakan Fidan?") and never merged silently. Below, the name is new.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Connection, delete, insert, select, text
from sqlalchemy.orm import Session

from provenance.store.models import Speaker, SpeakerAlias, SpeakerToken
from provenance.text.folding import fold_key

__all__ = [
    "MATCH_SCORE",
    "SUGGEST_SCORE",
    "TOKEN_CAP",
    "Candidate",
    "Resolution",
    "best_match",
    "exact_speaker",
    "index_speaker",
    "reindex_all_speakers",
    "resolve_speaker",
]

MATCH_SCORE = 92.0
"""A fuzzy match at least this good resolves: "Donald J. Trump" → "Donald Trump"
(initials drop: 100), "Recep Tayyip Erdogan" → "Recep Tayyip Erdoğan" (100), one typo
in a long name (≥ 92). "H. Fidan" → "Hakan Fidan" scores 100 on tokens but is caught
by the initial check below and only suggested."""

SUGGEST_SCORE = 75.0
"""A near miss at least this good is shown as "did you mean ...?"."""

TOKEN_CAP = 2000
"""Names sharing one token beyond which that token is too common to block on."""


@lru_cache(maxsize=65_536)
def _tokens(name: str) -> tuple[str, ...]:
    """A name's blocking tokens, worked out once per name (batch work asks often)."""
    from provenance.language.names import name_tokens

    return tuple(name_tokens(name))


@lru_cache(maxsize=65_536)
def _token_text(name: str) -> str:
    """A name's blocking tokens as one string, as the scorers compare them."""
    return " ".join(_tokens(name))


def _initials(name: str) -> list[str]:
    """One-letter initials in a name as written ("H. Fidan" → ["h"])."""
    return [w for w in fold_key(name).replace(".", " ").split() if len(w) == 1 and w.isalpha()]


@dataclass(frozen=True)
class Candidate:
    speaker_id: int
    name: str
    matched: str
    score: float


@dataclass
class Resolution:
    """The outcome: the speaker (or None), how, and the near misses to show."""

    speaker: Speaker | None
    score: float
    via: str  # "exact", "fuzzy" or "none"
    suggestions: list[Candidate] = field(default_factory=list)

    def hint(self, types: Mapping[int, str] | None = None) -> str | None:
        """ "did you mean ...?" for the first three suggestions, each with its score,
        and its speaker type when ``types`` (speaker id -> type) says."""
        if not self.suggestions:
            return None

        def said(c: Candidate) -> str:
            kind = types.get(c.speaker_id) if types else None
            return f"{c.name} ({kind + ', ' if kind else ''}{c.score:.0f})"

        return "did you mean " + ", ".join(said(c) for c in self.suggestions[:3]) + "?"


def _keys_of(speaker: Speaker) -> set[str]:
    return {speaker.key, *(a.key for a in speaker.aliases)}


def index_speaker(session: Session, speaker: Speaker) -> None:
    """(Re)write the token rows of one named speaker; unnamed sources are not indexed
    (they resolve only by exact name inside their document)."""
    session.flush()
    session.execute(delete(SpeakerToken).where(SpeakerToken.speaker_id == speaker.id))
    if speaker.document_id is not None or speaker.merged_into_id is not None:
        return
    rows = {(token, key) for key in _keys_of(speaker) for token in _tokens(key)}
    if rows:
        session.execute(
            insert(SpeakerToken),
            [{"token": t, "speaker_id": speaker.id, "key": k} for t, k in sorted(rows)],
        )


def reindex_all_speakers(conn: Connection) -> int:
    """Rebuild the whole token index with plain SQL (used by the migration)."""
    conn.execute(text("DELETE FROM speaker_tokens"))
    names = conn.execute(
        text(
            "SELECT id, key FROM speakers WHERE document_id IS NULL AND merged_into_id IS NULL "
            "UNION SELECT a.speaker_id, a.key FROM speaker_aliases a JOIN speakers s "
            "ON s.id = a.speaker_id WHERE s.document_id IS NULL AND s.merged_into_id IS NULL"
        )
    ).all()
    rows = {(token, sid, key) for sid, key in names for token in _tokens(key)}
    if rows:
        conn.execute(
            text("INSERT INTO speaker_tokens (token, speaker_id, key) VALUES (:t, :s, :k)"),
            [{"t": t, "s": s, "k": k} for t, s, k in sorted(rows)],
        )
    return len(rows)


def exact_speaker(session: Session, key: str, document_id: int | None) -> Speaker | None:
    """The live speaker whose folded name or alias is ``key`` (a document's unnamed
    sources first when ``document_id`` is given)."""
    live = Speaker.merged_into_id.is_(None)
    if document_id is not None:
        scoped = session.scalar(
            select(Speaker).where(live, Speaker.document_id == document_id, Speaker.key == key)
        )
        if scoped is not None:
            return scoped
        # an unnamed source merged into another of its document lives on as an alias
        scoped = session.scalar(
            select(Speaker)
            .join(SpeakerAlias, SpeakerAlias.speaker_id == Speaker.id)
            .where(live, Speaker.document_id == document_id, SpeakerAlias.key == key)
            .order_by(Speaker.id)
            .limit(1)
        )
        if scoped is not None:
            return scoped
    named = session.scalar(
        select(Speaker).where(live, Speaker.document_id.is_(None), Speaker.key == key)
    )
    if named is not None:
        return named
    return session.scalar(
        select(Speaker)
        .join(SpeakerAlias, SpeakerAlias.speaker_id == Speaker.id)
        .where(live, Speaker.document_id.is_(None), SpeakerAlias.key == key)
        .order_by(Speaker.id)
        .limit(1)
    )


def _similarity(query: str, query_tokens: Sequence[str], tokens: Sequence[str]) -> float:
    """How well a name matches a known name, both as token lists.

    A name that is a shorter form of a known one ("Erdogan" for "Recep Tayyip
    Erdoğan") scores as the tokens it shares (``token_set_ratio``); a name with words
    the known one lacks ("Benjamin Netanyahu's office" against "Benjamin Netanyahu") is
    another speaker, and scores on all its words (``token_sort_ratio``).
    """
    from rapidfuzz import fuzz

    candidate = " ".join(tokens)
    if all(_covered(t, tokens) for t in query_tokens):
        return fuzz.token_set_ratio(query, candidate, processor=None)
    return fuzz.token_sort_ratio(query, candidate, processor=None)


def _covered(token: str, others: Sequence[str]) -> bool:
    """Whether one of ``others`` is ``token`` with a letter or so changed (ratio 85)."""
    if token in others:
        return True
    from rapidfuzz import fuzz, process

    return process.extractOne(token, others, scorer=fuzz.ratio, score_cutoff=85) is not None


def _uncovered(tokens: Sequence[str], query_tokens: Sequence[str]) -> list[str]:
    return [t for t in tokens if not _covered(t, query_tokens)]


def candidates(session: Session, name: str) -> dict[int, list[str]]:
    """Speaker id → the folded names/aliases that share a blocking token with ``name``."""
    found: dict[int, list[str]] = {}
    for token in _tokens(name):
        rows = session.execute(
            select(SpeakerToken.speaker_id, SpeakerToken.key)
            .where(SpeakerToken.token == token)
            .limit(TOKEN_CAP + 1)
        ).all()
        if len(rows) > TOKEN_CAP:
            continue  # too common to narrow anything
        for speaker_id, key in rows:
            found.setdefault(speaker_id, []).append(key)
    return found


def within_reach(name: str, pool: dict[int, list[str]]) -> dict[int, list[str]]:
    """``pool`` without the keys that cannot score :data:`MATCH_SCORE` against
    ``name``: what decides :func:`best_match`'s choice (its suggestions need the rest).

    A key's score is its ``token_set_ratio`` or its ``token_sort_ratio``, never more
    than the larger of the two, which rapidfuzz computes for every key in one call."""
    from rapidfuzz import fuzz, process

    query = _token_text(name)
    pairs = [(speaker_id, key) for speaker_id, keys in pool.items() for key in keys]
    texts = [_token_text(key) for _, key in pairs]
    kept: dict[int, list[str]] = {}
    for _, _, i in process.extract(
        query, texts, scorer=fuzz.token_ratio, processor=None, score_cutoff=MATCH_SCORE, limit=None
    ):
        speaker_id, key = pairs[i]
        kept.setdefault(speaker_id, []).append(key)
    return kept


def best_match(
    name: str, pool: dict[int, list[str]], own_keys: dict[int, str]
) -> tuple[int | None, float, list[tuple[float, int, str]]]:
    """Score ``name`` against the candidate keys of each live speaker in ``pool``
    (``own_keys`` gives each one's own folded name): the speaker it resolves to (or
    None), the best score, and every candidate at :data:`SUGGEST_SCORE` or more as
    ``(score, speaker id, matched key)``, best first."""
    query = " ".join(_tokens(name))
    initials = _initials(name)
    query_tokens = query.split()
    scored: list[tuple[float, int, str]] = []
    for speaker_id, keys in pool.items():
        if speaker_id not in own_keys:
            continue
        # "H. Fidan" matches the alias "Fidan" in full, but an initial standing for a
        # name the query does not spell out ("Hakan") is a guess: at most a suggestion.
        # "Donald J. Trump" spells out every name of "Donald Trump" and resolves.
        guessed = bool(initials) and bool(_uncovered(_tokens(own_keys[speaker_id]), query_tokens))
        best, best_key = 0.0, keys[0]
        for k in keys:
            score = _similarity(query, query_tokens, _tokens(k))
            if guessed:
                score = min(score, MATCH_SCORE - 1)
            if score > best:
                best, best_key = score, k
        if best >= SUGGEST_SCORE:
            scored.append((best, speaker_id, best_key))
    scored.sort(key=lambda t: (-t[0], t[1]))
    if not scored:
        return None, 0.0, []
    top = scored[0]
    unique_top = len(scored) == 1 or scored[1][0] < top[0]
    return (top[1] if top[0] >= MATCH_SCORE and unique_top else None), top[0], scored


def resolve_speaker(session: Session, name: str, *, document_id: int | None = None) -> Resolution:
    """Resolve ``name`` to an existing speaker; see the module docstring for the rules."""
    key = fold_key(name)
    exact = exact_speaker(session, key, document_id)
    if exact is not None:
        return Resolution(exact, 100.0, "exact")
    pool = candidates(session, name)
    if not pool:
        return Resolution(None, 0.0, "none")
    speakers = {
        s.id: s
        for s in session.scalars(
            select(Speaker).where(Speaker.id.in_(list(pool)), Speaker.merged_into_id.is_(None))
        )
    }
    chosen, score, scored = best_match(name, pool, {i: s.key for i, s in speakers.items()})
    if not scored:
        return Resolution(None, 0.0, "none")
    suggestions = [Candidate(sid, speakers[sid].name, k, sc) for sc, sid, k in scored]
    if chosen is not None:
        return Resolution(speakers[chosen], score, "fuzzy", suggestions[1:])
    return Resolution(None, score, "none", suggestions)
