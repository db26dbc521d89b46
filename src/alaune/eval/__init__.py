"""Evaluation against labelled sets: numbers comparable with the shared reference scorers."""
