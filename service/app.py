"""Builds the FastAPI application: transport rules, bound handlers, the contract and its docs."""

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from service.contract import load_contract
from service.generated.routes import bind_routes
from service.generated.transport import install_transport
from service.handlers.items import Items
from service.handlers.meta import Meta


def create_app() -> FastAPI:
    """The service with every operation implemented so far; the others are not served (404)."""
    contract = load_contract()
    app = FastAPIOffline(
        title=contract["info"]["title"],
        version=contract["info"]["version"],
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    # /openapi.json serves the handwritten contract, not the document FastAPI would derive.
    app.openapi = lambda: contract  # type: ignore[method-assign]
    install_transport(app)  # 1 MiB body limit, as the contract says
    bind_routes(
        app.router,
        authenticate=None,
        meta=Meta(readiness_probes=()),
        items=Items(),
        # Implemented with the data layer and authentication (issue 3); until then not served.
        users=None,
        auth=None,
        products=None,
    )
    return app
