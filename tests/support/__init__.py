"""Helpers for tests: test databases, settings, and factories for users and products."""
