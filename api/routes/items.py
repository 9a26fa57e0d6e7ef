"""Items: submit (a file or a text), read, and read as a prediction."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from api.auth import READ, SUBMIT
from api.deps import DbSession, runtime
from api.errors import problems
from api.upload import FILE_FIELD, receive_upload
from triage.errors import TooLarge
from triage.service import review
from triage.service.accounts import Principal
from triage.service.submissions import submit_file, submit_text
from triage.service.views import LANGUAGE_CODE, CallerInput, ItemView, Prediction, Receipt, TextSubmission
from triage.vocabulary import ItemKind

router = APIRouter(prefix="/v1", tags=["items"])
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="The same key and body give the same item, never a second one"),
]
Purpose = Annotated[str, Query(max_length=200, description="Why the item is read (written to the audit log)")]


class FileFields(CallerInput):
    """The form fields that may come with an uploaded file."""

    language: str | None = Field(None, pattern=LANGUAGE_CODE, description="ISO 639-1 code, if the sender declared one")
    kind: ItemKind = Field(ItemKind.OTHER, description="What the item is")
    reference: str | None = Field(None, max_length=256, description="The sender's reference")
    sender: str | None = Field(None, max_length=256, description="The sending authority")
    callback_url: str | None = Field(None, description="Called when the item is triaged; must be allow-listed")


def _form_schema() -> dict[str, Any]:
    """The multipart form as the fields are validated: their own constraints, and nothing else."""
    properties: dict[str, Any] = {FILE_FIELD: {"type": "string", "format": "binary"}}
    for name, field in FileFields.model_json_schema()["properties"].items():
        text = next((a for a in field.get("anyOf", [field]) if a.get("type") == "string"), {"type": "string"})
        properties[name] = {**text, "description": field.get("description", "")}
    properties["kind"] = {"type": "string", "enum": [str(k) for k in ItemKind], "description": "What the item is"}
    return {"type": "object", "properties": properties, "required": [FILE_FIELD], "additionalProperties": False}


def upload_body(*, with_text: bool) -> dict[str, Any]:
    content: dict[str, Any] = {"multipart/form-data": {"schema": _form_schema()}}
    if with_text:
        content["application/json"] = {"schema": {"$ref": "#/components/schemas/TextSubmission"}}
    return {"requestBody": {"required": True, "content": content}}


async def read_upload(request: Request) -> tuple[Any, FileFields]:
    """The upload of a multipart request, in the blob store, and its validated fields."""
    rt = runtime(request)
    upload = await receive_upload(
        request.headers.get("content-type", ""), request.stream(), rt.blobs, rt.settings.max_upload_bytes
    )
    try:
        fields = FileFields.model_validate(upload.fields)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None
    return upload, fields


async def _json_body(request: Request, limit: int) -> TextSubmission:
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > limit:
            raise TooLarge(f"the request is larger than the limit of {limit} bytes")
    try:
        return TextSubmission.model_validate_json(bytes(raw))
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None


@router.post(
    "/items", status_code=202, response_model=Receipt, summary="Submit a file (multipart) or a text (JSON)",
    responses=problems(401, 403, 409, 413, 415, 422), openapi_extra=upload_body(with_text=True),
)  # fmt: skip
async def create_item(
    request: Request, who: Annotated[Principal, Depends(SUBMIT)], idempotency_key: IdempotencyKey = None
) -> Receipt:
    """Register an item and queue it for triage; answers at once with its id (202).

    The same bytes submitted again are the same item (each arrival is added to its chain of
    custody). With an ``Idempotency-Key``, a retry of the same request returns the same item,
    and the key reused for a different request is refused (409).
    """
    rt = runtime(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        body = await _json_body(request, rt.settings.max_upload_bytes)
        return await run_in_threadpool(
            submit_text, rt, body, principal=who.actor, idempotency_key=idempotency_key
        )
    if content_type == "multipart/form-data":
        upload, fields = await read_upload(request)
        receipt = await run_in_threadpool(
            lambda: submit_file(
                rt, upload.sha256, upload.size, upload.filename, principal=who.actor,
                idempotency_key=idempotency_key, **fields.model_dump(),
            )
        )  # fmt: skip
        assert isinstance(receipt, Receipt)
        return receipt
    raise HTTPException(415, "send multipart/form-data (a file) or application/json (a text)")


@router.get("/items/{item_id}", response_model=ItemView, responses=problems(401, 403, 404))
def get_item(
    item_id: str, who: Annotated[Principal, Depends(READ)], session: DbSession, purpose: Purpose = "review"
) -> ItemView:
    """Status, provenance, text, translation per segment (uncertified), findings with evidence,
    children and parent. Every reading is logged with the caller and the purpose."""
    return review.read(session, item_id, actor=who.actor, purpose=purpose, via="api")


@router.get("/items/{item_id}/prediction", response_model=Prediction, responses=problems(401, 403, 404, 409))
def get_prediction(
    item_id: str, who: Annotated[Principal, Depends(READ)], session: DbSession, purpose: Purpose = "case system",
    machine_only: Annotated[bool, Query(description="The machine's triage, without reviewers' corrections")] = False,
) -> dict[str, Any]:  # fmt: skip
    """The item's triage in the evaluation corpus' prediction format (offsets into the original)."""
    return review.prediction(session, item_id, actor=who.actor, purpose=purpose, machine_only=machine_only)
