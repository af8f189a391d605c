from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class KeyPair:
    kid: str  # names the key in tokens' headers and in the published set
    algorithm: str  # the JWS `alg`
    public_key: str  # base64url
    private_key: str  # base64url; sealed before it is stored


class KeyPairs(Protocol):
    def generate(self) -> KeyPair: ...
