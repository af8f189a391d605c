"""The composition root: settings in, adapters wired to ports, use cases out.

One container class per concern (core, storage, background work, accounts, content), joined
here. Every constructor argument is passed by keyword, so a reordered signature cannot be
wired wrong silently (tests/entrypoints/test_container.py holds it)."""

from dependency_injector import providers

from application.idempotency import IdempotentRequests
from entrypoints.composition.accounts import Accounts
from entrypoints.composition.content import Content
from entrypoints.composition.durations import hours, twice_seconds
from entrypoints.composition.signing_keys import SigningKeys
from entrypoints.composition.throttle import throttle_from
from entrypoints.composition.work import Work

setting = Work.settings.provided


class Container(Accounts, Content, Work, SigningKeys):
    throttle = providers.Singleton(
        throttle_from, settings=Work.settings, fingerprints=Work.login_fingerprints
    )
    idempotent_requests = providers.Singleton(
        IdempotentRequests,
        uow=Work.uow,
        clock=Work.clock,
        keep=providers.Callable(hours, value=setting.idempotency_key_ttl_hours),
        # A first request still running after this is taken for dead: twice its deadline.
        hold=providers.Callable(twice_seconds, value=setting.request_timeout_seconds),
    )
