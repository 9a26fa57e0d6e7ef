"""The pages people read: sign-in, the queue (with uploads and batch progress), an item, the password form.

Every page is rendered on the server from the service layer's views; reading an item or the
queue is logged there, as it is for the API.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.datastructures import QueryParams

from api.auth import public
from api.deps import DbSession, RuntimeDep
from api.web import present
from api.web.auth import SIGNIN_COOKIE, Page, new_signin_token, set_cookie
from api.web.errors import WEB_TAG
from api.web.templating import render
from triage.errors import InvalidInput
from triage.offences.taxonomy import load_taxonomy
from triage.service import accounts, queue, review
from triage.service.queue import QueueFilter
from triage.service.sessions import SignedIn
from triage.service.views import BatchView
from triage.vocabulary import AccessRole, Action, ItemKind, ItemStatus, PiiType, Role, UrgencyLevel

IN, R, S, A = AccessRole.INTAKE, AccessRole.REVIEWER, AccessRole.SUPERVISOR, AccessRole.ADMIN
#: Who may do what on the page: the API's rules (``api.auth``), for people.
PERSON = Page(IN, R, S, A)
ACCOUNT = Page(IN, R, S, A, one_time_password_ok=True)
FOLLOW = Page(IN, R, S)
SUBMIT = Page(IN, S)
READ = Page(R, S)
DECIDE = Page(R, S)

router = APIRouter(tags=[WEB_TAG], include_in_schema=False)
Who = Annotated[SignedIn, Depends(PERSON)]


def safe_next(target: str | None) -> str:
    """Only a path of this site (never ``//host`` or a scheme): no open redirect after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/signin", response_class=HTMLResponse, dependencies=[Depends(public)])
def signin_page(request: Request, rt: RuntimeDep, next: str = "/", ended: bool = False) -> HTMLResponse:
    token = request.cookies.get(SIGNIN_COOKIE) or new_signin_token()
    response = render(request, "signin.html", signin_token=token, next=safe_next(next), ended=ended)
    set_cookie(response, request, rt.settings, SIGNIN_COOKIE, token)
    return response


@router.get("/account/password", response_class=HTMLResponse)
def password_page(request: Request, who: Annotated[SignedIn, Depends(ACCOUNT)]) -> HTMLResponse:
    return render(request, "password.html", min_length=accounts.MIN_PASSWORD)


def queue_filter(params: QueryParams) -> QueueFilter:
    """The queue's filters from the page's query string (empty fields mean "any")."""
    given = {k: v.strip() for k, v in params.items() if k in QueueFilter.model_fields and v.strip()}
    try:
        return QueueFilter.model_validate(given)
    except ValidationError as exc:
        fields = ", ".join(str(e["loc"][0]) for e in exc.errors())
        raise InvalidInput(f"the queue's filters are not valid: {fields}") from None


@router.get("/", response_class=HTMLResponse)
def home(request: Request, who: Who, session: DbSession) -> HTMLResponse:
    """The queue for reviewers; uploads and their progress for intake; both for supervisors."""
    role, actor = who.principal.role, who.principal.actor
    context: dict[str, Any] = {"can_read": READ.admits(role), "can_submit": SUBMIT.admits(role)}
    if context["can_read"]:
        filters = queue_filter(request.query_params)
        context["page"] = queue.list_queue(session, filters, actor=actor, purpose="review queue")
        context["filters"] = filters
        context["users"] = accounts.active_user_names(session)
    if FOLLOW.admits(role):
        mine = None if context["can_read"] else actor  # intake follows its own uploads
        context["batches"] = queue.recent_batches(session, actor=actor, purpose="batch progress", submitter=mine)
    return render(
        request, "queue.html", statuses=list(ItemStatus), urgencies=list(UrgencyLevel), kinds=list(ItemKind),
        taxonomy=load_taxonomy(), shown_batch=request.query_params.get("batch"),
        done=request.query_params.get("done"), **context,
    )  # fmt: skip


@router.get("/batches/{batch_id}/progress")
def batch_progress(batch_id: str, who: Annotated[SignedIn, Depends(FOLLOW)], session: DbSession) -> BatchView:
    """Counts only (no names, no reasons): polled while a dump is processed, so not logged each time."""
    return queue.batch_progress(session, batch_id)


@router.get("/items/{item_id}", response_class=HTMLResponse)
def item_page(
    item_id: str, request: Request, who: Annotated[SignedIn, Depends(READ)], session: DbSession
) -> HTMLResponse:
    view = review.read(session, item_id, actor=who.principal.actor, purpose="review", via="web")
    shown = view.effective
    previous, following = queue.neighbours(session, view.id)
    decided = {d.key: d for d in view.review.spans}
    return render(
        request, "item.html", item=view, rows=present.rows(view, shown), offences=present.offences(shown),
        urgency=shown.urgency, urgency_reasons=present.urgency_reasons(shown), flags=present.flags(shown),
        models=present.translation_models(view), spans=sorted(shown.pii, key=lambda s: s.start),
        colours=present.colours(shown.pii), decided=decided, trail=review.trail(session, view.id),
        previous=previous, following=following, taxonomy=load_taxonomy(), urgencies=list(UrgencyLevel),
        actions=list(Action), pii_types=list(PiiType), roles=list(Role), can_decide=DECIDE.admits(who.principal.role),
        users=accounts.active_user_names(session, DECIDE.roles),
        done=request.query_params.get("done"),
    )  # fmt: skip
