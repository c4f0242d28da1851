"""Deadlines for reading a request: its headers within `header_s`, its body without stalling for `body_s`.

uvicorn limits only the idle time between requests (its keep-alive timeout), so a client
that connects and sends nothing, or sends headers and stalls, or a part of a body, would
hold its connection (and a file descriptor) forever. `deadline_protocol` is uvicorn's own
h11 protocol with one timer that follows h11's view of the client's side:

    IDLE (no request yet, or part of its headers)   closed header_s after it began (408 if
                                                    part of a request came)
    SEND_BODY (headers read, body coming)           closed body_s after the headers, plus a
                                                    second per MIN_BODY_RATE bytes received
    DONE (the request is whole)                     no limit: answers may take their time

A body closed early reaches the app as a client disconnect, as if the client had hung up.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["MIN_BODY_RATE", "deadline_protocol"]

log = logging.getLogger("llorch.server")

MIN_BODY_RATE = 500  # bytes/s: a body that keeps coming at least this fast is never cut (Apache's MinRate)


class _DeadlineProtocol(H11Protocol):
    header_s: ClassVar[float] = 10.0
    body_s: ClassVar[float] = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._phase: str | None = None
        self._deadline = 0.0
        self._timer: Any = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._follow()

    def data_received(self, data: bytes) -> None:
        body = self._phase == "body"
        super().data_received(data)
        if body:
            self._deadline += len(data) / MIN_BODY_RATE
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()  # a kept-alive connection waits for its next request's headers

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop()
        super().connection_lost(exc)

    def _follow(self) -> None:
        """Arm the deadline of the phase h11 is in now (none once the request is whole)."""
        state = self.conn.their_state
        phase = "headers" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None
        if phase == self._phase:
            return
        self._stop()
        self._phase = phase
        if phase is None or self.transport.is_closing():
            return
        self._deadline = self.loop.time() + (self.header_s if phase == "headers" else self.body_s)
        self._timer = self.loop.call_at(self._deadline, self._expired)

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._phase = None

    def _expired(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        if self.loop.time() < self._deadline:  # the body kept coming: its deadline moved on
            self._timer = self.loop.call_at(self._deadline, self._expired)
            return
        phase, self._phase = self._phase, None
        partial = bool(self.conn.trailing_data[0])
        log.info("closing a connection from %s: its request %s did not come within the time allowed",
                 "%s:%d" % self.client if self.client else "?", phase)
        if phase == "headers" and partial:  # part of a request came: say why it goes unanswered
            reason = f"the request headers did not come within {self.header_s:g} s\n".encode()
            self.transport.write(b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                                 b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(reason), reason))
        self.transport.close()


def deadline_protocol(header_s: float, body_s: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol with these read deadlines, for `uvicorn.Config(http=...)`."""
    return type("DeadlineProtocol", (_DeadlineProtocol,), {"header_s": float(header_s), "body_s": float(body_s)})
