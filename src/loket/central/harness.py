"""Run a real central registry in a child process: for the integration tests, the chaos test, the
drain benchmark and the outage demo. Standard library and httpx only (no Django here), so the
caller may use any settings, or none."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

LOKET = [sys.executable, "-m", "loket"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


class CentralProcess:
    """A centre listening on 127.0.0.1:<port> with its database in ``data_dir`` (or
    ``database_url``). Its output (gunicorn's access log included) goes to ``data_dir/central.log``."""

    def __init__(
        self,
        data_dir: Path,
        *,
        port: int | None = None,
        workers: int = 1,
        threads: int = 8,
        database_url: str = "",
    ) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.workers = workers
        self.threads = threads
        self.log_path = self.data_dir / "central.log"
        self.env = {
            k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
        }
        self.env.update(LOKET_DATA_DIR=str(self.data_dir), CENTRAL_BIND=f"127.0.0.1:{self.port}")
        self.env.pop("CENTRAL_DATABASE_URL", None)
        if database_url:
            self.env["CENTRAL_DATABASE_URL"] = database_url
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, *args: str, stdin: str | None = None) -> str:
        """Run ``loket central ARGS`` against this centre's database; its stdout."""
        done = subprocess.run(  # noqa: S603 - our own command, argument list
            [*LOKET, "central", *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"loket central {' '.join(args)} failed: {done.stderr[-2000:]}")
        return done.stdout

    def start(self, *, migrate: bool = True) -> CentralProcess:
        if migrate:
            self.command("migrate")
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own command, argument list
            [*LOKET, "central", "serve", "--workers", str(self.workers), "--threads", str(self.threads)],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"the centre exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the centre did not start in time")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def __enter__(self) -> CentralProcess:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def add_office(self, code: str, key: str) -> None:
        self.command("office", "add", code, "--key", "-", stdin=key + "\n")

    def faults(self, **changes: Any) -> dict[str, Any]:
        """``faults(error_rate=0.3, latency_ms="50-400", outage=True)``; ``faults(clear=True)``."""
        args: list[str] = []
        for name, value in changes.items():
            if name == "clear":
                args += ["--clear"] if value else []
            elif isinstance(value, bool):
                args += [_flag(name), "on" if value else "off"]
            else:
                args += [_flag(name), str(value)]
        return dict(json.loads(self.command("faults", *args)))

    def config(self, *, delay: float | None = None, failed_rate: float | None = None) -> dict[str, Any]:
        args: list[str] = []
        if delay is not None:
            args += ["--delay", str(delay)]
        if failed_rate is not None:
            args += ["--failed-rate", str(failed_rate)]
        return dict(json.loads(self.command("config", *args)))

    def stats(self) -> dict[str, Any]:
        return dict(json.loads(self.command("stats", "--json")))
