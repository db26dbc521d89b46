"""The edition: the day's stories ranked (``rank``), the non-news set aside (``nonnews``), the top
ones told (``alaune.tell``) into an ``Edition`` (``build``); ``alaune.publish`` renders it."""
