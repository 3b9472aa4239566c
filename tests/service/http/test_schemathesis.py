"""Property-based requests against the running service (schemathesis): no request gives a server error.

``quanze serve`` runs over the sample store on 127.0.0.1 (the ``service`` fixture); schemathesis reads
its OpenAPI document and sends generated requests — odd numbers, empty and huge strings, unknown
formats, random bodies — to every operation, a bounded number per operation, loopback only.
"""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.service.conftest import Service

MAX_EXAMPLES = 25  # per operation: bounded, so the run stays within a CI minute or two


def test_no_request_gives_a_server_error(service: Service) -> None:
    """Every operation of the OpenAPI document, MAX_EXAMPLES generated requests each, no 5xx.

    The operations are driven with Hypothesis directly (schemathesis's pytest plugin does not run under
    pytest 9 yet); failures name the operation and the request that gave the server error."""
    if service.kind != "embedded":
        pytest.skip("one backend is enough for generated requests; the remote one is checked by test_api")
    assert service.url.startswith("http://127.0.0.1:")
    schema = schemathesis.openapi.from_url(service.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 16  # every operation the service documents
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:
            response = case.call(timeout=30)
            case.validate_response(response, checks=[not_a_server_error])

        check()


@pytest.mark.parametrize("score", ["0", "-1", "0.1", "1.5", "nan", "x"])
def test_overlaps_refuse_a_score_out_of_range(service: Service, score: str) -> None:
    """min_score=0 used to raise ValueError (500); low scores make the join near-quadratic."""
    response = httpx.get(service.url + "/api/overlaps", params={"min_score": score}, timeout=30)
    assert response.status_code == 400 and response.json()["error"] == "bad-parameter", response.text


@pytest.mark.parametrize("offset", ["-1", "100001", "99999999999999999999999"])
def test_responsible_refuses_an_offset_out_of_range(service: Service, offset: str) -> None:
    response = httpx.get(service.url + "/api/responsible", params={"q": "处罚", "offset": offset}, timeout=30)
    assert response.status_code == 400 and response.json()["error"] == "bad-parameter", response.text
