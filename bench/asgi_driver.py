"""Drives an ASGI app in process, one request at a time, with no HTTP client in between.

Imported by bench.cpu; run as a script by bench.ab as one side of a comparison, where it serves
one tree's app and answers bursts asked for on standard input with the CPU they took:

    PYTHONPATH=TREE python bench/asgi_driver.py MODULE:FACTORY

Standard library only: as a script it runs beside another tree's packages, bench included.
"""

import importlib
import json
import logging
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import FrameType
from typing import Any

App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
HOST = "bench"


async def call(app: App, method: str, path: str, headers: dict[str, str], body: bytes) -> Any:
    """One request through the ASGI app; the status and the body. Called directly rather than
    through httpx's ASGI transport, whose own CPU would count in every measured request."""
    route, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": route,
        "raw_path": route.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", HOST.encode())]
        + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


async def burst(app: App, ask: dict[str, Any]) -> dict[str, Any]:
    """`ask["requests"]` times the same request; the CPU seconds they took and the Python
    bytecode instructions they ran (counted only when `ask["count"]`: tracing is slow), and the
    last answer's status and body (for a log-in, the token)."""
    method, path, headers = ask["method"], ask["path"], ask["headers"]
    body = json.dumps(ask["body"]).encode() if ask.get("body") is not None else b""
    counter = OpcodeCounter()
    if ask.get("count"):
        sys.settrace(counter.trace)
    started = time.process_time()
    try:
        for _ in range(ask["requests"]):
            status, text = await call(app, method, path, headers, body)
    finally:
        sys.settrace(None)
    cpu = time.process_time() - started
    return {"cpu": cpu, "opcodes": counter.opcodes, "status": status, "body": text.decode()}


class OpcodeCounter:
    """Counts the bytecode instructions run in this thread while it is the trace function: a
    measure of Python work that a busy or virtualised machine does not blur, unlike CPU time.
    Work in C (the driver, JSON, pydantic's core) is not counted."""

    def __init__(self) -> None:
        self.opcodes = 0

    def trace(self, frame: FrameType, event: str, _: Any) -> Any:  # sys.settrace's own type
        if event == "call":  # also each time a coroutine resumes
            frame.f_trace_lines, frame.f_trace_opcodes = False, True
        elif event == "opcode":
            self.opcodes += 1
        return self.trace


async def serve_bursts(factory: str) -> None:
    from asgi_lifespan import LifespanManager  # the measured tree's environment has it

    module, _, name = factory.partition(":")
    app = getattr(importlib.import_module(module), name)()
    with tempfile.NamedTemporaryFile("w", prefix="folio-ab-", suffix=".log") as access_log:
        logging.getLogger().handlers[0].setStream(access_log)  # type: ignore[attr-defined]
        async with LifespanManager(app):
            answer({"ready": sys.modules[module].__file__})
            for line in sys.stdin:
                answer(await burst(app, json.loads(line)))


def answer(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    # This folder's modules (seed, live, ...) must not shadow top-level ones of the measured tree.
    sys.path.remove(str(Path(__file__).resolve().parent))
    import uvloop

    uvloop.run(serve_bursts(sys.argv[1]))
