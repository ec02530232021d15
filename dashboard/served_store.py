"""The store the explorer serves: the real store behind a thin proxy that

- hides the personal data of a shared deployment: the people named in a contact block and the
  phone numbers and e-mails printed with them (kept: the address and the web site) — shown on
  localhost, and on a shared deployment only when the operator passes ``--show-contacts``;
- can be swapped for a new store when a coordinator's import is confirmed, so the running
  explorer shows it without a restart.

Every other call goes to the real store unchanged (``__getattr__``), so the proxy follows
the ``GraphStore`` contract as it grows.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from graph.store import ActorDetail, GraphStore

PUBLIC_CONTACT_FIELDS = ("address", "website")   # an organisation's, not a person's


def public_contact(contact: dict | None) -> dict | None:
    """The part of a contact block that names no person (pure)."""
    kept = {k: contact[k] for k in PUBLIC_CONTACT_FIELDS if contact and contact.get(k)}
    return kept or None


def without_personal_data(detail: ActorDetail | None) -> ActorDetail | None:
    if detail is None or not detail.contact:
        return detail
    return replace(detail, contact=public_contact(detail.contact))


class ServedStore:
    def __init__(self, store: GraphStore, show_contacts: bool):
        self._store = store
        self.show_contacts = show_contacts
        self._swap = threading.Lock()

    @property
    def inner(self) -> GraphStore:
        return self._store

    def replace_store(self, store: GraphStore) -> None:
        """Serve ``store`` from now on (requests already running finish on the old one)."""
        with self._swap:
            self._store = store

    def actor(self, actor_id: str) -> ActorDetail | None:
        detail = self._store.actor(actor_id)
        return detail if self.show_contacts else without_personal_data(detail)

    def actor_details(self, actor_ids: list[str]) -> dict[str, ActorDetail]:
        details = self._store.actor_details(actor_ids)
        if self.show_contacts:
            return details
        return {k: without_personal_data(d) for k, d in details.items()}

    def __getattr__(self, name: str):
        return getattr(self._store, name)
