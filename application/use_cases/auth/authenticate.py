from application.ports.access_tokens import AccessTokens
from application.ports.unit_of_work import UnitOfWorkFactory
from domain.errors import AuthenticationFailed, PermissionDenied
from domain.users import Actor


class Authenticate:
    """Turns an access token into the acting user. A token of a user who has since been
    deleted or deactivated is rejected."""

    def __init__(self, uow: UnitOfWorkFactory, access_tokens: AccessTokens) -> None:
        self._uow, self._access_tokens = uow, access_tokens

    async def __call__(self, access_token: str) -> Actor:
        user_id = self._access_tokens.verify(access_token)
        async with self._uow() as uow:
            user = await uow.users.get(user_id)
        if user is None:
            raise AuthenticationFailed("The account no longer exists.")
        try:
            return user.as_actor()
        except PermissionDenied as e:
            raise AuthenticationFailed(e.message) from e
