"""Finding and creating many speakers at once, exactly by name: what an import needs.

A bundle names its speakers by their own names, so that a restore gives every quote
back to the speaker it had (never to a look-alike: see
:func:`provenance.speakers.directory.find_or_create_exactly`, whose rules this module
keeps). For a batch of documents it asks the database once per kind of question
instead of once per attribution:

1. a named speaker already met in this import is taken from the :class:`SpeakerCache`;
2. the others are looked up by folded name in one query per batch (a live speaker of
   that name, of any type: one live named speaker per name);
3. a name found only on a speaker merged away since is followed to where the merge put
   it (rare: through the ORM, one by one);
4. the rest are created together: their rows, their token index and their history
   entries, ids handed out in one block. An unnamed source of a document stored in this
   same batch cannot exist yet and is created without a look-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from provenance.language.names import name_tokens
from provenance.speakers.directory import find_or_create_exactly
from provenance.speakers.resolution import TOKEN_CAP, best_match, within_reach
from provenance.store.bulk import BulkWriter
from provenance.store.models import Change, Speaker, SpeakerAlias, SpeakerToken
from provenance.text.folding import fold_key
from provenance.vocabulary import SpeakerType

__all__ = [
    "KnownSpeaker",
    "SpeakerCache",
    "SpeakerWanted",
    "add_aliases",
    "resolve_as_typed",
    "resolve_exactly",
]

_CHUNK = 500  # keys per IN (...) list


@dataclass(slots=True)
class KnownSpeaker:
    id: int
    name: str
    key: str
    type: str
    document_id: int | None
    alias_keys: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, speaker: Speaker) -> KnownSpeaker:
        """A speaker the ORM holds, with the keys of its aliases."""
        keys = {a.key for a in speaker.aliases}
        return cls(speaker.id, speaker.name, speaker.key, speaker.type, speaker.document_id, keys)


@dataclass(frozen=True, slots=True)
class SpeakerWanted:
    """A speaker a bundle names: found or created with this name, type and scope."""

    name: str
    key: str
    type: SpeakerType
    description: str | None
    scope: int | None  # the document of an unnamed source; None for a named speaker
    new_scope: bool = False  # the document was stored in this batch
    document: int | None = None  # where it was met, for names resolved as typed


class SpeakerCache:
    """Named speakers already resolved in this import, by folded name.

    Bounded, so that an import of any size keeps to a flat memory; emptied when a
    batch is rolled back, since what it created then no longer exists.
    """

    def __init__(self, limit: int = 100_000) -> None:
        self.limit = limit
        self.named: dict[str, KnownSpeaker] = {}
        self.typed: dict[tuple[str, str], KnownSpeaker] = {}  # (key, type) as resolved
        # names found by likeness, with the versions of their tokens then: the answer
        # holds until a speaker sharing one of those tokens is created
        self.alike: dict[tuple[str, str], tuple[KnownSpeaker, tuple[int, ...]]] = {}
        self.token_versions: dict[str, int] = {}

    def get(self, key: str) -> KnownSpeaker | None:
        return self.named.get(key)

    def keep(self, speaker: KnownSpeaker) -> None:
        if speaker.document_id is None:
            if len(self.named) >= self.limit:
                self.named.clear()
            self.named[speaker.key] = speaker

    def keep_typed(self, key: str, kind: str, speaker: KnownSpeaker) -> None:
        if len(self.typed) >= self.limit:
            self.typed.clear()
        self.typed[(key, kind)] = speaker

    def versions(self, key: str) -> tuple[int, ...]:
        return tuple(self.token_versions.get(t, 0) for t in name_tokens(key))

    def created(self, key: str) -> None:
        """A named speaker ``key`` was created: likeness answers through its tokens may
        change. (With no likeness answer kept there is nothing to change: an answer
        kept later compares with the versions as they are then.)"""
        if not self.alike:
            return
        for token in set(name_tokens(key)):
            self.token_versions[token] = self.token_versions.get(token, 0) + 1

    def keep_alike(self, key: str, kind: str, speaker: KnownSpeaker) -> None:
        if len(self.alike) >= self.limit:
            self.alike.clear()
        self.alike[(key, kind)] = (speaker, self.versions(key))

    def get_alike(self, key: str, kind: str) -> KnownSpeaker | None:
        kept = self.alike.get((key, kind))
        if kept is None or kept[1] != self.versions(key):
            return None
        return kept[0]

    def forget(self) -> None:
        self.named.clear()
        self.typed.clear()
        self.alike.clear()
        self.token_versions.clear()


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _known(row: Any) -> KnownSpeaker:
    return KnownSpeaker(row.id, row.name, row.key, row.type, row.document_id)


def resolve_exactly(
    session: Session,
    writer: BulkWriter,
    wanted: Iterable[SpeakerWanted],
    cache: SpeakerCache,
    *,
    actor: str,
) -> dict[tuple[int | None, str], KnownSpeaker]:
    """Every wanted speaker by ``(scope, key)``, found or created (module docstring)."""
    found: dict[tuple[int | None, str], KnownSpeaker] = {}
    first: dict[tuple[int | None, str], SpeakerWanted] = {}
    for want in wanted:
        slot = (want.scope, want.key)
        if slot in found or slot in first:
            continue
        cached = cache.get(want.key) if want.scope is None else None
        if cached is not None:
            found[slot] = cached
        else:
            first[slot] = want
    to_look_up = [slot for slot, want in first.items() if not want.new_scope]
    found.update(_live(session, to_look_up))
    missing = [slot for slot in to_look_up if slot not in found]
    for slot in _merged_away(session, missing):
        want = first[slot]
        speaker = find_or_create_exactly(
            session,
            want.name,
            want.type,
            actor=actor,
            document=_scope_document(session, want.scope),
            description=want.description,
        )
        known = KnownSpeaker.of(speaker)
        found[slot] = known
    _load_alias_keys(session, [k for s, k in found.items() if s in first])
    created = [want for slot, want in first.items() if slot not in found]
    for known in _create(session, writer, created, actor=actor):
        found[(known.document_id, known.key)] = known
        if known.document_id is None:
            cache.created(known.key)
    for known in found.values():
        cache.keep(known)
    return found


def resolve_as_typed(
    session: Session,
    writer: BulkWriter,
    wanted: Iterable[SpeakerWanted],
    cache: SpeakerCache,
    *,
    actor: str,
) -> dict[tuple[int | None, str, str], KnownSpeaker]:
    """Named speakers as the extractor names them, by ``(document, key, type)``:
    resolved as a person typing each name would have it resolved (:func:`~provenance.
    speakers.directory.resolve_or_create`: by name, by alias, then by likeness at
    :data:`~provenance.speakers.resolution.MATCH_SCORE`, never by alias or likeness
    across types), document by document in the order they come.

    A name found by its own name or an alias, or created, stays found so: it is
    resolved once however many documents and batches it comes up in. A name found
    only by likeness holds only until a speaker or alias sharing one of its words is
    made, which can make it ambiguous ("Sato" after "Yusuf Sato" is him; once "Hannah
    Sato" is in too, it is neither): then it is resolved again, in the document where
    it next comes up (:meth:`SpeakerCache.get_alike`). The look-ups are made for the
    whole batch at once (names, aliases, the token index), the new speakers written
    together."""
    order: list[SpeakerWanted] = []
    seen: set[tuple[int | None, str, str]] = set()
    stable: dict[tuple[str, str], KnownSpeaker] = {}
    for want in wanted:
        slot = (want.key, want.type.value)
        place = (want.document, *slot)
        if place not in seen:
            seen.add(place)
            order.append(want)
            known = cache.typed.get(slot)
            if known is not None:
                stable[slot] = known
    # every name not settled is looked up, also one with a likeness answer kept from an
    # earlier batch: a speaker made in this one may undo it
    unsettled = [w for w in order if (w.key, w.type.value) not in stable]
    stored = _StoredNames(session, [w.key for w in unsettled], [w.name for w in unsettled])
    found: dict[tuple[int | None, str, str], KnownSpeaker] = {}
    created: list[tuple[SpeakerWanted, KnownSpeaker]] = []
    fresh = _FreshNames()
    for want in order:
        kind = want.type.value
        slot = (want.key, kind)
        known = stable.get(slot) or cache.get_alike(want.key, kind)
        if known is None:
            alike = False
            known = stored.by_own_name(want.key) or fresh.by_own_name(want.key)
            if known is None:
                by_alias = stored.by_alias(want.key)
                other = by_alias or stored.by_likeness(want.name, fresh)
                if other is not None and other.type == kind:
                    known, alike = other, by_alias is None
            if known is None:
                known = KnownSpeaker(-len(created) - 1, want.name, want.key, kind, None)
                created.append((want, known))
                fresh.add(known)
                cache.created(want.key)
            if alike:
                cache.keep_alike(want.key, kind, known)
            else:
                stable[slot] = known
        found[(want.document, *slot)] = known
    _create_typed(writer, created, actor=actor)
    for (key, kind), known in stable.items():
        cache.keep_typed(key, kind, known)
    return found


class _FreshNames:
    """Speakers created in this batch, not yet written: found by name and by tokens."""

    def __init__(self) -> None:
        self.names: dict[str, KnownSpeaker] = {}
        self.tokens: dict[str, list[KnownSpeaker]] = {}

    def add(self, known: KnownSpeaker) -> None:
        self.names.setdefault(known.key, known)
        for token in set(name_tokens(known.key)):
            self.tokens.setdefault(token, []).append(known)

    def by_own_name(self, key: str) -> KnownSpeaker | None:
        return self.names.get(key)


class _StoredNames:
    """What the database holds for a batch of names, read in a few queries: live named
    speakers by their own name, by an alias, and the token index for likeness."""

    def __init__(self, session: Session, keys: list[str], names: list[str]) -> None:
        self.session = session
        s, a, t = (m.__table__.c for m in (Speaker, SpeakerAlias, SpeakerToken))
        columns = (s.id, s.name, s.key, s.type, s.document_id)
        live = (s.merged_into_id.is_(None), s.document_id.is_(None))
        self.own: dict[str, KnownSpeaker] = {}
        self.alias: dict[str, KnownSpeaker] = {}
        unique = sorted(set(keys))
        for chunk in _chunks(unique):
            for row in session.execute(select(*columns).where(*live, s.key.in_(chunk))):
                self.own[row.key] = _known(row)
            rows = session.execute(
                select(*columns, a.key.label("alias_key"))
                .join(SpeakerAlias.__table__, a.speaker_id == s.id)
                .where(*live, a.key.in_(chunk))
                .order_by(s.id.desc())
            )
            for aliased in rows:
                self.alias[aliased.alias_key] = _known(aliased)  # the lowest id wins
        tokens = sorted({t for name in names for t in name_tokens(name)})
        self.pool: dict[str, list[tuple[int, str]]] = {}
        usable: list[str] = []
        for chunk in _chunks(tokens):
            counted = session.execute(
                select(t.token, func.count()).where(t.token.in_(chunk)).group_by(t.token)
            )
            usable += [token for token, n in counted if n <= TOKEN_CAP]
        for chunk in _chunks(usable):
            for token, speaker_id, key in session.execute(
                select(t.token, t.speaker_id, t.key).where(t.token.in_(chunk))
            ):
                self.pool.setdefault(token, []).append((speaker_id, key))
        ids = sorted({i for rows in self.pool.values() for i, _ in rows})
        self.speakers: dict[int, KnownSpeaker] = {}
        for chunk in _chunks(ids):
            for row in session.execute(
                select(*columns).where(s.id.in_(chunk), s.merged_into_id.is_(None))
            ):
                self.speakers[row.id] = _known(row)

    def by_own_name(self, key: str) -> KnownSpeaker | None:
        return self.own.get(key)

    def by_alias(self, key: str) -> KnownSpeaker | None:
        return self.alias.get(key)

    def by_likeness(self, name: str, fresh: _FreshNames) -> KnownSpeaker | None:
        """The speaker ``name`` resolves to by likeness, among the stored ones and those
        created earlier in the batch (:func:`~provenance.speakers.resolution.
        best_match`)."""
        pool: dict[int, list[str]] = {}
        everyone: dict[int, KnownSpeaker] = {}
        for token in name_tokens(name):
            for speaker_id, key in self.pool.get(token, ()):
                if speaker_id in self.speakers:
                    pool.setdefault(speaker_id, []).append(key)
            for known in fresh.tokens.get(token, ()):
                pool.setdefault(known.id, []).append(known.key)
                everyone[known.id] = known
        for speaker_id in pool:
            if speaker_id in self.speakers:
                everyone[speaker_id] = self.speakers[speaker_id]
        own = {i: k.key for i, k in everyone.items()}
        chosen, _, _ = best_match(name, within_reach(name, pool), own)
        return everyone.get(chosen) if chosen is not None else None


def _create_typed(
    writer: BulkWriter, created: list[tuple[SpeakerWanted, KnownSpeaker]], *, actor: str
) -> None:
    """Write the speakers made for names nothing resolved to, and give each its id."""
    if not created:
        return
    made = _create(writer.session, writer, [want for want, _ in created], actor=actor)
    for (_, placeholder), real in zip(created, made, strict=True):
        placeholder.id = real.id


def _scope_document(session: Session, scope: int | None) -> Any:
    from provenance.store.models import Document

    return session.get(Document, scope) if scope is not None else None


def _live(
    session: Session, slots: list[tuple[int | None, str]]
) -> dict[tuple[int | None, str], KnownSpeaker]:
    found: dict[tuple[int | None, str], KnownSpeaker] = {}
    s = Speaker.__table__.c
    columns = (s.id, s.name, s.key, s.type, s.document_id)
    named = [key for scope, key in slots if scope is None]
    scoped = [slot for slot in slots if slot[0] is not None]
    for keys in _chunks(named):
        rows = session.execute(
            select(*columns).where(
                s.merged_into_id.is_(None), s.document_id.is_(None), s.key.in_(keys)
            )
        )
        for row in rows:
            found[(None, row.key)] = _known(row)
    for pairs in _chunks(scoped):
        rows = session.execute(
            select(*columns).where(
                s.merged_into_id.is_(None), tuple_(s.document_id, s.key).in_(list(pairs))
            )
        )
        for row in rows:
            found[(row.document_id, row.key)] = _known(row)
    return found


def _merged_away(
    session: Session, slots: list[tuple[int | None, str]]
) -> list[tuple[int | None, str]]:
    """The slots whose name only a speaker merged into another still carries."""
    if not slots:
        return []
    s = Speaker.__table__.c
    hits: set[tuple[int | None, str]] = set()
    for pairs in _chunks(slots):
        keys = [key for _, key in pairs]
        rows = session.execute(
            select(s.document_id, s.key).where(s.merged_into_id.is_not(None), s.key.in_(keys))
        )
        hits.update((row.document_id, row.key) for row in rows)
    return [slot for slot in slots if slot in hits]


def _load_alias_keys(session: Session, speakers: list[KnownSpeaker]) -> None:
    by_id = {known.id: known for known in speakers if not known.alias_keys}
    a = SpeakerAlias.__table__.c
    for ids in _chunks(list(by_id)):
        for speaker_id, key in session.execute(
            select(a.speaker_id, a.key).where(a.speaker_id.in_(ids))
        ):
            by_id[speaker_id].alias_keys.add(key)


def _create(
    session: Session, writer: BulkWriter, created: list[SpeakerWanted], *, actor: str
) -> list[KnownSpeaker]:
    if not created:
        return []
    now = writer.now
    ids = writer.ids(Speaker, len(created))
    rows, changes, tokens, made = [], [], [], []
    for speaker_id, want in zip(ids, created, strict=True):
        rows.append(
            {
                "id": speaker_id,
                "name": want.name,
                "key": want.key,
                "type": want.type.value,
                "description": want.description,
                "document_id": want.scope,
                "holder_id": None,
                "merged_into_id": None,
                "created_at": now,
            }
        )
        changes.append(
            {
                "at": now,
                "actor": actor,
                "action": "speaker.create",
                "entity": "speaker",
                "entity_id": speaker_id,
                "data": {"name": want.name, "type": want.type.value, "document": want.scope},
            }
        )
        if want.scope is None:
            tokens += [
                {"token": t, "speaker_id": speaker_id, "key": want.key}
                for t in sorted(set(name_tokens(want.key)))
            ]
        made.append(KnownSpeaker(speaker_id, want.name, want.key, want.type.value, want.scope))
    writer.insert(Speaker, rows)
    writer.insert(SpeakerToken, tokens)
    writer.insert(Change, changes)
    return made


def add_aliases(writer: BulkWriter, pairs: Iterable[tuple[KnownSpeaker, str]]) -> list[str]:
    """Give each speaker the alias paired with it, unless it has that name already (as
    :func:`provenance.speakers.directory.add_alias` does); returns the keys of the
    aliases of named speakers that were new."""
    rows, tokens, named = [], [], []
    for known, alias in pairs:
        alias = " ".join(alias.split())
        key = fold_key(alias)
        if not key or key == known.key or key in known.alias_keys:
            continue
        known.alias_keys.add(key)
        rows.append({"speaker_id": known.id, "alias": alias, "key": key})
        if known.document_id is None:
            named.append(key)
            tokens += [
                {"token": t, "speaker_id": known.id, "key": key}
                for t in sorted(set(name_tokens(key)))
            ]
    writer.insert(SpeakerAlias, rows)
    writer.insert(SpeakerToken, tokens)
    return named
