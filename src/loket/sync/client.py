"""The office's HTTP client for the central registry.

Every call has a timeout (``LOKET_SYNC_TIMEOUT``). Every failure becomes a ``CentralError`` that
says whether it is *transient* (the same request may succeed later: connection refused or dropped,
timeout, 5xx, 408, 429) or *permanent* (it never will: a refused key, a malformed request, any
other 4xx). The error carries a kind and the HTTP status, never the body: bodies may echo packets.
"""

from __future__ import annotations

from typing import Any

import httpx

USER_AGENT = "loket-sync/1"


class CentralError(Exception):
    def __init__(self, kind: str, *, transient: bool, status: int | None = None, retry_after: float = 0.0):
        self.kind = kind
        self.transient = transient
        self.status = status
        self.retry_after = retry_after
        super().__init__(self.summary)

    @property
    def summary(self) -> str:
        """Short and free of personal data: stored as the packet's last error."""
        return f"{self.kind} (HTTP {self.status})" if self.status else self.kind


def classify_status(status: int) -> str:
    """``ok``, ``transient`` or ``permanent`` for an HTTP status."""
    if 200 <= status < 300:
        return "ok"
    if status in (408, 429) or status >= 500:
        return "transient"
    return "permanent"


def _kind_of_status(status: int) -> str:
    if status in (401, 403):
        return "unauthorized"
    if status == 429:
        return "rate_limited"
    if status == 408:
        return "request_timeout"
    if status >= 500:
        return "server_error"
    return "rejected"


def classify_exception(exc: Exception) -> CentralError:
    if isinstance(exc, httpx.TimeoutException):
        return CentralError("timeout", transient=True)
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return CentralError("bad_url", transient=False)
    if isinstance(exc, httpx.TransportError):  # refused, reset, dropped without an answer
        return CentralError("connection", transient=True)
    raise exc


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "0")))
    except ValueError:
        return 0.0


class CentralClient:
    def __init__(
        self, base_url: str, *, timeout: float, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.http = httpx.Client(
            base_url=base_url,
            timeout=httpx.Timeout(timeout),
            transport=transport,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,
        )

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, path: str, *, key: str, **kwargs: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {key}", **kwargs.pop("headers", {})}
        try:
            response = self.http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise classify_exception(exc) from None
        verdict = classify_status(response.status_code)
        if verdict != "ok":
            raise CentralError(
                _kind_of_status(response.status_code),
                transient=verdict == "transient",
                status=response.status_code,
                retry_after=_retry_after(response),
            )
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            # A proxy's error page with a 200: the centre did not answer; try again later.
            raise CentralError("bad_response", transient=True, status=response.status_code)
        return body

    def send_packets(self, *, key: str, packets: list[str]) -> list[dict[str, Any]]:
        """Deliver a batch of packets, each already JSON text (as stored: never decoded and encoded
        again on the way out); one result per packet, in order."""
        content = ('{"packets":[' + ",".join(packets) + "]}").encode()
        headers = {"Content-Type": "application/json"}
        body = self._call("POST", "/api/v1/packets", key=key, content=content, headers=headers)
        results = body.get("results")
        if not isinstance(results, list) or len(results) != len(packets):
            raise CentralError("bad_response", transient=True, status=200)
        return results

    def packet_states(self, *, key: str, packet_ids: list[str]) -> list[dict[str, Any]]:
        body = self._call("POST", "/api/v1/packets/status", key=key, json={"packet_ids": packet_ids})
        results = body.get("results")
        if not isinstance(results, list):
            raise CentralError("bad_response", transient=True, status=200)
        return results

    def packets_page(self, *, key: str, after: int) -> tuple[list[dict[str, Any]], int | None]:
        body = self._call("GET", "/api/v1/packets", key=key, params={"after": after})
        return list(body.get("packets") or []), body.get("next")

    def ping(self, *, key: str) -> dict[str, Any]:
        return self._call("GET", "/api/v1/ping", key=key)
