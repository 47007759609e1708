"""The central registry as a real process: keys, idempotency, batches, status, stats and faults
switched while it runs."""

from __future__ import annotations

import base64
import json
import subprocess
import uuid

import httpx
import pytest

from loket.central.harness import LOKET, CentralProcess

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(64)).decode()
KEY = "key-of-office-a"
_serial = iter(range(1, 9999))


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    with CentralProcess(tmp_path_factory.mktemp("centre")) as process:
        process.add_office("office-a", KEY)
        process.add_office("office-b", "key-of-office-b")
        process.config(delay=0, failed_rate=0)
        yield process


@pytest.fixture
def faults(centre):
    yield centre
    centre.faults(clear=True)


def packet(*, office="office-a", service="new", nik=None):
    return {
        "packet_id": str(uuid.uuid4()),
        "office_code": office,
        "receipt_number": "7K3QM9XD2A",
        "service_type": service,
        "captured_at": "2024-05-02T09:15:00+07:00",
        "person": {
            "nik": nik or f"167116170590{next(_serial):04d}",
            "kk_number": "1671160101200001",
            "full_name": "Budi Santoso",
            "birth_place": "Palembang",
            "birth_date": "1990-05-17",
            "sex": "M",
            "address": "Jl. Lebung Gajah No. 1",
        },
        "biometrics": {
            "references": {"store": "bio://x", "files": ["face.jp2"]},
            "photo": {"format": "png", "data": PNG},
        },
    }


def post(centre, packets, key=KEY):
    return httpx.post(
        f"{centre.url}/api/v1/packets",
        json={"packets": packets},
        headers={"Authorization": f"Bearer {key}"},
        timeout=10,
    )


def states(centre, ids, key=KEY):
    response = httpx.post(
        f"{centre.url}/api/v1/packets/status",
        json={"packet_ids": ids},
        headers={"Authorization": f"Bearer {key}"},
        timeout=10,
    )
    return [item["state"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {KEY}"}]
)
def test_a_request_without_a_valid_office_key_is_refused(centre, headers):
    for method, path in (
        ("POST", "/api/v1/packets"),
        ("POST", "/api/v1/packets/status"),
        ("GET", "/api/v1/ping"),
    ):
        response = httpx.request(method, f"{centre.url}{path}", headers=headers, json={}, timeout=10)
        assert response.status_code == 401


def test_a_packet_delivered_three_times_is_stored_once_and_counted_as_duplicate_deliveries(centre):
    before = centre.stats()
    one = packet()

    answers = [post(centre, [one]).json()["results"][0]["status"] for _ in range(3)]

    assert answers == ["accepted", "already_received", "already_received"]
    after = centre.stats()
    assert after["unique_packets"] - before["unique_packets"] == 1
    assert after["packets_received"] - before["packets_received"] == 3
    assert after["duplicate_deliveries"] - before["duplicate_deliveries"] == 2


def test_a_batch_answers_per_packet_and_a_malformed_one_does_not_sink_the_rest(centre):
    good, other = packet(), packet()
    broken = packet()
    broken["person"]["nik"] = "123"

    results = post(centre, [good, broken, other, good]).json()["results"]

    assert [r["status"] for r in results] == ["accepted", "rejected", "accepted", "already_received"]
    assert results[1]["detail"] == "person.nik: must be 16 digits"
    assert states(centre, [good["packet_id"], broken["packet_id"]]) == ["print_ready", "unknown"]


def test_an_office_cannot_send_or_see_another_offices_packets(centre):
    theirs = packet(office="office-b")
    assert post(centre, [theirs]).json()["results"][0]["code"] == "wrong_office"
    post(centre, [theirs], key="key-of-office-b")
    assert states(centre, [theirs["packet_id"]]) == ["unknown"]
    assert states(centre, [theirs["packet_id"]], key="key-of-office-b") == ["print_ready"]


def test_a_reused_packet_id_with_different_content_is_refused(centre):
    first = packet()
    post(centre, [first])
    impostor = {**packet(), "packet_id": first["packet_id"]}
    assert post(centre, [impostor]).json()["results"][0]["code"] == "packet_id_reused"


def test_a_second_new_card_recording_of_a_nik_is_a_duplicate_but_a_replacement_card_is_not(centre):
    nik = "1671161705909001"
    first, second, lost = packet(nik=nik), packet(nik=nik), packet(nik=nik, service="lost")
    post(centre, [first])
    post(centre, [second, lost])
    assert states(centre, [first["packet_id"], second["packet_id"], lost["packet_id"]]) == [
        "print_ready",
        "duplicate_record",
        "print_ready",
    ]


def test_an_outcome_is_hidden_until_the_processing_delay_has_passed(centre):
    centre.config(delay=3600)
    try:
        later = packet()
        assert post(centre, [later]).json()["results"][0]["state"] == "received"
        assert states(centre, [later["packet_id"]]) == ["received"]
    finally:
        centre.config(delay=0)


def test_malformed_requests_are_refused_with_400_or_413(centre):
    headers = {"Authorization": f"Bearer {KEY}"}
    url = f"{centre.url}/api/v1/packets"
    assert httpx.post(url, content=b"{not json", headers=headers, timeout=10).status_code == 400
    assert httpx.post(url, json={"packets": []}, headers=headers, timeout=10).status_code == 400
    assert post(centre, [packet() for _ in range(501)]).status_code == 413


def test_faults_switched_on_a_running_centre_take_effect_at_once(faults):
    faults.faults(error_rate=1.0)
    assert post(faults, [packet()]).status_code in (429, 500, 502, 503)

    faults.faults(clear=True, outage=True)
    with pytest.raises(httpx.RemoteProtocolError):
        post(faults, [packet()])

    faults.faults(outage=False, timeout_rate=1.0, hang_seconds=2)
    slow = packet()
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(
            f"{faults.url}/api/v1/packets",
            json={"packets": [slow]},
            headers={"Authorization": f"Bearer {KEY}"},
            timeout=0.5,
        )

    faults.faults(clear=True)
    assert post(faults, [slow]).json()["results"][0]["status"] == "already_received"  # stored before the hang


def test_a_dropped_connection_may_still_have_stored_the_packet(faults):
    faults.faults(drop_rate=1.0)
    lost_answer = packet()
    with pytest.raises(httpx.RemoteProtocolError):
        post(faults, [lost_answer])
    faults.faults(clear=True)
    assert states(faults, [lost_answer["packet_id"]]) == ["print_ready"]


def test_stats_json_reports_received_unique_duplicates_and_injected_faults(centre):
    figures = centre.stats()
    for name in ("packets_received", "unique_packets", "duplicate_deliveries", "faults_injected", "outcomes"):
        assert name in figures
    assert figures["packets_received"] == figures["unique_packets"] + figures["duplicate_deliveries"]


def test_the_list_of_an_offices_packets_pages_through_all_of_them(centre):
    sent = [packet() for _ in range(5)]
    post(centre, sent)
    seen, after = [], 0
    while after is not None:
        page = httpx.get(
            f"{centre.url}/api/v1/packets",
            params={"after": after, "limit": 2},
            headers={"Authorization": f"Bearer {KEY}"},
            timeout=10,
        ).json()
        seen += [item["packet_id"] for item in page["packets"]]
        after = page["next"]
    assert {p["packet_id"] for p in sent} <= set(seen)
    assert len(seen) == len(set(seen))


def test_the_access_log_shows_requests_but_no_packet_contents(centre):
    post(centre, [packet(nik="1671161705907777")])
    log = centre.log_path.read_text()
    assert '"POST /api/v1/packets HTTP/1.1" 200' in log
    assert "1671161705907777" not in log and "Budi" not in log


def test_central_commands_refuse_bad_fault_values(centre):
    done = subprocess.run(
        [*LOKET, "central", "faults", "--error-rate", "1.5"],
        env=centre.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert json.loads(centre.command("faults"))["error_rate"] == 0.0
