"""What generated packages and the applications built on them import at run time.

Spec-independent and handwritten: request decoding and validation errors as problem+json, the
body limit, content types, 404/405/500 answers, the "dependency unavailable" 503, typed
responses and their serialisation, bearer authentication, and the spec's staleness check.

Handlers see only framework-free modules, and so do the generated modules they import:
`models`, `responses`, `problems` and `authenticators` import no web framework. The others
(`routing`, `rendering`, `problem_responses`, `security`, `errors`, `body_limit`) are the
HTTP side, on FastAPI and Starlette. This package imports none of them itself.
"""
