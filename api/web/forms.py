"""What the page's forms do: sign in and out, change a password, upload, decide, export, download.

Each form is checked (same origin, the session's CSRF token) before anything else, and then
calls the service layer, which validates, writes and logs exactly as it does for the API.
A form that succeeds answers with a redirect (303), so a reload never sends it twice.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from api.auth import public
from api.deps import DbSession, RuntimeDep, runtime
from api.routes.items import FileFields
from api.upload import receive_upload
from api.web.auth import (
    CSRF_FIELD,
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    check_fields,
    check_token,
    posted_form,
    same_origin,
    set_cookie,
)
from api.web.errors import WEB_TAG
from api.web.pages import ACCOUNT, DECIDE, READ, SUBMIT, safe_next
from api.web.templating import render
from triage.document import Findings
from triage.errors import InvalidInput, NotAuthenticated
from triage.minimise import pdf
from triage.service import accounts, review, sessions
from triage.service.sessions import SignedIn
from triage.service.submissions import submit_file
from triage.service.views import BatchReceipt, ReviewRequest, SpanDecision

router = APIRouter(tags=[WEB_TAG], include_in_schema=False)


def back(path: str, done: str | None = None, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(path + (f"?done={quote(done)}" if done else "") + anchor, status_code=303)


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@router.post("/signin", response_class=HTMLResponse, dependencies=[Depends(public)])
async def signin(request: Request, rt: RuntimeDep) -> Response:
    same_origin(request)
    form = await request.form()
    token = request.cookies.get(SIGNIN_COOKIE, "")
    check_token(text(form, CSRF_FIELD), token)
    name, password, target = text(form, "name"), form.get("password"), safe_next(text(form, "next"))

    def sign_in() -> SignedIn:
        with rt.session() as session:
            return sessions.sign_in(session, name, password if isinstance(password, str) else "", rt.settings)

    try:
        who = await run_in_threadpool(sign_in)
    except NotAuthenticated as exc:
        return render(request, "signin.html", status=401, signin_token=token, next=target, error=str(exc), name=name)
    response = RedirectResponse("/account/password" if who.must_change_password else target, status_code=303)
    set_cookie(response, request, rt.settings, SESSION_COOKIE, who.token)
    response.delete_cookie(SIGNIN_COOKIE, path="/")
    return response


@router.post("/signout")
async def signout(request: Request, who: Annotated[SignedIn, Depends(ACCOUNT)], rt: RuntimeDep) -> Response:
    await posted_form(request, who)
    token = request.cookies.get(SESSION_COOKIE, "")

    def end() -> None:
        with rt.session() as session:
            sessions.sign_out(session, token)

    await run_in_threadpool(end)
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/account/password")
async def change_password(request: Request, who: Annotated[SignedIn, Depends(ACCOUNT)], rt: RuntimeDep) -> Response:
    form = await posted_form(request, who)
    current, new, again = text(form, "current"), text(form, "new"), text(form, "again")

    def change() -> None:
        if new != again:
            raise InvalidInput("the two new passwords differ")
        with rt.session() as session:
            accounts.change_password(session, who.principal.name, current, new)
            sessions.end_all(session, who.principal.name, keep=request.cookies.get(SESSION_COOKIE))

    try:
        await run_in_threadpool(change)
    except (InvalidInput, NotAuthenticated) as exc:
        return render(request, "password.html", status=422, error=str(exc), min_length=accounts.MIN_PASSWORD)
    return back("/", "password")


@router.post("/upload")
async def upload(request: Request, who: Annotated[SignedIn, Depends(SUBMIT)]) -> Response:
    """A file or an archive from the page: stored as it streams in, then a batch of its members."""
    same_origin(request)
    rt = runtime(request)
    received = await receive_upload(
        request.headers.get("content-type", ""), request.stream(), rt.blobs, rt.settings.max_upload_bytes,
        accept=check_fields(who),
    )  # fmt: skip
    given = {k: v.strip() for k, v in received.fields.items() if k != CSRF_FIELD and v.strip()}
    try:
        fields = FileFields.model_validate(given)
    except ValidationError as exc:
        names = ", ".join(str(e["loc"][0]) for e in exc.errors())
        raise InvalidInput(f"the upload's fields are not valid: {names}") from None
    receipt = await run_in_threadpool(
        lambda: submit_file(
            rt, received.sha256, received.size, received.filename, principal=who.principal.actor,
            idempotency_key=None, as_batch=True, **fields.model_dump(),
        )
    )  # fmt: skip
    assert isinstance(receipt, BatchReceipt)
    return RedirectResponse(f"/?batch={receipt.id}#batches", status_code=303)


def _review_request(form: FormData, section: str, shown: Findings | None) -> ReviewRequest:
    """The decisions one section of the item page's forms makes (only what that section names);
    ``shown`` is the triage on the page, which "accept" confirms as it stands."""
    values: dict[str, object] = {}
    if section == "offences":
        values["offences"] = [v for v in form.getlist("offence") if isinstance(v, str)]
    elif section == "urgency":
        values["urgency"] = text(form, "urgency")
        if text(form, "deadline") != text(form, "deadline_was"):
            values["deadline"] = text(form, "deadline") or None
    elif section == "note":
        values["note"] = text(form, "note")
        if not values["note"]:
            raise InvalidInput("the note is empty")
    elif section == "assign":
        values["assignee"] = text(form, "assignee")
    elif section == "reviewed":
        values["reviewed"] = text(form, "reviewed") == "true"
    elif section == "accept" and shown is not None:
        values.update(offences=[o.code for o in shown.offences], reviewed=True)
        if shown.urgency is not None:
            values["urgency"] = shown.urgency.level
    else:
        raise InvalidInput(f"unknown section {section!r}")
    try:
        return ReviewRequest.model_validate(values)
    except ValidationError as exc:
        raise InvalidInput(f"not a valid decision: {', '.join(str(e['loc'][0]) for e in exc.errors())}") from None


@router.post("/items/{item_id}/review")
async def decide(
    item_id: str, request: Request, who: Annotated[SignedIn, Depends(DECIDE)], session: DbSession
) -> Response:
    form = await posted_form(request, who)
    section = text(form, "section")

    def apply() -> None:
        shown = review.view(session, review.live_item(session, item_id)).effective if section == "accept" else None
        review.decide(session, item_id, _review_request(form, section, shown), actor=who.principal.actor)

    await run_in_threadpool(apply)
    return back(f"/items/{item_id}", section, "#decisions" if section != "accept" else "")


@router.post("/items/{item_id}/spans")
async def decide_span(
    item_id: str, request: Request, who: Annotated[SignedIn, Depends(DECIDE)], session: DbSession
) -> Response:
    """Accept, change or reverse the action on a span, or add a span the service missed."""
    form = await posted_form(request, who)
    try:
        span = SpanDecision.model_validate(
            {"start": text(form, "start"), "end": text(form, "end"), "type": text(form, "type"),
             "action": text(form, "action"), "role": text(form, "role") or None}
        )  # fmt: skip
    except ValidationError as exc:
        raise InvalidInput(f"not a valid span: {', '.join(str(e['loc'][0]) for e in exc.errors())}") from None
    await run_in_threadpool(
        lambda: review.decide(session, item_id, ReviewRequest(spans=[span]), actor=who.principal.actor)
    )
    return back(f"/items/{item_id}", "added" if text(form, "added") else "span", "#pii")


@router.post("/items/{item_id}/export")
async def export(
    item_id: str, request: Request, who: Annotated[SignedIn, Depends(READ)], session: DbSession, rt: RuntimeDep
) -> Response:
    """The minimised text as approved, as a text or PDF download; logged as a disclosure."""
    form = await posted_form(request, who)
    form_of = text(form, "format") or "text"
    if form_of not in ("text", "pdf"):
        raise InvalidInput("the export format is text or pdf")
    purpose = text(form, "purpose") or "onward transmission"
    done = await run_in_threadpool(
        lambda: review.export(
            session, item_id, actor=who.principal.actor, purpose=purpose, settings=rt.settings,
            recipient=text(form, "recipient") or None, draft=text(form, "draft") == "true", form=form_of,
        )
    )  # fmt: skip
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    name = f"minimised-{done.item_id}{'-draft' if done.draft else ''}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{"pdf" if form_of == "pdf" else "txt"}"'}
    if form_of == "text":
        return Response(done.text, media_type="text/plain; charset=utf-8", headers=disposition)
    header = [
        f"Item {done.item_id} · exported {stamp} by {who.principal.actor} · purpose: {purpose}",
        "Reviewed and approved" if done.reviewed else "DRAFT: not marked reviewed",
        "Personal data minimised as decided; machine translation is uncertified.",
    ]
    body = await run_in_threadpool(
        pdf.render, done.text, title=f"Minimised item {done.item_id}", header=header, font=rt.settings.pdf_font
    )
    return Response(body, media_type="application/pdf", headers=disposition)


@router.post("/items/{item_id}/original")
async def original(
    item_id: str, request: Request, who: Annotated[SignedIn, Depends(READ)], session: DbSession, rt: RuntimeDep
) -> Response:
    """The file as it arrived, always as a download (never shown in the page's origin); logged."""
    form = await posted_form(request, who)
    item = await run_in_threadpool(
        lambda: review.original(session, item_id, actor=who.principal.actor, purpose=text(form, "purpose") or "review")
    )
    name = PurePosixPath(item.member_name or item.filename or item.id).name or item.id
    return FileResponse(
        rt.blobs.path(item.sha256), media_type="application/octet-stream", filename=name,
        content_disposition_type="attachment",
    )  # fmt: skip
