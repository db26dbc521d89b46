"""Grouping: copies of one text, then stories of one event."""
