"""Path convertors: a path segment that cannot be a username does not route to a user.

Without it, DELETE /users/me would reach "delete user {username}" and fail validation (422)
instead of being a method /users/me does not allow (405)."""

from starlette.convertors import Convertor, register_url_convertor

from domain.users import USERNAME_PATTERN


class UsernameConvertor(Convertor[str]):
    regex = USERNAME_PATTERN

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


# Starlette compiles paths when routes are declared, so the convertor must exist before then.
register_url_convertor("username", UsernameConvertor())
