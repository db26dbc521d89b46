"""The edition: the day's stories ranked (``rank``), the non-news set aside (``nonnews``), the top
ones told (``alaune.tell``) and published (``build``, ``render``)."""
