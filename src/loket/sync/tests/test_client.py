"""Every call has a timeout; every failure is classified transient or permanent."""

from __future__ import annotations

import httpx
import pytest

from loket.sync.client import CentralClient, CentralError, classify_status


def _client(handler) -> CentralClient:
    return CentralClient("http://centre.test", timeout=2.5, transport=httpx.MockTransport(handler))


def _fails_with(handler) -> CentralError:
    with pytest.raises(CentralError) as caught:
        _client(handler).ping(key="k")
    return caught.value


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_server_errors_timeouts_and_rate_limits_are_transient(status):
    error = _fails_with(lambda request: httpx.Response(status, json={}))
    assert error.transient
    assert error.status == status


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 409, 413, 422])
def test_other_client_errors_are_permanent(status):
    error = _fails_with(lambda request: httpx.Response(status, json={}))
    assert not error.transient


def test_a_refused_key_is_reported_as_unauthorized():
    error = _fails_with(lambda request: httpx.Response(401, json={"code": "unauthorized"}))
    assert error.kind == "unauthorized" and error.summary == "unauthorized (HTTP 401)"


@pytest.mark.parametrize(
    "exception",
    [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.ConnectTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("reset"),
    ],
)
def test_connection_failures_and_timeouts_are_transient(exception):
    def handler(request):
        raise exception

    assert _fails_with(handler).transient


def test_a_success_without_a_json_body_is_transient():
    error = _fails_with(lambda request: httpx.Response(200, text="<html>captive portal</html>"))
    assert error.transient and error.kind == "bad_response"


def test_a_redirect_is_permanent_and_not_followed():
    error = _fails_with(lambda request: httpx.Response(302, headers={"Location": "http://elsewhere/"}))
    assert not error.transient


def test_every_call_carries_the_timeout_and_the_office_key():
    seen = {}

    def handler(request):
        seen["auth"] = request.headers["Authorization"]
        seen["timeout"] = request.extensions["timeout"]
        return httpx.Response(200, json={"status": "ok"})

    _client(handler).ping(key="office-key")
    assert seen["auth"] == "Bearer office-key"
    assert seen["timeout"] == {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}


def test_the_error_summary_never_contains_the_response_body():
    error = _fails_with(lambda request: httpx.Response(400, json={"detail": "Budi Santoso 1671161705900001"}))
    assert "Budi" not in str(error) and "1671" not in str(error)


def test_a_rate_limit_passes_on_the_centres_retry_after():
    error = _fails_with(lambda request: httpx.Response(429, headers={"Retry-After": "7"}, json={}))
    assert error.retry_after == 7.0


def test_a_batch_answer_of_the_wrong_length_is_transient():
    client = _client(lambda request: httpx.Response(200, json={"results": []}))
    with pytest.raises(CentralError) as caught:
        client.send_packets(key="k", packets=['{"packet_id": "x"}'])
    assert caught.value.transient


@pytest.mark.parametrize(
    ("status", "verdict"), [(200, "ok"), (204, "ok"), (301, "permanent"), (418, "permanent")]
)
def test_classify_status(status, verdict):
    assert classify_status(status) == verdict
