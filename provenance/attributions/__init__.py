"""Attributions: recording who said what where, adding one by quoting the article,
extractor proposals and their review, and the filter that chooses attributions."""
