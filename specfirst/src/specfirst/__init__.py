"""specfirst: a spec-first server for FastAPI.

`specfirst.codegen` turns an OpenAPI document into a typed Python package (models, one
response class per status or shared response, one handler interface per tag, the binding);
`specfirst.runtime` is what that package and the application import at run time.
"""

from importlib.metadata import version

__version__ = version("specfirst")
