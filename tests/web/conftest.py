"""The review page under test: the app over a test data folder, items processed in this process,
accounts for every role; a real server (uvicorn in a thread) and Debian's Chromium for the
browser tests.

The letters below were written for these tests. The translation is a phrasebook test double
(it names itself so on the page), since no translation model can be installed here.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.test_api_serve import free_port
from tests.conftest import process_queued, shared_context
from triage.config import Settings
from triage.pipeline import PipelineContext
from triage.service import accounts
from triage.service.runtime import Runtime, Wakeup
from triage.service.submissions import submit_text
from triage.service.views import TextSubmission
from triage.translate.protocol import TranslationResult
from triage.translate.stage import PROVIDER_RESOURCE
from triage.vocabulary import AccessRole, ItemKind

CHROMIUM = Path(os.environ.get("TRIAGE_TEST_CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "a password long enough"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
#: One account per role, named after it.
USERS = {role: f"{role}-user" for role in AccessRole if role != AccessRole.SYSTEM}

LETTERS: dict[str, tuple[str, str, ItemKind]] = {
    "threat": (
        "Objet : demande d'entraide pénale très urgente.\n\n"
        "Le suspect Gaston VERNIER, né le 14 février 1981, a annoncé qu'il tuerait son associé ce soir. "
        "Il existe un danger de mort pour la victime.\n\n"
        "Son complice, connu sous le surnom de Pistou, conduit le véhicule.\n\n"
        "Nous vous prions d'identifier sans délai l'abonné du numéro +33 6 71 42 93 05.",
        "fr", ItemKind.MLA_REQUEST,
    ),
    "fraud": (
        "Objet : demande d'entraide relative à une escroquerie.\n\n"
        "La prévenue Odile MARCHAND a détourné des fonds vers le compte FR14 2004 1010 0505 0001 3M02 606. "
        "Nous vous serions obligés de nous transmettre les relevés bancaires avant le 15 mars 2027.",
        "fr", ItemKind.MLA_REQUEST,
    ),
    "theft": (
        "Objet : vol d'un tracteur agricole.\n\n"
        "Le témoin Lucien FAVRE a vu deux hommes charger le tracteur sur un camion. "
        "Nous sollicitons l'audition de ce témoin.",
        "fr", ItemKind.OTHER,
    ),
}
PHRASEBOOK = {
    "Objet : demande d'entraide pénale très urgente.": "Subject: very urgent request for mutual legal assistance.",
    "Le suspect Gaston VERNIER, né le 14 février 1981, a annoncé qu'il tuerait son associé ce soir.":
        "The suspect Gaston VERNIER, born on 14 February 1981, announced that he would kill his partner tonight.",
    "Il existe un danger de mort pour la victime.": "There is a danger to the life of the victim.",
    "Son complice, connu sous le surnom de Pistou, conduit le véhicule.":
        "His accomplice, known by the nickname Pistou, drives the vehicle.",
    "Nous vous prions d'identifier sans délai l'abonné du numéro +33 6 71 42 93 05.":
        "Please identify without delay the subscriber of the number +33 6 71 42 93 05.",
}  # fmt: skip


class Phrasebook:
    """A translator test double: known sentences in English, others marked untranslated."""

    model_id = "test-phrasebook (a test double, not a model)"
    max_input_tokens = 1000

    def count_tokens(self, texts: Sequence[str], source_lang: str) -> list[int]:
        return [len(t.split()) + 1 for t in texts]

    def translate(self, texts: Sequence[str], source_lang: str, target_lang: str) -> list[TranslationResult]:
        return [TranslationResult(PHRASEBOOK.get(t.strip(), f"[untranslated] {t}"), self.model_id) for t in texts]


class PhrasebookProvider:
    def translator_for(self, source_lang: str, target_lang: str) -> Phrasebook | None:
        return Phrasebook() if source_lang == "fr" else None


@dataclass
class Site:
    url: str
    runtime: Runtime
    items: dict[str, str]
    context: PipelineContext

    def drain(self) -> list[str]:
        return process_queued(self.runtime, self.context)


def make_site(data: Path, pipeline_context: PipelineContext) -> tuple[Runtime, dict[str, str], PipelineContext]:
    settings = Settings(data_dir=data, workers=1, embedded_workers=False)
    rt = Runtime.build(settings, dispatcher=Wakeup())
    with rt.session() as session:
        for role, name in USERS.items():
            accounts.add_user(session, name, role, PASSWORD, actor="test")
    items = {
        name: submit_text(
            rt, TextSubmission(text=text, language=lang, kind=kind, reference=f"TEST/{name}"), principal="key:test",
            idempotency_key=None,
        ).id
        for name, (text, lang, kind) in LETTERS.items()
    }  # fmt: skip
    ctx = shared_context(rt, pipeline_context, **{PROVIDER_RESOURCE: PhrasebookProvider()})
    process_queued(rt, ctx)
    return rt, items, ctx


@pytest.fixture
def web(tmp_path: Path, pipeline_context: PipelineContext) -> Iterator[tuple[TestClient, Site]]:
    """The app in a test client (no browser), over processed letters and an account per role."""
    from api.main import create_app

    rt, items, ctx = make_site(tmp_path / "data", pipeline_context)
    with TestClient(create_app(rt.settings, runtime=rt), base_url="http://127.0.0.1") as client:
        yield client, Site("http://127.0.0.1", rt, items, ctx)
    rt.close()


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def sign_in(client: TestClient, role: AccessRole) -> str:
    """Signs ``client`` in as the account of ``role``; returns the session's CSRF token."""
    page = client.get("/signin")
    token = CSRF.search(page.text)
    assert token, page.text
    answer = client.post(
        "/signin", data={"csrf": token.group(1), "name": USERS[role], "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303, answer.text
    home = client.get("/")
    found = CSRF.search(home.text)
    assert found, home.text
    return found.group(1)


@contextlib.contextmanager
def serving(rt: Runtime) -> Iterator[str]:
    """The app over ``rt`` served by uvicorn on a free loopback port, in a thread of this process."""
    import uvicorn

    from api.main import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(rt.settings, runtime=rt), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, pipeline_context: PipelineContext) -> Iterator[Site]:
    rt, items, ctx = make_site(tmp_path_factory.mktemp("site") / "data", pipeline_context)
    with serving(rt) as url:
        yield Site(url, rt, items, ctx)
    rt.close()
