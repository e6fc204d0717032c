"""The bundle (prov's JSON Lines interchange and backup format) and the seed corpus."""
