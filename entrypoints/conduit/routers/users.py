from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from application.use_cases.accounts.update_own_account import AccountChanges, UpdateOwnAccount
from application.use_cases.auth.log_in import Credentials, LogIn
from application.use_cases.auth.register_user import Registration
from application.use_cases.auth.sign_up import SignUp
from domain.errors import AuthenticationFailed, TwoFactorRequired
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.conduit.auth import RequiredCaller
from entrypoints.conduit.errors import ConduitError
from entrypoints.conduit.route import ConduitRoute
from entrypoints.conduit.schemas import LoginIn, NewUserIn, UpdateUserIn, User, UserOut
from entrypoints.web.signing_in import client_of
from entrypoints.web.throttling import Throttle, client_address

router = APIRouter(tags=["users"], route_class=ConduitRoute)


@router.post("/users", status_code=status.HTTP_201_CREATED, response_model=UserOut)
async def register(
    body: NewUserIn,
    sign_up: Annotated[SignUp, Depends(provided(Container.conduit_sign_up))],
    throttle: Annotated[Throttle, Depends(provided(Container.throttle))],
    request: Request,
) -> UserOut:
    await throttle.registration(client_address(request))
    new = body.user
    registration = Registration(new.email, new.username, new.password)
    signed_in = await sign_up(registration, client_of(request))
    return UserOut(user=User.of(signed_in.account, signed_in.tokens.access_token))


@router.post("/users/login", response_model=UserOut)
async def login(
    body: LoginIn,
    log_in: Annotated[LogIn, Depends(provided(Container.conduit_log_in))],
    throttle: Annotated[Throttle, Depends(provided(Container.throttle))],
    request: Request,
) -> UserOut:
    credentials = Credentials(body.user.email, body.user.password)
    try:
        signed_in = await throttle.login(
            body.user.email,
            client_address(request),
            lambda: log_in(credentials, client_of(request)),
        )
    except TwoFactorRequired as e:  # the spec has no second step: v1's login has
        raise ConduitError(
            403,
            "credentials",
            "use two-factor: log in at /api/v1/auth/login, then /api/v1/auth/mfa",
        ) from e
    except AuthenticationFailed as e:
        raise ConduitError(401, "credentials", "invalid") from e
    return UserOut(user=User.of(signed_in.account, signed_in.tokens.access_token))


@router.get("/user", response_model=UserOut)
async def current_user(caller: RequiredCaller) -> UserOut:
    return UserOut(user=User.of(caller.account, caller.token))


@router.put("/user", response_model=UserOut)
async def update_user(
    body: UpdateUserIn,
    caller: RequiredCaller,
    update_account: Annotated[
        UpdateOwnAccount, Depends(provided(Container.conduit_update_account))
    ],
) -> UserOut:
    changes = body.user
    given = changes.model_fields_set
    account = await update_account(
        caller.actor,
        AccountChanges(
            email=changes.email,
            username=changes.username,
            # Conduit removes bio and image with null as well as with "".
            bio=(changes.bio or "") if "bio" in given else None,
            image=(changes.image or "") if "image" in given else None,
            new_password=changes.password,
        ),
    )
    return UserOut(user=User.of(account, caller.token))
