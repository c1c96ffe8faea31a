"""What generated packages and the applications built on them import at run time.

Spec-independent and handwritten: request decoding and validation errors as problem+json, the
body limit, content types, 404/405/500 answers, the "dependency unavailable" 503, typed
responses and their serialisation, and authentication.

Framework-free, and so what handlers and the generated modules they import may use: `models`,
`responses`, `problems`, `authenticators`, `uploads`, `formats`, `binding_errors`; and the
rules the generator shares with the runtime: `pointers`, `styles`, `shapes`,
`operation_rules`, `media`, `negotiation`. The HTTP side, on FastAPI and Starlette:
`routing`, `arguments`, `bodies`, `locations`, `rendering`, `security`, `body_limit`,
`problem_responses`, `exception_handlers`. This package imports none of them itself, and
nothing of the generator, nor a YAML parser.
"""
