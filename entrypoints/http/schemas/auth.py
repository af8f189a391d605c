from typing import Annotated, Literal

from pydantic import BaseModel, Field

from application.views import TokenPair
from domain.users import EMAIL_MAX, PASSWORD_MAX
from entrypoints.http.schemas.accounts import Email, Password
from entrypoints.http.schemas.common import WriteModel

# Long enough that a mistaken access token reaches the check and gets a 401, not a 422.
RefreshToken = Annotated[str, Field(min_length=1, max_length=4096)]


class LoginIn(WriteModel):
    login: Annotated[
        str, Field(min_length=1, max_length=EMAIL_MAX, description="E-mail or username.")
    ]
    password: Annotated[str, Field(min_length=1, max_length=PASSWORD_MAX)]


class RefreshIn(WriteModel):
    refresh_token: RefreshToken


class TokenOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type
    expires_in: int = Field(description="Seconds until the access token expires.")

    @classmethod
    def of(cls, pair: TokenPair) -> "TokenOut":
        assert pair.refresh_token is not None, "v1 sessions always carry a refresh token"
        return cls(
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
            expires_in=pair.expires_in,
        )


# A TOTP code (6 digits) or a recovery code ("abcde-23456"), spaces allowed.
SecondFactorCode = Annotated[str, Field(min_length=6, max_length=32)]


class ReauthenticateIn(WriteModel):
    password: Annotated[str, Field(min_length=1, max_length=PASSWORD_MAX)]
    code: SecondFactorCode | None = Field(
        default=None, description="With two-factor on: a current code or a recovery code."
    )


class MfaLoginIn(WriteModel):
    challenge: Annotated[str, Field(min_length=1, max_length=256)]
    code: SecondFactorCode


class TotpConfirmIn(WriteModel):
    code: Annotated[str, Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$")]


class TwoFactorOffIn(WriteModel):
    password: Annotated[str, Field(min_length=1, max_length=PASSWORD_MAX)]
    code: SecondFactorCode


class TotpEnrolmentOut(BaseModel):
    secret: str = Field(description="Base32, to type into an authenticator by hand.")
    otpauth_uri: str
    qr_svg: str = Field(description="The otpauth URI as a QR code, an SVG document.")


class TwoFactorStatusOut(BaseModel):
    on: bool
    recovery_codes_left: int = Field(description="Unused recovery codes; at 0, turn it off and on.")


class RecoveryCodesOut(BaseModel):
    recovery_codes: list[str] = Field(
        description="Each works once instead of a code; shown this once only."
    )


class AccessTokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type
    expires_in: int = Field(description="Seconds until the access token expires.")

    @classmethod
    def of(cls, pair: TokenPair) -> "AccessTokenOut":
        return cls(access_token=pair.access_token, expires_in=pair.expires_in)


# A mailed token: 43 characters of URL-safe base64; generous, but bounded.
MailedToken = Annotated[str, Field(min_length=1, max_length=256)]


class PasswordResetIn(WriteModel):
    email: Email


class PasswordResetConfirmIn(WriteModel):
    token: MailedToken
    new_password: Password


class VerifyEmailIn(WriteModel):
    token: MailedToken
