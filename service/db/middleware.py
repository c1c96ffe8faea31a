"""One transaction per HTTP request, committed before the response starts."""

from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.db.database import Database, describe_database_unavailable
from specfirst.runtime.problem_responses import unavailable_response

# RFC 9110 §9.2.1: methods that do not ask for a change; their units are read-only.
SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})


class TransactionPerRequest:
    """ASGI middleware: every HTTP request runs in one unit of work of `database`.

    The transaction is committed before the response's first byte is sent, so a client that
    sees a success knows it was stored (a commit that fails because the database went away
    becomes a 503 instead); an error response (status >= 400) or a failed request rolls
    everything back. Requests with a safe method get a read-only unit.
    """

    def __init__(self, app: ASGIApp, database: Database) -> None:
        self.app = app
        self.database = database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        replaced = False
        read_only = scope["method"] in SAFE_METHODS
        async with self.database.unit_of_work(read_only=read_only) as unit:

            async def send_after_finishing(message: Message) -> None:
                nonlocal replaced
                if replaced:
                    return  # the application's own answer was replaced by a 503
                if message["type"] == "http.response.start":
                    # Finish before the client hears back: it may act on the answer at once.
                    if message["status"] < 400:
                        try:
                            await unit.commit()
                        except Exception as error:
                            unavailable = describe_database_unavailable(error)
                            if unavailable is None:
                                raise
                            # The database went away at the commit: the client gets a 503,
                            # never a success the data may not back.
                            replaced = True
                            await unit.close()
                            await unavailable_response(unavailable)(scope, receive, send)
                            return
                    else:
                        await unit.close()  # roll back, and release locks early
                await send(message)

            await self.app(scope, receive, send_after_finishing)
