"""Text and spans: folding, the span and its invariant, finding a typed quote in an
article, and finding a span again in a revised article. No database here."""
