"""The one place that chains stages; the I/O shell around the pure stage functions."""
