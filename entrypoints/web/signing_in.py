"""Where a sign-in comes from, as a session records it."""

from starlette.requests import Request

from application.sessions import Client


def client_of(request: Request) -> Client:
    """The client address (the proxy's forwarded one where uvicorn trusts the proxy) and the
    User-Agent."""
    address = request.client.host if request.client else None
    return Client(address=address, user_agent=request.headers.get("user-agent"))
