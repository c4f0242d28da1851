"""A stand-in for the Hugging Face hub on 127.0.0.1, serving files the way the hub does."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COMMIT = "a" * 40


@dataclass
class HubState:
    repos: dict[str, dict[str, bytes]] = field(default_factory=dict)
    wrong_sha: bool = False  # advertise a sha256 that does not match the bytes
    cut_after: int | None = None  # drop the connection after this many body bytes...
    fail_after_cut: bool = True  # ...and answer 503 to every later GET
    cuts: int = 0
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)


def _handler(state: HubState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def _json(self, obj: object, status: int = 200) -> None:
            body = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _missing(self, kind: str) -> None:
            body = json.dumps({"error": f"{kind} not found"}).encode()
            self.send_response(404)
            self.send_header("X-Error-Code", "RepoNotFound" if kind == "repo" else "EntryNotFound")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _route(self) -> None:
            state.requests.append((self.command, self.path, self.headers.get("Range")))
            path = self.path.split("?")[0]
            m = re.match(r"^/api/models/([^/]+/[^/]+)(?:/revision/[^/]+)?$", path)
            if m:
                files = state.repos.get(m.group(1))
                if files is None:
                    return self._missing("repo")
                return self._json({"id": m.group(1), "sha": COMMIT, "siblings": [{"rfilename": n} for n in files]})
            m = re.match(r"^/([^/]+/[^/]+)/resolve/[^/]+/(.+)$", path)
            if not m:
                return self._missing("repo")
            files = state.repos.get(m.group(1))
            if files is None:
                return self._missing("repo")
            data = files.get(m.group(2))
            if data is None:
                return self._missing("entry")
            sha = hashlib.sha256(data + (b"x" if state.wrong_sha else b"")).hexdigest()
            start = 0
            rng = self.headers.get("Range")
            if rng:
                start = int(re.match(r"bytes=(\d+)-", rng).group(1))  # type: ignore[union-attr]
            if self.command == "GET" and state.cuts and state.fail_after_cut:
                body = b"busy"
                self.send_response(503)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            body = data[start:]
            self.send_response(206 if rng else 200)
            self.send_header("X-Repo-Commit", COMMIT)
            self.send_header("ETag", f'"{sha}"')
            self.send_header("X-Linked-Etag", f'"{sha}"')
            self.send_header("X-Linked-Size", str(len(data)))
            self.send_header("Content-Length", str(len(body)))
            if rng:
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.end_headers()
            if self.command == "HEAD":
                return
            if state.cut_after is not None and not state.cuts:
                state.cuts += 1
                self.wfile.write(body[: state.cut_after])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

        do_GET = _route
        do_HEAD = _route

    return Handler


class FakeHub:
    def __init__(self) -> None:
        self.state = HubState()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeHub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
