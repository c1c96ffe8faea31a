"""`specfirst new`: a project for a team's spec, and `specfirst stubs`: the methods a handler
set lacks after its spec grew (project.py writes the one, methods.py both)."""
