"""Password hashing (argon2id) and the strength rule for new passwords.

An argon2 hash costs about 200 ms of CPU, so it runs in threads of its own (argon2-cffi releases
the GIL), one core fewer than the process may use, and callers do it outside any database
transaction: a burst of logins queues for those threads while the event loop keeps a core and
no pooled connection waits on a hash. The cost profile is a setting
(`PASSWORD_HASH_PROFILE`); the test suite picks argon2's cheapest one.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from app.core.settings import PASSWORD_HASH_PROFILES

MIN_LENGTH = 10
MAX_LENGTH = 256

PROFILES: dict[str, Parameters] = {name: getattr(profiles, name) for name in PASSWORD_HASH_PROFILES}

_profile = PASSWORD_HASH_PROFILES[0]
_cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
_threads = ThreadPoolExecutor(max(1, _cores - 1), thread_name_prefix="argon2")


def use_password_profile(name: str) -> None:
    """Hash new passwords with the named argon2 profile (old hashes verify under their own)."""
    global _profile
    if name not in PROFILES:
        raise ValueError(f"unknown password hash profile {name!r}")
    _profile = name


@cache
def _hasher(name: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(PROFILES[name])


@cache
def _dummy_hash(name: str) -> str:
    """Verified against when the email is unknown, so a wrong email costs as a wrong password."""
    return _hasher(name).hash("pointsmall-no-such-user")


async def hash_password(password: str) -> str:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_threads, _hasher(_profile).hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_threads, _verify, _profile, password_hash, password)


def _verify(profile: str, password_hash: str | None, password: str) -> bool:
    try:
        matches = _hasher(profile).verify(password_hash or _dummy_hash(profile), password)
    except (VerificationError, InvalidHashError):
        return False
    return matches and password_hash is not None


def password_weakness(password: str, email: str) -> str | None:
    """Why `password` is too weak, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Password must be at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Password must be at most {MAX_LENGTH} characters."
    classes = [
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    ]
    if sum(classes) < 3:
        return "Password needs three of: lower case, upper case, digits, symbols."
    local_part = email.split("@", 1)[0].lower()
    if len(local_part) >= 4 and local_part in password.lower():
        return "Password must not contain the email address."
    return None
