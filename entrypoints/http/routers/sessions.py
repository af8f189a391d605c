"""Sessions (sign-ins on devices): your own, and (admins) an account's; see them, end one.
Matched after the routes of posts: sessions are seldom asked for, posts all the time."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, status

from application.use_cases.sessions.end_session import EndSession
from application.use_cases.sessions.list_sessions import ListSessions
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.http import convertors  # noqa: F401 - registers the {username:username} paths
from entrypoints.http.auth import CurrentActor
from entrypoints.http.prefix import API_PREFIX
from entrypoints.http.problems import documented
from entrypoints.http.query import V1Route
from entrypoints.http.schemas.common import Username
from entrypoints.http.schemas.sessions import SessionOut, SessionsOut

router = APIRouter(prefix=API_PREFIX, tags=["sessions"], route_class=V1Route)


@router.get(
    "/sessions",
    response_model=SessionsOut,
    responses=documented(401),
    summary="Your sessions, most recently used first",
    description="Every sign-in that has not ended or expired: v1 logins (a refresh-token "
    "family) and Conduit logins. `current` marks the one this request was made in.",
)
async def list_my_sessions(
    actor: CurrentActor,
    list_sessions: Annotated[ListSessions, Depends(provided(Container.list_sessions))],
) -> SessionsOut:
    sessions = await list_sessions.own(actor)
    return SessionsOut(sessions=[SessionOut.of(s) for s in sessions])


@router.delete(
    "/sessions/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=documented(401, 404, 422),
    summary="End one of your sessions",
    description="Its refresh token stops working, its access tokens are refused at their next "
    "use (on every instance) and its live connections close with 4401. Ending the current "
    "session logs you out.",
)
async def end_my_session(
    session_id: UUID,
    actor: CurrentActor,
    end_session: Annotated[EndSession, Depends(provided(Container.end_session))],
) -> None:
    await end_session.own(actor, session_id)


@router.get(
    "/users/{username:username}/sessions",
    response_model=SessionsOut,
    responses=documented(401, 403, 404, 422),
    summary="An account's sessions (admins)",
)
async def list_user_sessions(
    username: Username,
    actor: CurrentActor,
    list_sessions: Annotated[ListSessions, Depends(provided(Container.list_sessions))],
) -> SessionsOut:
    sessions = await list_sessions.of_account(actor, username)
    return SessionsOut(sessions=[SessionOut.of(s) for s in sessions])


@router.delete(
    "/users/{username:username}/sessions/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=documented(401, 403, 404, 422),
    summary="End one of an account's sessions (admins)",
)
async def end_user_session(
    username: Username,
    session_id: UUID,
    actor: CurrentActor,
    end_session: Annotated[EndSession, Depends(provided(Container.end_session))],
) -> None:
    await end_session.of_account(actor, username, session_id)
