"""Fault injection: hostile servers and the tests that prove alaune survives them."""
