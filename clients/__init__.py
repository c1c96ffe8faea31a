"""Clients generated from openapi.yaml for the API's consumers, and the commands that make them."""
