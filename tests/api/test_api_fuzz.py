"""The API under generated input: schemathesis reads /openapi.json and calls every operation with
data generated from its description, authenticated as each role. No answer may be a 5xx, every
answer must match what the description declares, and every error must be one problem-details
object. (Driven through hypothesis directly: schemathesis's pytest plugin does not run on pytest 9.)"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from triage.vocabulary import AccessRole

schemathesis = pytest.importorskip("schemathesis", reason="needs schemathesis (the dev extra)")
hypothesis = pytest.importorskip("hypothesis")

from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

pytestmark = pytest.mark.slow
EXAMPLES = 6  # per operation and role; CI-sized (each example is sent as every role)


def check(case: Any, headers: dict[str, str], role: AccessRole) -> None:
    # Every check but one: "schema-valid data must be accepted" cannot hold where the service checks
    # what no JSON schema can state (the callback allow-list of the installation, a file's contents).
    response = case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500, (role, case.method, case.path, response.text)
    if response.status_code >= 400:
        content_type = response.headers["content-type"]  # schemathesis keeps each header as a list
        assert content_type == ["application/problem+json"], (role, response.text)
        problem = response.json()
        assert problem["status"] == response.status_code and problem["detail"], (role, problem)


def test_every_operation_holds_for_every_role(client: TestClient, keys: dict[AccessRole, dict[str, str]]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )  # fmt: skip
        def run(case: Any) -> None:
            for role in AccessRole:
                check(case, keys[role], role)

        run()
