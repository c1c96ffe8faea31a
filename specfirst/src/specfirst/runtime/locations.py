"""Where a parameter's text is in a request: its path, query string, headers or cookies."""

from starlette.requests import HTTPConnection


def location_text(request: HTTPConnection, location: str, name: str) -> str | None:
    """The text of `name` in the request's `location` (`path`, `query`, `header` or
    `cookie`), or None when absent."""
    if location == "path":
        value = request.path_params.get(name)
        return None if value is None else str(value)
    if location == "query":
        return request.query_params.get(name)
    if location == "header":
        return request.headers.get(name)
    return request.cookies.get(name)
