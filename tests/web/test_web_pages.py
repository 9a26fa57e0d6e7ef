"""The review page without a browser: sessions, roles, CSRF, headers, forms and their effects."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from api.web.errors import WEB_TAG
from tests.api.test_api_authorisation import EXPECTED, served
from tests.web.conftest import PASSWORD, USERS, Site, sign_in
from triage.config import Settings
from triage.service import accounts
from triage.service.runtime import Runtime, Wakeup
from triage.storage.tables import AuditEvent, Decision, User, WebSession
from triage.vocabulary import AccessRole

Web = tuple[TestClient, Site]
PEOPLE = [r for r in AccessRole if r != AccessRole.SYSTEM]


def actions(site: Site, **where: str) -> list[str]:
    with site.runtime.session() as session:
        stmt = select(AuditEvent.action).order_by(AuditEvent.seq)
        for column, value in where.items():
            stmt = stmt.where(getattr(AuditEvent, column) == value)
        return list(session.scalars(stmt))


def test_pages_send_a_stranger_to_the_sign_in_page(web: Web) -> None:
    client, site = web
    answer = client.get(f"/items/{site.items['fraud']}?x=1", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/signin?next=%2Fitems%2F{site.items['fraud']}%3Fx%3D1"
    assert client.post("/signout", follow_redirects=False).headers["location"] == "/signin"


def test_every_page_admits_exactly_its_roles(web: Web) -> None:
    """Each person role against every page of the app (read from its routes), with a valid form token."""
    client, _ = web
    app_routes = served(client.app.routes)  # type: ignore[attr-defined]
    pages = [(m, r.path) for r in app_routes if WEB_TAG in r.tags for m in sorted(r.methods)]
    assert pages and all((m, p) in EXPECTED for m, p in pages)
    pages = [(m, p) for m, p in pages if EXPECTED[(m, p)] != "public"]
    pages.sort(key=lambda mp: mp[1] == "/signout")  # signing out last
    for role in PEOPLE:
        client.cookies.clear()
        token = sign_in(client, role)
        for method, path in pages:
            allowed = EXPECTED[(method, path)]
            url = re.sub(r"\{[^}]+\}", "0123456789abcdef", path)
            answer = client.request(method, url, data={"csrf": token} if method == "POST" else None,
                                    follow_redirects=False)  # fmt: skip
            if role in allowed:
                assert answer.status_code not in (401, 403), (role, method, path, answer.status_code)
            else:
                assert answer.status_code == 403, (role, method, path, answer.status_code)
                assert f"role {role} may not do this" in answer.text


def test_a_form_without_its_token_or_from_another_site_changes_nothing(web: Web) -> None:
    client, site = web
    token = sign_in(client, AccessRole.REVIEWER)
    url = f"/items/{site.items['fraud']}/review"
    form = {"section": "reviewed", "reviewed": "true"}
    assert client.post(url, data=form).status_code == 403
    assert client.post(url, data={**form, "csrf": token + "x"}).status_code == 403
    cross = client.post(url, data={**form, "csrf": token}, headers={"Origin": "http://evil.example"})
    assert cross.status_code == 403 and "another site" in cross.text
    with site.runtime.session() as session:
        assert not session.scalars(select(Decision)).all()
    assert client.post(url, data={**form, "csrf": token}, follow_redirects=False).status_code == 303
    with site.runtime.session() as session:
        assert [d.field for d in session.scalars(select(Decision))] == ["reviewed"]


def test_sign_in_needs_its_own_token_and_never_redirects_off_site(web: Web) -> None:
    client, _ = web
    refused = client.post("/signin", data={"csrf": "forged", "name": USERS[AccessRole.REVIEWER], "password": PASSWORD})
    assert refused.status_code == 403
    page = client.get("/signin?next=//evil.example/x")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token and 'value="/"' in page.text  # the next field fell back to this site
    answer = client.post(
        "/signin", data={"csrf": token.group(1), "name": USERS[AccessRole.REVIEWER], "password": PASSWORD,
                         "next": "//evil.example/x"}, follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_repeated_wrong_passwords_lock_the_sign_in(web: Web) -> None:
    client, site = web
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/signin").text)
    assert token
    name = USERS[AccessRole.REVIEWER]
    for _ in range(site.runtime.settings.signin_max_failures):
        wrong = client.post("/signin", data={"csrf": token.group(1), "name": name, "password": "wrong password!!"})
        assert wrong.status_code == 401 and "wrong user name or password" in wrong.text
    right = client.post("/signin", data={"csrf": token.group(1), "name": name, "password": PASSWORD})
    assert right.status_code == 401  # locked, and told exactly as a wrong password would be
    assert "signin_locked" in actions(site)
    assert PASSWORD not in right.text


def test_an_idle_session_ends_and_is_logged(web: Web) -> None:
    client, site = web
    sign_in(client, AccessRole.REVIEWER)
    with site.runtime.session() as session:
        row = session.scalars(select(WebSession)).one()
        row.seen_at = row.seen_at - dt.timedelta(minutes=site.runtime.settings.session_idle_minutes + 1)
        session.commit()
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].endswith("ended=1")
    assert "session_ended" in actions(site)
    assert "Your session has ended" in client.get(answer.headers["location"]).text


def test_pages_carry_the_security_headers_and_cookie_flags(web: Web) -> None:
    client, _ = web
    page = client.get("/signin")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "same-origin"
    assert page.headers["cache-control"] == "no-store"
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie  # http on loopback
    assert "<script>" not in page.text and " style=" not in page.text  # nothing inline


@pytest.mark.parametrize(("base", "setting", "secure"), [
    ("https://triage.example", "auto", True), ("http://triage.example", "auto", True),
    ("http://127.0.0.1", "always", True), ("http://127.0.0.1", "auto", False),
])  # fmt: skip
def test_session_cookies_are_secure_but_on_plain_loopback(web: Web, base: str, setting: str, secure: bool) -> None:
    client, site = web
    site.runtime.settings.cookie_secure = setting
    client.base_url = base  # type: ignore[assignment]
    assert ("secure" in client.get("/signin").headers["set-cookie"].lower()) is secure


def test_a_one_time_password_must_be_replaced_first(web: Web) -> None:
    client, site = web
    with site.runtime.session() as session:
        assert accounts.first_account(session, None) is None  # accounts exist: none is made
        accounts.add_user(session, "newcomer", "reviewer", "temporary password 1", actor="test")
        session.execute(update(User).where(User.name == "newcomer").values(must_change_password=True))
        session.commit()
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/signin").text)
    assert token
    answer = client.post(
        "/signin", data={"csrf": token.group(1), "name": "newcomer", "password": "temporary password 1"},
        follow_redirects=False,
    )  # fmt: skip
    assert answer.headers["location"] == "/account/password"
    assert client.get("/", follow_redirects=False).headers["location"] == "/account/password"
    form = client.get("/account/password")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf and "one-time password" in form.text
    short = client.post("/account/password", data={"csrf": csrf.group(1), "current": "temporary password 1",
                                                   "new": "short", "again": "short"})  # fmt: skip
    assert short.status_code == 422 and "at least 12 characters" in short.text
    changed = client.post(
        "/account/password", data={"csrf": csrf.group(1), "current": "temporary password 1",
                                   "new": "my own long password", "again": "my own long password"},
        follow_redirects=False,
    )  # fmt: skip
    assert changed.status_code == 303
    assert client.get("/").status_code == 200
    assert "password_changed" in actions(site)


def test_the_first_account_gets_a_one_time_password(settings: Settings) -> None:
    rt = Runtime.build(settings, dispatcher=Wakeup())
    try:
        with rt.session() as session:
            secret = accounts.first_account(session, None)
            assert secret and len(secret) >= accounts.MIN_PASSWORD
            assert accounts.first_account(session, None) is None
            assert accounts.must_change_password(session, accounts.FIRST_USER)
            who = accounts.authenticate_user(session, accounts.FIRST_USER, secret)
            assert who.role == accounts.FIRST_ROLE
    finally:
        rt.close()


def test_an_upload_with_a_forged_token_keeps_nothing(web: Web) -> None:
    client, site = web
    sign_in(client, AccessRole.INTAKE)
    before = sorted(p.name for p in site.runtime.blobs.root.rglob("*") if p.is_file())
    answer = client.post(
        "/upload", data={"csrf": "forged"}, files={"file": ("x.txt", b"a file nobody may keep", "text/plain")}
    )
    assert answer.status_code == 403
    assert sorted(p.name for p in site.runtime.blobs.root.rglob("*") if p.is_file()) == before


def test_the_original_is_a_logged_download_never_shown_inline(web: Web) -> None:
    client, site = web
    token = sign_in(client, AccessRole.REVIEWER)
    item = site.items["fraud"]
    answer = client.post(f"/items/{item}/original", data={"csrf": token})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/octet-stream"
    assert answer.headers["content-disposition"].startswith("attachment")
    assert "Odile MARCHAND" in answer.content.decode()
    assert "original_downloaded" in actions(site, item_id=item)


def test_the_queue_searches_the_text_and_filters(web: Web) -> None:
    client, site = web
    sign_in(client, AccessRole.REVIEWER)
    found = client.get("/?text=VERNIER")
    assert site.items["threat"] in found.text and site.items["fraud"] not in found.text
    translated = client.get("/?text=danger to the life")  # the translation is searched too
    assert site.items["threat"] in translated.text
    routine = client.get("/?urgency=routine")
    assert site.items["threat"] not in routine.text and site.items["theft"] in routine.text
    bad = client.get("/?urgency=soon")
    assert bad.status_code == 422 and "urgency" in bad.text and "<html" in bad.text
