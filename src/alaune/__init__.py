"""alaune: the day's most important stories, each told once, cleanly."""

from alaune.model import Article, Drop, Source, Status

__version__ = "0.1.0"
__all__ = ["Article", "Drop", "Source", "Status", "__version__"]
