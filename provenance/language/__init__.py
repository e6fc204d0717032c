"""English rules with no database: who a source mention names, and how strongly.

* ``names``: which words make a personal name; alias variants and name tokens.
* ``mentions``: a mention taken apart into the speaker's name and its description.
* ``sources``: what a reading is (``SourceKind``, ``SourceClass``) and the head words
  the rules share.
* ``classify``: ``classify_source``, an ordered table of small named rules, drawing on
  ``named_sources`` (a mention that names someone), ``possessives`` ("Netanyahu’s
  office", "his spokesman") and ``noun_phrases`` (unnamed sources, documents,
  organisations by their noun).
* ``backrefs``: ``resolve_backreference`` and ``resolve_source``, which follow "he",
  "the official" or "Lindenstrauss" to the earlier speaker.
* ``lexicon``: the word lists, as data files with one loader.
"""
