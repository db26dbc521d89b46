"""The web edition: `alaune serve` (pages, feeds, JSON API) and `alaune export` (a static site)."""
