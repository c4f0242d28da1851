"""A real `llorch serve` subprocess on 127.0.0.1 (port 0: the free port it prints), for server tests."""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path

START_S = 120.0  # bounded: a server that never says where it listens fails the test, it never hangs it


class ServerProcess:
    def __init__(self, home: Path, *args: str, env: dict[str, str] | None = None) -> None:
        llorch = shutil.which("llorch")
        assert llorch, "the llorch command is not installed (pip install -e .)"
        self.env = os.environ.copy() | {"LLORCH_HOME": str(home)} | dict(env or {})
        self.proc = subprocess.Popen([llorch, "serve", "--port", "0", *args], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=self.env)
        self.lines: list[str] = []
        self.port = self._wait_for_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def _wait_for_port(self) -> int:
        assert self.proc.stderr is not None
        deadline = time.monotonic() + START_S
        buffer = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stderr], [], [], 0.5)
            if not ready:
                if self.proc.poll() is not None:
                    break
                continue
            chunk = os.read(self.proc.stderr.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            found = re.search(rb"listening on http://127\.0\.0\.1:(\d+)", buffer)
            if found:
                self.lines.append(buffer.decode())
                return int(found.group(1))
        self.proc.kill()
        raise AssertionError(f"llorch serve did not start: {buffer.decode(errors='replace')}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> tuple[int, str]:
        """Send `sig`, wait for the exit; returns the exit code and the rest of stderr."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            _, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return self.proc.returncode, err.decode(errors="replace")

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.stop()


def metric(text: str, name: str, **labels: str) -> float:
    """One sample's value from Prometheus text (0 when absent)."""
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        head, _, value = line.rpartition(" ")
        if head == name or head == f"{name}{{{want}}}":
            return float(value)
    return 0.0
