from dataclasses import dataclass, replace

from application.use_cases.auth.log_in import Credentials
from application.use_cases.auth.register_user import Registration
from application.views import AccountView, TokenPair
from domain.users import Actor, Role
from entrypoints.composition.container import Container

PASSWORD = "a good long password"


@dataclass
class Member:
    account: AccountView
    tokens: TokenPair
    actor: Actor


async def sign_up(container: Container, username: str, password: str = PASSWORD) -> Member:
    account = await container.register_user()(
        Registration(f"{username}@example.com", username, password)
    )
    tokens = (await container.log_in()(Credentials(username, password))).tokens
    actor = await container.authenticate()(tokens.access_token)
    return Member(account, tokens, actor)


async def make_admin(container: Container, member: Member) -> Member:
    async with container.unit_of_work() as uow:
        user = await uow.users.get(member.account.id)
        assert user is not None
        user.role = Role.ADMIN
        await uow.users.update(user)
        await uow.commit()
    return Member(member.account, member.tokens, replace(member.actor, role=Role.ADMIN))


def refresh(tokens: TokenPair) -> str:
    """The refresh token of a v1 session, which always has one."""
    assert tokens.refresh_token is not None
    return tokens.refresh_token


async def account_of(container: Container, member: Member) -> AccountView:
    """The member's account as it is stored now."""
    return (await container.authenticate().until_expiry(member.tokens.access_token)).account
