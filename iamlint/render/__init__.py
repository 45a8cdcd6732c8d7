"""Renderers: pure functions from findings (and the source texts) to output text."""
