"""The schema, as SQLAlchemy Core tables. Alembic migrations are generated from and checked
against this metadata; the domain never sees it."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    false,
    func,
)

from adapters.sqlalchemy.types import UTCDateTime
from application.ports.security_events import USER_AGENT_MAX
from application.ports.sessions import ADDRESS_MAX, SESSION_LABEL_MAX

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# SQLite only auto-increments an INTEGER PRIMARY KEY.
AutoId = BigInteger().with_variant(Integer(), "sqlite")

users = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("email", String(254), nullable=False),
    Column("username", String(32), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("bio", Text, nullable=False, server_default=""),
    Column("image", String(2048), nullable=True),
    Column("role", String(16), nullable=False),
    Column("is_active", Boolean, nullable=False),
    Column("email_verified", Boolean, nullable=False, server_default=false()),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_users_created_at_id", "created_at", "id"),
)
# Case-insensitive uniqueness lives in the database, so concurrent sign-ups cannot both win.
Index("uq_users_email_lower", func.lower(users.c.email), unique=True)
Index("uq_users_username_lower", func.lower(users.c.username), unique=True)

follows = Table(
    "follows",
    metadata,
    Column("follower_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("followee_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_follows_followee_id", "followee_id"),
)

posts = Table(
    "posts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("slug", String(128), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("description", String(500), nullable=False),
    Column("body", Text, nullable=False),
    Column("author_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_posts_created_at_id", "created_at", "id"),
    Index("ix_posts_author_id_created_at_id", "author_id", "created_at", "id"),
)

post_tags = Table(
    "post_tags",
    metadata,
    Column("post_id", Uuid, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag", String(32), primary_key=True),
    Column("position", Integer, nullable=False),
    Index("ix_post_tags_tag_post_id", "tag", "post_id"),
)

favorites = Table(
    "favorites",
    metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("post_id", Uuid, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_favorites_post_id", "post_id"),
)

comments = Table(
    "comments",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("post_id", Uuid, ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_comments_post_id_created_at_id", "post_id", "created_at", "id"),
    Index("ix_comments_author_id", "author_id"),
)

# A sign-in on one device; its refresh tokens are one family, whose id is the session's.
sessions = Table(
    "sessions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("label", String(SESSION_LABEL_MAX), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime, nullable=False),
    Column("authenticated_at", UTCDateTime, nullable=False),
    Column("last_address", String(ADDRESS_MAX), nullable=True),
    Column("expires_at", UTCDateTime, nullable=False),
    Index("ix_sessions_user_id", "user_id"),
    Index("ix_sessions_expires_at", "expires_at"),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("family_id", Uuid, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime, nullable=True),
    Index("ix_refresh_tokens_family_id", "family_id"),
    Index("ix_refresh_tokens_user_id", "user_id"),
)

# Two-factor: the account's TOTP secret, sealed; its recovery codes as hashes, each used once.
two_factor = Table(
    "two_factor",
    metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("sealed_secret", Text, nullable=False),
    Column("confirmed_at", UTCDateTime, nullable=True),
    Column("last_step", BigInteger, nullable=True),
)

recovery_codes = Table(
    "recovery_codes",
    metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("code_hash", String(64), primary_key=True),
    Column("used_at", UTCDateTime, nullable=True),
)

# The audit trail: append-only, and kept after the accounts it names are deleted (no foreign
# keys); read newest first, by actor, by target or by time.
security_events = Table(
    "security_events",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("actor_id", Uuid, nullable=True),
    Column("target_id", Uuid, nullable=True),
    Column("address", String(ADDRESS_MAX), nullable=True),
    Column("user_agent", String(USER_AGENT_MAX), nullable=True),
    Column("request_id", String(128), nullable=True),
    Column("details", JSON, nullable=False),
    Index("ix_security_events_created_at_id", "created_at", "id"),
    Index("ix_security_events_actor_id_created_at", "actor_id", "created_at"),
    Index("ix_security_events_target_id_created_at", "target_id", "created_at"),
)

# Single-use tokens (password reset, address verification), stored as hashes only.
one_time_tokens = Table(
    "one_time_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("purpose", String(32), nullable=False),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("email", String(254), nullable=False),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("issued_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Index("ix_one_time_tokens_user_id_purpose", "user_id", "purpose"),
)

# The transactional outbox: events written with the change that caused them, worked off by
# `folio worker`. `seq` orders them; only pending rows are indexed for the claim.
outbox = Table(
    "outbox",
    metadata,
    Column("seq", AutoId, primary_key=True, autoincrement=True),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("kind", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("leased_until", UTCDateTime, nullable=True),
    Column("attempts", Integer, nullable=False),
    Column("handled_by", JSON, nullable=False),
    Column("last_error", Text, nullable=True),
    Column("completed_at", UTCDateTime, nullable=True),
)
PENDING, DONE, DEAD = "pending", "done", "dead"
Index(
    "ix_outbox_pending_seq",
    outbox.c.seq,
    postgresql_where=outbox.c.status == PENDING,
    sqlite_where=outbox.c.status == PENDING,
)
Index("ix_outbox_status_completed_at", outbox.c.status, outbox.c.completed_at)

# Requests sent with an Idempotency-Key (application/idempotency.py): the key within its
# scope, hashed; the body's hash; the first response once answered.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key_hash", String(64), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("state", String(16), nullable=False),
    Column("held_until", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("status", Integer, nullable=True),
    Column("headers", JSON, nullable=True),
    Column("body", LargeBinary, nullable=True),
    Index("ix_idempotency_keys_expires_at", "expires_at"),
)

# The signing key ring (application/ports/signing_keys.py): public parts as they are published,
# private parts sealed under KEY_ENCRYPTION_KEY; at most one key active, which the database
# holds itself when two processes starting together each make the first one.
signing_keys = Table(
    "signing_keys",
    metadata,
    Column("kid", String(64), primary_key=True),
    Column("algorithm", String(16), nullable=False),
    Column("public_key", Text, nullable=False),
    Column("sealed_private_key", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("activated_at", UTCDateTime, nullable=True),
    Column("deactivated_at", UTCDateTime, nullable=True),
    Column("retired_at", UTCDateTime, nullable=True),
)
ACTIVE_KEY = "active"
Index(
    "uq_signing_keys_one_active",
    signing_keys.c.state,
    unique=True,
    postgresql_where=signing_keys.c.state == ACTIVE_KEY,
    sqlite_where=signing_keys.c.state == ACTIVE_KEY,
)
