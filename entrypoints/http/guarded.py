"""What the routes that take or hand out credentials share: the throttle that counts guesses,
and the headers that keep an answer with tokens in it out of every cache."""

from typing import Annotated

from fastapi import Depends

from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.web.throttling import Throttle

Throttled = Annotated[Throttle, Depends(provided(Container.throttle))]
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
