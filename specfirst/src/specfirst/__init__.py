"""specfirst: a spec-first server for FastAPI.

`specfirst.codegen` turns an OpenAPI document into a typed Python package (models, one
response class per status or shared response, one handler interface per tag, the binding);
`specfirst.runtime` is what that package and the application import at run time;
`specfirst.documents` reads specs as written; `specfirst.mock` serves any spec from its
examples; `specfirst.cli` is the command line. specfirst/README.md, "How it is built", says
how they fit.
"""

from importlib.metadata import version

__version__ = version("specfirst")
