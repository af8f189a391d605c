"""The development inbox over HTTP: the mail this development server sent, newest first, with
its tokens. Mounted only in development without SMTP_URL (entrypoints.http.app)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from application.ports.mail_inbox import MailInbox
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.http.prefix import API_PREFIX
from entrypoints.http.problems import documented
from entrypoints.http.query import V1Route
from entrypoints.http.schemas.common import DEFAULT_LIMIT, Limit
from entrypoints.http.schemas.dev_mail import SentMailOut, SentMailsOut

router = APIRouter(prefix=f"{API_PREFIX}/dev/mail", tags=["development"], route_class=V1Route)


@router.get("", response_model=SentMailsOut, responses=documented(422))
async def read_sent_mail(
    inbox: Annotated[MailInbox, Depends(provided(Container.mail_inbox))],
    to: Annotated[
        str | None, Query(max_length=320, description="Only mail to this address.")
    ] = None,
    limit: Annotated[Limit, Query()] = DEFAULT_LIMIT,
) -> SentMailsOut:
    """The mail sent in development, newest first (the last 50 are kept)."""
    return SentMailsOut(items=[SentMailOut.of(mail) for mail in await inbox.latest(limit, to=to)])
