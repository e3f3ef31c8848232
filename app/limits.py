"""A request's body read whole before the app sees it: within a size and a time limit.

The app (and so the request's database transaction) starts only once the body is here,
spooled to a temporary file past a megabyte; it then reads it at disk speed. A client that
sends slowly holds a socket and a small buffer, never a database connection, and one that
takes longer than the limit is cut off with 408.
"""

from collections.abc import Callable
from typing import IO

import anyio
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.documents.storage import CHUNK_BYTES, spooled_file

Refusal = Callable[[int, str, str], Response]  # status, code, message
Admission = Callable[[Scope], Response | None]  # a refusal before the body is read, or None


class RequestBody:
    """Reads the whole body first: 413 over `max_bytes` (by Content-Length up front, or as it
    streams), 408 if it takes longer than `timeout_seconds`; then runs the app on the copy."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        timeout_seconds: float,
        refuse: Refusal,
        admit: Admission | None = None,
        multipart_max_bytes: int | None = None,
    ) -> None:
        self.app = app
        self.admit = admit
        self.max_bytes = max_bytes
        self.multipart_max_bytes = multipart_max_bytes or max_bytes
        self.timeout_seconds = timeout_seconds
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self.admit(scope) if self.admit is not None else None
        if refused is not None:  # no body is read for a caller who cannot be served
            await refused(scope, receive, send)
            return
        headers = dict(scope["headers"])
        multipart = headers.get(b"content-type", b"").startswith(b"multipart/")
        limit = self.multipart_max_bytes if multipart else self.max_bytes
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._too_large(limit)(scope, receive, send)
            return
        body = spooled_file()
        try:
            outcome = await self._read(receive, body, limit)
            if outcome == "gone":
                return  # the client hung up: there is no one to answer
            if outcome == "large":
                await self._too_large(limit)(scope, receive, send)
                return
            if outcome == "slow":
                message = f"The request body took longer than {self.timeout_seconds:g} seconds."
                await self.refuse(408, "REQUEST_TIMEOUT", message)(scope, receive, send)
                return
            body.seek(0)
            await self.app(scope, _replay(body, receive), send)
        finally:
            body.close()

    async def _read(self, receive: Receive, body: IO[bytes], limit: int) -> str:
        received = 0
        with anyio.move_on_after(self.timeout_seconds):
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return "gone"
                chunk = message.get("body", b"")
                received += len(chunk)
                if received > limit:
                    return "large"
                body.write(chunk)
                if not message.get("more_body", False):
                    return "read"
        return "slow"

    def _too_large(self, limit: int) -> Response:
        return self.refuse(413, "PAYLOAD_TOO_LARGE", f"The request body is over {limit} bytes.")


def _replay(body: IO[bytes], receive: Receive) -> Receive:
    """A receive that gives the spooled body back in chunks, then waits on the client's own
    receive (for its disconnect) as the app expects."""
    done = False

    async def replay() -> Message:
        nonlocal done
        if done:
            return await receive()
        chunk = body.read(CHUNK_BYTES)
        more = len(chunk) == CHUNK_BYTES
        done = not more
        return {"type": "http.request", "body": chunk, "more_body": more}

    return replay
