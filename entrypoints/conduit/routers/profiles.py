from typing import Annotated

from fastapi import APIRouter, Depends

from application.use_cases.profiles.follow_user import FollowUser
from application.use_cases.profiles.unfollow_user import UnfollowUser
from application.use_cases.profiles.view_profile import ViewProfile
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.conduit.auth import OptionalCaller, RequiredCaller, viewer
from entrypoints.conduit.route import ConduitRoute
from entrypoints.conduit.schemas import Profile, ProfileOut

router = APIRouter(prefix="/profiles", tags=["profiles"], route_class=ConduitRoute)


@router.get("/{username}", response_model=ProfileOut)
async def get_profile(
    username: str,
    caller: OptionalCaller,
    view_profile: Annotated[ViewProfile, Depends(provided(Container.view_profile))],
) -> ProfileOut:
    return ProfileOut(profile=Profile.of(await view_profile(username, viewer(caller))))


@router.post("/{username}/follow", response_model=ProfileOut)
async def follow(
    username: str,
    caller: RequiredCaller,
    follow_user: Annotated[FollowUser, Depends(provided(Container.follow_user))],
) -> ProfileOut:
    return ProfileOut(profile=Profile.of(await follow_user(caller.actor, username)))


@router.delete("/{username}/follow", response_model=ProfileOut)
async def unfollow(
    username: str,
    caller: RequiredCaller,
    unfollow_user: Annotated[UnfollowUser, Depends(provided(Container.unfollow_user))],
) -> ProfileOut:
    return ProfileOut(profile=Profile.of(await unfollow_user(caller.actor, username)))
