"""Handwritten implementations of the generated handler interfaces, one module per tag."""
