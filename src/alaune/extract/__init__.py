"""Extraction: a page (HTML + URL) -> its real text and facts. Pure functions, no I/O."""
