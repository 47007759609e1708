"""A small real HTTP server standing in for an SMS/WhatsApp gateway (Zenziva, Wablas, Fonnte ...):
it records what it receives and answers as told, and can be stopped and started on the same port
to play an outage."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Gateway:
    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.received: list[dict[str, object]] = []
        self.status = 200
        self.answer = '{"status":true}'
        self.delay = 0.0
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                if gateway.delay:
                    time.sleep(gateway.delay)
                with gateway.lock:
                    gateway.received.append(
                        {
                            "method": self.command,
                            "path": urlsplit(self.path).path,
                            "query": parse_qs(urlsplit(self.path).query),
                            "form": parse_qs(body),
                            "body": body,
                            "headers": dict(self.headers),
                        }
                    )
                    status, answer = gateway.status, gateway.answer
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(answer.encode())

            do_GET = do_POST = _handle

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
