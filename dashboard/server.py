"""Serving the explorer: the Dash app with access control, security headers and /healthz, on
waitress, a production WSGI server.

Waitress rather than gunicorn: pure Python, so ``vita serve`` runs the same on Windows (where
coordinators' machines often are) and needs no compiler; threads suit the explorer, whose
requests mostly wait on the store or run C code (igraph, orjson) and share one in-memory
graph, which a pool of forked workers would hold once per worker.
"""

from __future__ import annotations

import ipaddress
import logging
import signal
import socket
from dataclasses import dataclass

import dash

from dashboard import import_panel, outage

from dashboard.access import AccessPolicy, install_access
from dashboard.health import install_health
from dashboard.security import MAX_REQUEST_BYTES, install_security
from dashboard.served_store import ServedStore
from graph.errors import InputError
from graph.store import GraphStore

LOG = logging.getLogger("vita.server")
# open connections (browsers keep theirs alive); beyond, new ones wait to be accepted
CONNECTION_LIMIT = 500


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8050
    threads: int = 8
    backend: str = "memory"
    auth: str = "none"
    show_contacts: bool = False
    secret: str | None = None
    secure_cookie: bool = True
    trusted_proxy: str | None = None
    debug: bool = False


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; a name is resolved."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        try:
            return all(ipaddress.ip_address(info[4][0]).is_loopback
                       for info in socket.getaddrinfo(host, None))
        except (OSError, ValueError):
            return False


ACCESS_HELP = ("Set up access control first, one of:\n"
               "  - accounts: `vita users add NAME [--role lecteur|coordinateur]`, then\n"
               "    `VITA_SECRET_KEY=<long random text> vita serve --host HOST --auth accounts`;\n"
               "  - your reverse proxy's HTTP basic auth: `vita serve --host HOST --auth proxy`\n"
               "    (vita must then be reachable only through the proxy).\n"
               "See README.md, « Deploying for a team ».")


def check_options(options: ServeOptions, accounts: dict) -> None:
    """Refuse a configuration that would expose the explorer (``InputError`` says why)."""
    local = is_loopback(options.host)
    if options.debug and not local:
        raise InputError(f"--debug on {options.host} would open Dash's debugger to the network; "
                         "it is allowed on 127.0.0.1 only")
    if not local and options.auth == "none":
        raise InputError(f"{options.host} is not a loopback address: the explorer would be open "
                         f"to anyone who reaches it.\n{ACCESS_HELP}")
    if options.auth == "accounts" and not accounts:
        raise InputError("--auth accounts: the accounts file has no account yet "
                         "(`vita users add NAME --role coordinateur`)")
    if options.auth == "accounts" and not local and not options.secret:
        raise InputError("--auth accounts on a shared address needs $VITA_SECRET_KEY (a long "
                         "random text, e.g. `python3 -c 'import secrets; print(secrets.token_hex(32))'`)"
                         " to sign sessions")


def build_app(store: GraphStore, options: ServeOptions, accounts: dict,
              data_root) -> tuple[dash.Dash, ServedStore]:
    from dashboard.app import create_app
    policy = AccessPolicy(options.auth, accounts)
    served = ServedStore(store, show_contacts=options.show_contacts or not policy.shared)
    # the outage banner and the session line (its import panel shown to coordinators only,
    # by import_panel's session callback) above the explorer's header
    app = create_app(served, top=(outage.store_banner(), import_panel.panel()),
                     on_error=outage.on_callback_error)
    outage.register(app, served)
    import_panel.register(app)
    server = app.server
    server.config.update(VITA_STORE=served, VITA_BACKEND=options.backend, VITA_DATA_ROOT=data_root)
    # access first: a request from nobody known goes no further
    install_access(server, policy, options.secret, options.secure_cookie and policy.shared)
    install_security(app, https=options.secure_cookie and policy.shared)
    install_health(server, served, options.backend)
    return app, served


def run(app: dash.Dash, store: GraphStore, options: ServeOptions) -> None:
    """Serve until SIGTERM or Ctrl-C; requests under way finish, then the store is closed."""
    if options.debug:
        app.run(host=options.host, port=options.port, debug=True)
        return
    from waitress import create_server
    proxy = {"trusted_proxy": options.trusted_proxy, "trusted_proxy_count": 1,
             "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
             "clear_untrusted_proxy_headers": True} if options.trusted_proxy else {}
    server = create_server(app.server, host=options.host, port=options.port,
                           threads=options.threads, max_request_body_size=MAX_REQUEST_BYTES,
                           connection_limit=CONNECTION_LIMIT, ident="vita", **proxy)

    # waitress warns at each queued request; under load a queue is expected, not news
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    def stop(signum, _frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)
    signal.signal(signal.SIGTERM, stop)
    LOG.info("vita explorer on http://%s:%s/ (%d threads)", options.host, options.port,
             options.threads)
    try:
        server.run()
    except KeyboardInterrupt:
        LOG.info("stopping: finishing the requests under way")
    finally:
        server.close()
        server.task_dispatcher.shutdown(cancel_pending=False, timeout=10)
        store.close()
        LOG.info("stopped")
