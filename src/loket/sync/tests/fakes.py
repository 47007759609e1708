"""An in-memory centre behind httpx.MockTransport, for worker tests that must count calls or
script failures exactly. The real central process is used by the integration tests."""

from __future__ import annotations

import json
from typing import Any

import httpx

from loket.sync.client import CentralClient


class FakeCentre:
    def __init__(self, *, key: str = "k", outcome: str = "print_ready") -> None:
        self.key = key
        self.outcome = outcome  # what a status query answers ("received" = not decided yet)
        self.packets: dict[str, dict[str, Any]] = {}
        self.deliveries = 0
        self.calls: list[str] = []
        self.script: list[int | Exception] = []  # the next calls' failures, in order
        self.down = False  # every call fails as if the network were gone
        self.reject: set[str] = set()  # packet ids to refuse as malformed
        self.forget: set[str] = set()  # packet ids the status query does not know

    def client(self) -> CentralClient:
        return CentralClient("http://centre.test", timeout=1.0, transport=httpx.MockTransport(self.handle))

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request.url.path)
        if self.down:
            raise httpx.ConnectError("connection refused")
        if self.script:
            failure = self.script.pop(0)
            if isinstance(failure, Exception):
                raise failure
            return httpx.Response(failure, json={"code": "scripted"})
        if request.headers.get("Authorization") != f"Bearer {self.key}":
            return httpx.Response(401, json={"code": "unauthorized"})
        body = json.loads(request.content) if request.content else {}
        if request.url.path == "/api/v1/packets":
            return httpx.Response(200, json={"results": [self._receive(p) for p in body["packets"]]})
        if request.url.path == "/api/v1/packets/status":
            return httpx.Response(200, json={"results": [self._state(pid) for pid in body["packet_ids"]]})
        return httpx.Response(200, json={"status": "ok"})

    def _receive(self, packet: dict[str, Any]) -> dict[str, Any]:
        packet_id = packet["packet_id"]
        self.deliveries += 1
        if packet_id in self.reject:
            return {
                "packet_id": packet_id,
                "status": "rejected",
                "code": "invalid",
                "detail": "person.nik: bad",
            }
        status = "already_received" if packet_id in self.packets else "accepted"
        self.packets[packet_id] = packet
        return {"packet_id": packet_id, "status": status, "state": "received"}

    def _state(self, packet_id: str) -> dict[str, Any]:
        if packet_id not in self.packets or packet_id in self.forget:
            return {"packet_id": packet_id, "state": "unknown"}
        answer = {"packet_id": packet_id, "state": self.outcome}
        if self.outcome == "duplicate_record":
            answer["reason"] = "The NIK already has a biometric record at the centre."
        return answer
