"""The authorisation matrix, generated from the app's own routes: every route declares the roles it
admits, refuses every other role with 403 and anonymous callers with 401. A new route without a
declaration, or with roles this table does not expect, fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Mount, Route

from api.auth import RoleRule, public
from api.web.errors import WEB_TAG
from triage.vocabulary import AccessRole

IN, R, S, A, Y = (AccessRole.INTAKE, AccessRole.REVIEWER, AccessRole.SUPERVISOR, AccessRole.ADMIN,
                  AccessRole.SYSTEM)  # fmt: skip
PUBLIC = "public"
#: The access policy, as the README states it.
EXPECTED: dict[tuple[str, str], frozenset[AccessRole] | str] = {
    ("POST", "/v1/items"): frozenset({IN, S, Y}),
    ("POST", "/v1/batches"): frozenset({IN, S, Y}),
    ("GET", "/v1/batches/{batch_id}"): frozenset({IN, R, S, Y}),
    ("GET", "/v1/items/{item_id}"): frozenset({R, S, Y}),
    ("GET", "/v1/items/{item_id}/prediction"): frozenset({R, S, Y}),
    ("GET", "/v1/queue"): frozenset({R, S, Y}),
    ("POST", "/v1/items/{item_id}/review"): frozenset({R, S}),
    ("GET", "/v1/items/{item_id}/export"): frozenset({R, S, Y}),
    ("GET", "/v1/audit/verify"): frozenset({A, S}),
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/metrics"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    # The review web page (people only, signed in with a session cookie: tests/web)
    ("GET", "/signin"): PUBLIC,
    ("POST", "/signin"): PUBLIC,
    ("POST", "/signout"): frozenset({IN, R, S, A}),
    ("GET", "/account/password"): frozenset({IN, R, S, A}),
    ("POST", "/account/password"): frozenset({IN, R, S, A}),
    ("GET", "/"): frozenset({IN, R, S, A}),
    ("POST", "/upload"): frozenset({IN, S}),
    ("GET", "/batches/{batch_id}/progress"): frozenset({IN, R, S}),
    ("GET", "/items/{item_id}"): frozenset({R, S}),
    ("POST", "/items/{item_id}/review"): frozenset({R, S}),
    ("POST", "/items/{item_id}/spans"): frozenset({R, S}),
    ("POST", "/items/{item_id}/export"): frozenset({R, S}),
    ("POST", "/items/{item_id}/original"): frozenset({R, S}),
}
#: Served by FastAPI or Starlette themselves, not by a route of ours.
FRAMEWORK = {"/openapi.json", "/static/docs", "/static/web"}


def declared(route: APIRoute) -> frozenset[AccessRole] | str | None:
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        if isinstance(dep.call, RoleRule):
            return dep.call.roles
        if dep.call is public:
            return PUBLIC
        stack.extend(dep.dependencies)
    return None


def served(routes: list[BaseRoute]) -> Iterator[APIRoute]:
    """Every API route the app serves, through included routers (FastAPI keeps them as branches)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if isinstance(route, APIRoute):
            yield route
        elif included is not None:
            yield from served(included.routes)
        else:
            assert isinstance(route, Route | Mount) and route.path in FRAMEWORK, f"{route} is not a declared route"


def routes(client: TestClient, *, pages: bool = True) -> list[tuple[str, str, frozenset[AccessRole] | str | None]]:
    return [
        (method, route.path, declared(route))
        for route in served(client.app.routes)  # type: ignore[attr-defined]
        for method in sorted(route.methods)
        if pages or WEB_TAG not in route.tags
    ]


def test_every_route_declares_roles_and_the_policy_is_the_expected_one(client: TestClient) -> None:
    found = {(method, path): roles for method, path, roles in routes(client)}
    undeclared = sorted(k for k, v in found.items() if v is None)
    assert not undeclared, f"routes without a role declaration: {undeclared}"
    assert found == EXPECTED


def test_every_route_times_every_role(client: TestClient, keys: dict[AccessRole, dict[str, str]]) -> None:
    """The API's routes with a key per role; the page's routes are timed per role in tests/web."""
    checked = 0
    for method, path, roles in routes(client, pages=False):
        url = re.sub(r"\{[^}]+\}", "0123456789abcdef", path)
        kwargs = {"json": {"note": "x"}} if method == "POST" else {}
        anonymous = client.request(method, url, **kwargs)  # type: ignore[arg-type]
        if roles == PUBLIC:
            assert anonymous.status_code not in (401, 403), (method, path)
            continue
        assert anonymous.status_code == 401, (method, path, anonymous.status_code)
        for role in AccessRole:
            response = client.request(method, url, headers=keys[role], **kwargs)  # type: ignore[arg-type]
            checked += 1
            if role in roles:  # type: ignore[operator]
                assert response.status_code not in (401, 403), (method, path, role, response.text)
            else:
                assert response.status_code == 403, (method, path, role, response.status_code)
                assert "may not do this" in response.json()["detail"]
    assert checked == 9 * len(AccessRole)


@pytest.mark.parametrize("path", ["/openapi.json", "/docs", "/healthz"])
def test_framework_and_public_pages_need_no_credentials(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200
