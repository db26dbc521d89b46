"""alaune: the day's most important stories, each told once, cleanly."""

from alaune.drops import Drop, Reason
from alaune.model import Article, Source, Status

__version__ = "0.1.0"
__all__ = ["Article", "Drop", "Reason", "Source", "Status", "__version__"]
