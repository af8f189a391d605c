import hashlib

from application.login_fingerprints import LoginFingerprints


def test_auth08_the_same_login_gives_the_same_fingerprint_under_one_key() -> None:
    fingerprints = LoginFingerprints(b"k" * 32)
    assert fingerprints("Ada@Example.com ") == fingerprints("ada@example.com")
    assert fingerprints("ada@example.com") != fingerprints("grace@example.com")


def test_auth08_without_the_key_a_fingerprint_matches_no_guessed_address() -> None:
    login = "ada@example.com"
    fingerprint = LoginFingerprints(b"k" * 32)(login)
    assert fingerprint != LoginFingerprints(b"j" * 32)(login)
    assert not hashlib.sha256(login.encode()).hexdigest().startswith(fingerprint)
