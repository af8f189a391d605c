from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from application.paging import PageRequest
from application.use_cases.accounts.update_own_account import AccountChanges, UpdateOwnAccount
from application.use_cases.admin.administer_account import (
    AdministerAccount,
    AdministrativeChanges,
)
from application.use_cases.admin.delete_user import DeleteUser
from application.use_cases.admin.list_users import ListUsers
from application.use_cases.auth.change_password import ChangePassword, PasswordChange
from application.use_cases.profiles.follow_user import FollowUser
from application.use_cases.profiles.unfollow_user import UnfollowUser
from application.use_cases.profiles.view_profile import ViewProfile
from domain.text import SINGLE_LINE_PATTERN
from domain.users import Role
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.http import convertors  # noqa: F401 - registers the {username:username} paths
from entrypoints.http.auth import OPTIONAL_AUTH, CurrentActor, CurrentAuthentication, Viewer
from entrypoints.http.guarded import Throttled
from entrypoints.http.prefix import API_PREFIX
from entrypoints.http.problems import documented
from entrypoints.http.query import V1Route
from entrypoints.http.schemas.accounts import (
    AccountOut,
    AccountUpdateIn,
    AdminUserUpdateIn,
    PasswordChangeIn,
    ProfileOut,
)
from entrypoints.http.schemas.common import DEFAULT_LIMIT, Cursor, Limit, Page, Username

router = APIRouter(prefix=f"{API_PREFIX}/users", tags=["users"], route_class=V1Route)


@router.get("/me", response_model=AccountOut, responses=documented(401))
async def get_me(authenticated: CurrentAuthentication) -> AccountOut:
    """Your account, as read to authenticate you: one statement."""
    return AccountOut.of(authenticated.account)


@router.patch("/me", response_model=AccountOut, responses=documented(401, 403, 409, 422, 429))
async def update_me(
    body: AccountUpdateIn,
    actor: CurrentActor,
    update_own_account: Annotated[
        UpdateOwnAccount, Depends(provided(Container.update_own_account))
    ],
    throttle: Throttled,
) -> AccountOut:
    changes = AccountChanges(**body.model_dump(exclude_unset=True))
    if changes.current_password is None:
        return AccountOut.of(await update_own_account(actor, changes))
    return AccountOut.of(
        await throttle.password_check(actor.user_id, lambda: update_own_account(actor, changes))
    )


@router.put(
    "/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=documented(401, 403, 422, 429),
)
async def change_my_password(
    body: PasswordChangeIn,
    actor: CurrentActor,
    change_password: Annotated[ChangePassword, Depends(provided(Container.change_password))],
    throttle: Throttled,
) -> None:
    change = PasswordChange(body.new_password, body.current_password)
    await throttle.password_check(actor.user_id, lambda: change_password(actor, change))


@router.get("", response_model=Page[AccountOut], responses=documented(401, 403, 422))
async def list_users(
    actor: CurrentActor,
    list_users: Annotated[ListUsers, Depends(provided(Container.list_users))],
    q: Annotated[
        str | None,
        Query(
            max_length=254, pattern=SINGLE_LINE_PATTERN, description="E-mail or username prefix."
        ),
    ] = None,
    limit: Annotated[Limit, Query()] = DEFAULT_LIMIT,
    cursor: Annotated[Cursor, Query()] = None,
) -> Page[AccountOut]:
    page = await list_users(actor, q, PageRequest(limit=limit, cursor=cursor))
    return Page(items=[AccountOut.of(a) for a in page.items], next_cursor=page.next_cursor)


@router.get(
    "/{username:username}",
    response_model=ProfileOut,
    responses=documented(401, 404, 422),
    openapi_extra=OPTIONAL_AUTH,
)
async def get_profile(
    username: Username,
    viewer: Viewer,
    view_profile: Annotated[ViewProfile, Depends(provided(Container.view_profile))],
) -> ProfileOut:
    return ProfileOut.of(await view_profile(username, viewer))


@router.patch(
    "/{username:username}", response_model=AccountOut, responses=documented(401, 403, 404, 422)
)
async def administer_user(
    username: Username,
    body: AdminUserUpdateIn,
    actor: CurrentActor,
    administer: Annotated[AdministerAccount, Depends(provided(Container.administer_account))],
) -> AccountOut:
    role = Role(body.role) if body.role is not None else None
    changes = AdministrativeChanges(role=role, is_active=body.is_active)
    return AccountOut.of(await administer(actor, username, changes))


@router.delete(
    "/{username:username}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=documented(401, 403, 404, 422),
)
async def delete_user(
    username: Username,
    actor: CurrentActor,
    delete_user: Annotated[DeleteUser, Depends(provided(Container.delete_user))],
) -> None:
    await delete_user(actor, username)


@router.post(
    "/{username:username}/follow", response_model=ProfileOut, responses=documented(401, 404, 422)
)
async def follow(
    username: Username,
    actor: CurrentActor,
    follow_user: Annotated[FollowUser, Depends(provided(Container.follow_user))],
) -> ProfileOut:
    return ProfileOut.of(await follow_user(actor, username))


@router.delete(
    "/{username:username}/follow", response_model=ProfileOut, responses=documented(401, 404, 422)
)
async def unfollow(
    username: Username,
    actor: CurrentActor,
    unfollow_user: Annotated[UnfollowUser, Depends(provided(Container.unfollow_user))],
) -> ProfileOut:
    return ProfileOut.of(await unfollow_user(actor, username))
