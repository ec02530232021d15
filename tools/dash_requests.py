"""Callback requests as the explorer's page sends them, built from a running app's own
``/_dash-layout`` and ``/_dash-dependencies`` (so they follow the layout as it changes): the
load benchmark replays them and the server tests tamper with them.

    client = DashClient("http://127.0.0.1:8050")
    status, answer = client.trigger("territory", "value", "dep:26")
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit


def layout_props(node, found: dict | None = None) -> dict[str, dict]:
    """Every component's props in a ``/_dash-layout`` tree, by id."""
    found = {} if found is None else found
    if isinstance(node, list):
        for child in node:
            layout_props(child, found)
    elif isinstance(node, dict):
        props = node.get("props", {})
        if isinstance(props.get("id"), str):
            found[props["id"]] = props
        for value in props.values():
            if isinstance(value, (dict, list)):
                layout_props(value, found)
    return found


def outputs_of(output: str) -> list[dict]:
    names = output[2:-2].split("...") if output.startswith("..") else [output]
    pairs = [name.split("@")[0].rsplit(".", 1) for name in names]
    return [{"id": i, "property": p} for i, p in pairs]


class DashClient:
    """One keep-alive connection to a running explorer (one per thread)."""

    def __init__(self, base: str, cookie: str | None = None, timeout: float = 60,
                 headers: dict | None = None):
        parts = urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        self.headers = {"Content-Type": "application/json", **({"Cookie": cookie} if cookie else {}),
                        **(headers or {})}
        self.dependencies = self.get_json("/_dash-dependencies")
        self.props = layout_props(self.get_json("/_dash-layout"))

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        self.connection.request(method, path, body, {**self.headers, **(headers or {})})
        response = self.connection.getresponse()
        return response.status, response.read()

    def get_json(self, path: str):
        status, data = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}")
        return json.loads(data)

    def body(self, trigger: str, prop: str, value, values: dict | None = None) -> dict:
        """The request of the callback ``trigger.prop`` fires, every other input and state
        taken from ``values`` ({(id, prop): value}) or else from the layout."""
        values = {**(values or {}), (trigger, prop): value}
        dep = next(d for d in self.dependencies if not d.get("clientside_function")
                   and {"id": trigger, "property": prop} in d["inputs"])

        def entry(item):
            if item["id"].startswith("{"):     # a pattern-matching input: none on the page
                return []
            key = (item["id"], item["property"])
            found = values[key] if key in values else \
                self.props.get(item["id"], {}).get(item["property"])
            return {**item, "value": found}
        outputs = outputs_of(dep["output"])
        return {"output": dep["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
                "inputs": [entry(i) for i in dep["inputs"]],
                "state": [entry(s) for s in dep.get("state", [])],
                "changedPropIds": [f"{trigger}.{prop}"]}

    def post(self, body) -> tuple[int, dict | str]:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        status, answer = self.request("POST", "/_dash-update-component", data)
        try:
            return status, json.loads(answer)
        except ValueError:
            return status, answer.decode("utf-8", "replace")

    def trigger(self, trigger: str, prop: str, value, values: dict | None = None):
        return self.post(self.body(trigger, prop, value, values))

    def close(self) -> None:
        self.connection.close()
