"""Configuration from environment variables and `.env`, one group of settings per concern."""

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

from entrypoints.composition.account_settings import AccountSettings
from entrypoints.composition.serving_settings import ServingSettings
from entrypoints.composition.storage_settings import StorageSettings
from entrypoints.composition.work_settings import WorkSettings

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


class Settings(ServingSettings, StorageSettings, AccountSettings, WorkSettings, BaseSettings):
    # An empty variable counts as unset: compose passes `${SMTP_URL:-}` as "" when not given.
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", env_ignore_empty=True, use_attribute_docstrings=True
    )

    app_env: Literal["development", "test", "production"] = "development"
    """`production` refuses to start without `JWT_SECRET` and `ALLOWED_HOSTS`, hides the API docs
    and keeps no mail to read; `development` generates a signing secret and keeps sent mail
    (`folio mail list`); `test` is for the test suite.
    """
    data_dir: Path = Path("data")
    """Where the embedded database, a generated development secret and development mail (`mail/`)
    live.
    """

    @property
    def serves_docs(self) -> bool:
        if self.docs_enabled is not None:
            return self.docs_enabled
        return self.app_env != "production"

    @property
    def trusted_hosts(self) -> list[str]:
        if self.allowed_hosts or self.app_env == "production":
            return self.allowed_hosts
        return list(LOCAL_HOSTS)

    @property
    def effective_log_format(self) -> Literal["json", "text"]:
        if self.log_format is not None:
            return self.log_format
        return "text" if self.app_env == "development" else "json"

    @property
    def development_mail_folder(self) -> Path | None:
        """Where development keeps the mail it sent, to be read (`folio mail list`, GET
        /api/v1/dev/mail); None with SMTP_URL or outside development."""
        if self.app_env != "development" or self.smtp_url is not None:
            return None
        return self.data_dir / "mail"

    @property
    def runs_embedded_worker(self) -> bool:
        if self.worker_embedded is not None:
            return self.worker_embedded
        return self.storage_backend == "memory" or self.is_embedded_sqlite
