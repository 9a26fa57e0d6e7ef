"""The review page in a real browser: Debian's Chromium, headless, driven by Playwright.

The first test walks the path of the issue's "done when": sign in, the queue in order of
urgency, an item side by side, a corrected label, a redacted span, a missed name added, the
export as text and PDF, each step in the item's audit trail, and the correction learned by
``triage train --from-reviews``. Screenshots of the queue and the item page go to
docs/screenshots (the README shows them).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.web.conftest import CHROMIUM, LETTERS, PASSWORD, SCREENSHOTS, USERS, Site, serving
from triage.vocabulary import AccessRole, UrgencyLevel

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (the dev extra)")

RANK = {UrgencyLevel.IMMEDIATE: 0, UrgencyLevel.URGENT: 1, UrgencyLevel.ROUTINE: 2}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"needs Debian's Chromium at {CHROMIUM} (scripts/system-deps.sh installs it)")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: playwright_api.Browser, site: Site) -> Iterator[playwright_api.Page]:
    """A fresh browser context (no cookies) on a 13-inch laptop's viewport; fails on any script error."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert not errors, errors


def sign_in(page: playwright_api.Page, site: Site, role: AccessRole) -> None:
    page.goto(site.url + "/")
    assert "/signin" in page.url  # not signed in: the page asks first
    page.fill("#name", USERS[role])
    page.fill("#password", PASSWORD)
    page.click("form[action='/signin'] button[type=submit]")
    page.wait_for_url(site.url + "/")


def audit_actions(site: Site, item_id: str) -> list[tuple[str, str, dict[str, object]]]:
    from sqlalchemy import select

    from triage.storage.tables import AuditEvent

    with site.runtime.session() as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.item_id == item_id).order_by(AuditEvent.seq))
        return [(r.action, r.actor, dict(r.detail or {})) for r in rows]


def test_a_reviewer_works_an_item_from_the_queue_to_the_export(page: playwright_api.Page, site: Site) -> None:
    expect = playwright_api.expect
    sign_in(page, site, AccessRole.REVIEWER)

    # The queue: most urgent first
    rows = page.locator("#queue tbody tr.queue-row")
    expect(rows).to_have_count(len(LETTERS))
    levels = [UrgencyLevel(t.strip()) for t in page.locator("#queue tbody tr .urgency").all_inner_texts()]
    assert levels[0] == UrgencyLevel.IMMEDIATE
    assert [RANK[x] for x in levels] == sorted(RANK[x] for x in levels)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "queue.png"))

    # The most urgent item, opened from the keyboard: original and translation side by side
    page.keyboard.press("j")
    page.keyboard.press("o")
    threat = site.items["threat"]
    page.wait_for_url(f"{site.url}/items/{threat}")
    expect(page.locator(".notice", has_text="Uncertified machine translation")).to_contain_text("test-phrasebook")
    left = page.locator(".seg.original").nth(1)
    right = page.locator(".seg.translation").nth(1)
    expect(right).to_contain_text("The suspect Gaston VERNIER")
    left.hover()
    expect(right).to_have_class(lambda_classes("twin"))
    # Personal data by type and person, with the role badge
    expect(left.locator("mark.pii", has_text="Gaston VERNIER")).to_have_count(1)
    expect(left.locator(".badge")).to_have_text("suspect")
    expect(left.locator(".badge")).to_have_attribute("title", "rule:role_word")  # what decided the role
    # An urgency reason shows the words it rests on
    reason = page.locator("ul.reasons button.evidence").first
    reason.click()
    hit = page.locator(".piece.hit").first
    expect(hit).to_be_visible()
    expect(hit).to_be_in_viewport()
    page.set_viewport_size({"width": 1366, "height": 1000})  # the header and the highlight in one picture
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "item.png"))
    page.set_viewport_size({"width": 1366, "height": 768})

    # Correct a label: the threat to kill is a murder case the terms missed
    page.check("#offences-form input[value='murder_grievous_bodily_injury']")
    page.click("#offences-form button[type=submit]")
    expect(page.locator("p.notice[role=status]")).to_have_text("Saved: offences.")
    expect(page.locator("#offence-list")).to_contain_text("murder")

    # Redact a span the policy would only generalise (the date of birth)
    row = page.locator("table.spans tr", has_text="14 février 1981")
    row.locator("select[name=action]").select_option("redact")
    row.locator("button[type=submit]").click()
    expect(page.locator("p.notice[role=status]")).to_have_text("Saved: span.")
    expect(page.locator("table.spans tr", has_text="14 février 1981")).to_contain_text("redact (decided)")

    # Add the nickname the service missed, by selecting it in the original
    select_text(page, "Pistou")
    expect(page.locator("#add-text")).to_contain_text("Pistou")
    page.select_option("#add-type", "PERSON")
    page.select_option("#add-span select[name=role]", "suspect")
    page.click("#add-button")
    expect(page.locator("p.notice[role=status]")).to_have_text("Saved: added.")
    expect(page.locator("table.spans tr", has_text="Pistou")).to_contain_text("redact (decided)")
    expect(page.locator(".seg.original mark.pii", has_text="Pistou")).to_have_count(1)

    # Mark reviewed, then export the minimised text and the PDF
    page.click("#mark-reviewed")
    expect(page.locator(".meta")).to_contain_text("reviewed by user:reviewer-user")
    page.uncheck("#export-form input[name=draft]")
    with page.expect_download() as download:
        page.click("#export-text")
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    for secret in ("Pistou", "14 février 1981", "Gaston VERNIER", "+33 6 71 42 93 05"):
        assert secret not in exported
    assert "danger de mort" in exported
    with page.expect_download() as download:
        page.click("#export-pdf")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "danger de mort" in pdf_text and "Pistou" not in pdf_text and "Reviewed and approved" in pdf_text

    # Every step is in the item's audit trail, on the page and in the log
    page.reload()
    trail = page.locator("#trail tbody")
    for action in ("viewed", "reviewed", "exported_minimised"):
        expect(trail).to_contain_text(action)
    logged = audit_actions(site, threat)
    by_reviewer = [(a, d) for a, who, d in logged if who == "user:reviewer-user"]
    decided = [d["fields"] for a, d in by_reviewer if a == "reviewed"]
    assert ["offences"] in decided and ["spans"] in decided and ["reviewed"] in decided
    assert sum(1 for a, d in by_reviewer if a == "reviewed" and d.get("spans") == 1) == 2  # redacted + added
    exports = [d["format"] for a, d in by_reviewer if a == "exported_minimised"]
    assert exports == ["text", "pdf"]

    # The other two items accepted as shown, from the keyboard, then the reviews train the model
    for name in ("fraud", "theft"):
        page.goto(f"{site.url}/items/{site.items[name]}")
        page.keyboard.press("a")
        expect(page.locator("p.notice[role=status]")).to_have_text("Saved: accept.")
    learned_from_reviews(site)


def lambda_classes(name: str) -> object:
    import re

    return re.compile(rf"(^|\s){name}(\s|$)")


def select_text(page: playwright_api.Page, words: str) -> None:
    """Select ``words`` in the original text as a mouse would, then release the button."""
    page.evaluate(
        """(words) => {
          const piece = [...document.querySelectorAll('.seg.original .piece')]
            .find(p => p.textContent.includes(words));
          const node = piece.firstChild, at = node.textContent.indexOf(words);
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + words.length);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          piece.closest('.seg').dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
        }""",
        words,
    )


def learned_from_reviews(site: Site) -> None:
    """``triage train --from-reviews`` learns the label the reviewer added in the browser."""
    from typer.testing import CliRunner

    from triage.cli import app
    from triage.offences.artefact import load_latest

    data = site.runtime.settings.data_dir
    result = CliRunner().invoke(app, ["train", "--from-reviews", "--folds", "3", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert "3 labelled items, reviewers' decisions included" in result.output
    loaded = load_latest(site.runtime.settings)
    assert loaded is not None
    murder = "murder_grievous_bodily_injury"
    assert murder in loaded.model.codes
    threat, theft = loaded.model.predict_proba([LETTERS["threat"][0], LETTERS["theft"][0]])
    assert threat[murder] > theft[murder]


def test_a_new_user_signs_in_with_the_one_time_password_and_sees_the_samples_by_urgency(
    browser: playwright_api.Browser, tmp_path: Path
) -> None:
    """What `make run` leaves: the bundled samples processed, the first account with a one-time password."""
    from typer.testing import CliRunner

    from triage.cli import app
    from triage.config import Settings
    from triage.service import accounts
    from triage.service.runtime import Runtime, Wakeup

    expect = playwright_api.expect
    data = tmp_path / "data"
    samples = Path(__file__).resolve().parents[2] / "samples"
    result = CliRunner().invoke(app, ["process", str(samples), "--data-dir", str(data), "--workers", "2"])
    assert result.exit_code == 0, result.output
    rt = Runtime.build(Settings(data_dir=data, embedded_workers=False), dispatcher=Wakeup())
    with rt.session() as session:
        one_time = accounts.first_account(session, None)
    assert one_time is not None
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        with serving(rt) as url:
            page = context.new_page()
            page.goto(url + "/")
            page.fill("#name", accounts.FIRST_USER)
            page.fill("#password", one_time)
            page.click("form[action='/signin'] button[type=submit]")
            page.wait_for_url(url + "/account/password")
            page.fill("#current", one_time)
            page.fill("#new", "a password of my own")
            page.fill("#again", "a password of my own")
            page.click("form[action='/account/password'] button[type=submit]")
            page.wait_for_url(url + "/?done=password")
            levels = page.locator("#queue tbody tr .urgency").all_inner_texts()
            assert len(levels) >= 10
            ranks = [RANK[UrgencyLevel(x.strip())] for x in levels]
            assert ranks == sorted(ranks) and ranks[0] < RANK[UrgencyLevel.ROUTINE]
            # of the urgent items, the one with the nearest time limit leads (30 November 2026)
            expect(page.locator("#queue tbody tr").first).to_contain_text("ermittlungsanordnung_de.txt")
    finally:
        context.close()
        rt.close()


def test_a_role_that_may_not_review_is_refused(page: playwright_api.Page, site: Site) -> None:
    expect = playwright_api.expect
    sign_in(page, site, AccessRole.INTAKE)
    expect(page.locator("#queue")).to_have_count(0)  # intake uploads and follows; it does not read items
    expect(page.locator("form[action='/upload']")).to_be_visible()
    answer = page.goto(f"{site.url}/items/{site.items['theft']}")
    assert answer is not None and answer.status == 403
    expect(page.locator("p.error")).to_contain_text("role intake may not do this")
    token = page.locator("input[name=csrf]").first.get_attribute("value")
    refused = page.request.post(
        f"{site.url}/items/{site.items['theft']}/review", form={"csrf": token or "", "section": "reviewed",
                                                                 "reviewed": "true"},
    )  # fmt: skip
    assert refused.status == 403
    assert not [a for a, who, _ in audit_actions(site, site.items["theft"]) if who == "user:intake-user"]


def test_an_upload_from_the_page_shows_its_batch_progress(
    page: playwright_api.Page, site: Site, tmp_path: Path
) -> None:
    expect = playwright_api.expect
    sign_in(page, site, AccessRole.INTAKE)
    letter = tmp_path / "demande.txt"
    letter.write_text("Demande d'entraide : le témoin Armand PETIT doit être entendu.", encoding="utf-8")
    page.set_input_files("form[action='/upload'] input[type=file]", str(letter))
    page.fill("form[action='/upload'] input[name=language]", "fr")
    page.click("form[action='/upload'] button[type=submit]")
    current = page.locator(".batch.current")
    expect(current).to_contain_text("received: 1")
    assert site.drain()  # the workers' turn (in this process)
    expect(current.locator(".batch-counts")).to_contain_text("done: 1 (finished)", timeout=10_000)
    expect(current.locator("progress")).to_have_attribute("value", "1")


def test_sign_out_ends_the_session(page: playwright_api.Page, site: Site) -> None:
    sign_in(page, site, AccessRole.SUPERVISOR)
    page.click("button:has-text('Sign out')")
    page.wait_for_url(f"{site.url}/signin")
    page.goto(f"{site.url}/items/{site.items['fraud']}")
    assert "/signin" in page.url


@pytest.mark.parametrize("where", ["queue", "item", "signin"])
def test_pages_pass_the_axe_accessibility_check(page: playwright_api.Page, site: Site, where: str) -> None:
    """axe-core (bundled with axe-playwright-python, served from this machine) finds no violation."""
    from axe_playwright_python.sync_playwright import Axe

    if where == "signin":
        page.goto(site.url + "/signin")
    else:
        sign_in(page, site, AccessRole.REVIEWER)
        if where == "item":
            page.goto(f"{site.url}/items/{site.items['threat']}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
