"""Helpers shared by tests and benchmarks (local servers, data locations)."""
