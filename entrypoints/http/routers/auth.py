from typing import Annotated

from dependency_injector.wiring import inject
from fastapi import APIRouter, Depends, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from application.use_cases.auth.log_in import Credentials, LogIn
from application.use_cases.auth.log_out import LogOut
from application.use_cases.auth.refresh_session import RefreshSession
from application.use_cases.auth.register_user import RegisterUser, Registration
from entrypoints.container import Container
from entrypoints.http.problems import documented
from entrypoints.http.schemas.accounts import AccountOut, RegisterIn
from entrypoints.http.schemas.auth import LoginIn, RefreshIn, TokenOut
from entrypoints.injection import Provided

router = APIRouter(prefix="/auth", tags=["auth"])
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=AccountOut,
    responses=documented(409, 422),
)
@inject
async def register(
    body: RegisterIn,
    register_user: Annotated[RegisterUser, Depends(Provided[Container.register_user])],
) -> AccountOut:
    account = await register_user(Registration(body.email, body.username, body.password))
    return AccountOut.of(account)


@router.post("/login", response_model=TokenOut, responses=documented(401, 403, 422))
@inject
async def login(
    body: LoginIn,
    response: Response,
    log_in: Annotated[LogIn, Depends(Provided[Container.log_in])],
) -> TokenOut:
    response.headers.update(NO_STORE)
    return TokenOut.of((await log_in(Credentials(body.login, body.password))).tokens)


@router.post(
    "/token",
    response_model=TokenOut,
    responses=documented(401, 403, 422),
    summary="Log in with an OAuth2 password form (for the docs page's Authorize button)",
)
@inject
async def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    response: Response,
    log_in: Annotated[LogIn, Depends(Provided[Container.log_in])],
) -> TokenOut:
    response.headers.update(NO_STORE)
    return TokenOut.of((await log_in(Credentials(form.username, form.password))).tokens)


@router.post("/refresh", response_model=TokenOut, responses=documented(401, 422))
@inject
async def refresh(
    body: RefreshIn,
    response: Response,
    refresh_session: Annotated[RefreshSession, Depends(Provided[Container.refresh_session])],
) -> TokenOut:
    response.headers.update(NO_STORE)
    return TokenOut.of(await refresh_session(body.refresh_token))


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=documented(422))
@inject
async def logout(
    body: RefreshIn, log_out: Annotated[LogOut, Depends(Provided[Container.log_out])]
) -> None:
    await log_out(body.refresh_token)
