"""The session store and the one read that authenticates a token of a session, on every
backend."""

from datetime import timedelta

from application.ports.refresh_tokens import RefreshTokenRecord
from entrypoints.composition.container import Container
from tests.contract.builders import T0, stored_session, stored_users


async def test_an_accounts_sessions_most_recently_used_first(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        ada, bob = await stored_users(uow, "ada", "bob")
        older = await stored_session(uow, ada.id, used_at=T0)
        newer = await stored_session(uow, ada.id, used_at=T0 + timedelta(minutes=1))
        await stored_session(uow, ada.id, expires_at=T0 + timedelta(seconds=1))  # expired
        await stored_session(uow, bob.id)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        listed = await uow.sessions.of_user(ada.id, T0 + timedelta(seconds=1))
        assert listed == [newer, older]
        assert await uow.sessions.get(older.id) == older


async def test_a_refresh_records_when_and_from_where(any_backend: Container) -> None:
    later = T0 + timedelta(hours=2)
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        session = await stored_session(uow, ada.id)
        await uow.sessions.used(session.id, later, "2001:db8::1")
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        stored = await uow.sessions.get(session.id)
    assert stored is not None
    assert (stored.last_used_at, stored.last_address) == (later, "2001:db8::1")
    assert stored.created_at == T0


async def test_ending_a_session_takes_its_refresh_tokens(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        ending, kept = await stored_session(uow, ada.id), await stored_session(uow, ada.id)
        for session, name in ((ending, "a"), (kept, "b")):
            token = RefreshTokenRecord(name * 64, session.id, ada.id, session.expires_at)
            await uow.refresh_tokens.add(token)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.sessions.end(ending.id) is True
        assert await uow.sessions.end(ending.id) is False
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.sessions.get(ending.id) is None
        assert await uow.refresh_tokens.consume("a" * 64, T0) is None
        assert await uow.refresh_tokens.consume("b" * 64, T0) is not None


async def test_ending_all_but_one(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        ada, bob = await stored_users(uow, "ada", "bob")
        adas = [await stored_session(uow, ada.id) for _ in range(3)]
        bobs = await stored_session(uow, bob.id)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        ended = await uow.sessions.end_all(ada.id, keep=adas[0].id)
        assert sorted(ended) == sorted(s.id for s in adas[1:])
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert [s.id for s in await uow.sessions.of_user(ada.id, T0)] == [adas[0].id]
        assert await uow.sessions.end_all(ada.id) == [adas[0].id]
        assert await uow.sessions.of_user(ada.id, T0) == []
        assert await uow.sessions.get(bobs.id) == bobs


async def test_purging_takes_only_sessions_expired_before(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        gone = await stored_session(uow, ada.id, expires_at=T0)
        kept = await stored_session(uow, ada.id, expires_at=T0 + timedelta(days=2))
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.sessions.purge_expired(T0 + timedelta(days=1)) == 1
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.sessions.get(gone.id) is None
        assert await uow.sessions.get(kept.id) == kept


async def test_the_account_is_read_only_in_a_session_of_its_own(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        ada, bob = await stored_users(uow, "ada", "bob")
        adas, bobs = await stored_session(uow, ada.id), await stored_session(uow, bob.id)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        found = await uow.users.get_in_session(ada.id, adas.id)
        assert found is not None
        assert found.username == "ada"
        assert await uow.users.get_in_session(ada.id, bobs.id) is None
        await uow.sessions.end(adas.id)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.users.get_in_session(ada.id, adas.id) is None
