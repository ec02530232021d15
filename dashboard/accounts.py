"""Accounts of a team deployment: a file of salted password hashes, roles, and the lock-out
of repeated failed logins.

The file (``$VITA_USERS_FILE``, default ``<user data folder>/users.json``) holds, per user, a
name, a role and a werkzeug password hash (scrypt with a random salt): never a password.
It is written atomically and readable by its owner only.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from graph.errors import InputError
from loaders.imports.persistence import user_data_dir

ROLES = {"lecteur": "explore et exporte", "coordinateur": "explore, exporte et importe"}
NAME_PATTERN = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
MIN_PASSWORD_LENGTH = 10

@functools.cache
def _dummy_hash() -> str:
    # checked against when the name is unknown: an unknown name costs the same time as a wrong
    # password, so timing does not tell which names exist
    return generate_password_hash("vita-no-such-user")


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str

    @property
    def can_import(self) -> bool:
        return self.role == "coordinateur"


def users_file() -> Path:
    return Path(os.environ.get("VITA_USERS_FILE") or user_data_dir() / "users.json")


def read_accounts(path: Path | None = None) -> dict[str, Account]:
    """The accounts of ``path`` (none when the file does not exist); ``InputError`` naming
    the file, the record and the field when it is malformed."""
    path = path or users_file()
    if not path.exists():
        return {}
    try:
        records = json.loads(path.read_text(encoding="utf-8"))["users"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}:-:users: not a vita users file ({exc})") from exc
    accounts = {}
    for number, record in enumerate(records, 1):
        for field in ("name", "role", "password_hash"):
            if not isinstance(record, dict) or not isinstance(record.get(field), str):
                raise InputError(f"{path}:{number}:{field}: missing or not text")
        if record["role"] not in ROLES:
            raise InputError(f"{path}:{number}:role: {record['role']!r} is not one of "
                             f"{', '.join(ROLES)}")
        accounts[record["name"]] = Account(record["name"], record["role"], record["password_hash"])
    return accounts


def write_accounts(accounts: dict[str, Account], path: Path | None = None) -> Path:
    path = path or users_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"users": [a.__dict__ for a in sorted(accounts.values(),
                                                            key=lambda a: a.name)]},
                      ensure_ascii=False, indent=2)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                     prefix=".users-", suffix=".tmp") as tmp:
        os.chmod(tmp.name, 0o600)
        tmp.write(text)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, path)
    return path


def new_account(name: str, role: str, password: str) -> Account:
    if not NAME_PATTERN.match(name):
        raise InputError(f"user name {name!r}: use 1 to 64 letters, digits, '.', '_', '@' or '-'")
    if role not in ROLES:
        raise InputError(f"role {role!r}: one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"password: at least {MIN_PASSWORD_LENGTH} characters")
    return Account(name, role, generate_password_hash(password))


def authenticate(accounts: dict[str, Account], name: str, password: str) -> Account | None:
    account = accounts.get(name)
    if account is None:
        check_password_hash(_dummy_hash(), password)
        return None
    return account if check_password_hash(account.password_hash, password) else None


class LoginThrottle:
    """Failed logins per key (a user name, a client address): after ``limit`` failures within
    ``window`` seconds the key is locked for ``lockout`` seconds. Thread-safe, in memory (a
    restart forgets; good enough against guessing, which needs thousands of tries)."""

    def __init__(self, limit: int = 5, window: float = 900, lockout: float = 900,
                 clock=time.monotonic):
        self.limit, self.window, self.lockout, self.clock = limit, window, lockout, clock
        self._failures: dict[str, list[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def locked(self, *keys: str) -> float:
        """Seconds until every key is free again (0 when none is locked)."""
        now = self.clock()
        with self._lock:
            return max([0.0, *(self._locked_until.get(k, 0) - now for k in keys)])

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                recent = [t for t in self._failures.get(key, []) if now - t < self.window]
                recent.append(now)
                self._failures[key] = recent
                if len(recent) >= self.limit:
                    self._locked_until[key] = now + self.lockout
                    self._failures[key] = []

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
