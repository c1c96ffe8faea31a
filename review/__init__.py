"""Tools for reviewers of a change to openapi.yaml: `make breaking`, `make review`."""
