"""The audit chain, checked before a service process starts (``triage serve``, ``triage worker``).

A broken chain means the log was altered, cut or reordered outside the service: nothing
should be added to it before a person has looked. A process refuses to start unless an
administrator (an active account with the admin role) takes the decision by name and with a
reason, and that decision is itself the next entry of the log. It holds for that start only.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.errors import Conflict, InvalidInput
from triage.storage import audit
from triage.storage.tables import User
from triage.vocabulary import AccessRole, AuditCategory

ACCEPT_OPTION = "--accept-broken-audit-chain"


class BrokenAuditChain(Conflict):
    """The audit log does not verify and nobody has accepted starting anyway."""


def check_at_start(
    session: Session, process: str, *, accepted_by: str | None = None, reason: str | None = None
) -> audit.Verdict:
    verdict = audit.verify(session)
    if verdict.ok:
        return verdict
    if accepted_by is None:
        raise BrokenAuditChain(
            f"the audit log is broken: {verdict.problem}. Nothing starts until a person has looked "
            f"(`triage audit verify`); an administrator may start it anyway with "
            f"`triage {process} {ACCEPT_OPTION} NAME --because REASON`"
        )
    admin = session.scalars(select(User).where(User.name == accepted_by)).first()
    if admin is None or admin.role != AccessRole.ADMIN or admin.disabled_at is not None:
        raise InvalidInput(f"{accepted_by!r} is not an active account with the admin role")
    if not reason or not reason.strip():
        raise InvalidInput(f"{ACCEPT_OPTION} needs --because REASON: the log keeps why")
    audit.record(
        session, "broken_chain_accepted", AuditCategory.ALTERATION, actor=f"user:{accepted_by}",
        purpose=reason.strip(), detail={"process": process, "problem": verdict.problem, "seq": verdict.seq},
    )  # fmt: skip
    session.commit()
    return verdict
