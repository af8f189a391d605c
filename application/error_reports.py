"""What a log line may say about an exception: the types along its chain and where it was
raised, never its message. Messages quote whatever the failing code held: a driver's error
can carry a SQL parameter, an e-mail address or a token."""

import traceback

CHAIN_MAX, FRAMES_MAX = 4, 6


def described(error: BaseException) -> dict[str, str]:
    chain: list[str] = []
    innermost = error
    current: BaseException | None = error
    while current is not None and len(chain) < CHAIN_MAX:
        chain.append(type(current).__qualname__)
        innermost = current
        current = current.__cause__ or current.__context__
    frames = traceback.extract_tb(innermost.__traceback__)[-FRAMES_MAX:]
    return {
        "error_type": " <- ".join(chain),
        "where": " > ".join(f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} {f.name}" for f in frames),
    }
