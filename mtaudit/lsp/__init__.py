"""``mtaudit lsp``: findings in the editor, over the Language Server Protocol (needs pygls:
``pip install 'mtaudit[lsp]'``).  See "Editors" in the README for client set-up."""
from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from mtaudit.lsp.server import Options


def serve(options: "Options", tcp: Optional[int] = None, host: str = "127.0.0.1", verbose: bool = False) -> None:
    """Run the server on standard input/output, or on ``host``:``tcp``, until the client exits."""
    from mtaudit.lsp.server import build

    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG if verbose else logging.WARNING,
                        format="mtaudit lsp: %(levelname)s: %(message)s")
    if not verbose:
        logging.getLogger("pygls").setLevel(logging.ERROR)
    server = build(options)
    if tcp is not None:
        server.start_tcp(host, tcp)
    else:
        # Standard output carries the protocol: anything else printed there (a library's
        # message, even from C) would corrupt it, so file descriptor 1 becomes standard error.
        protocol_out = os.fdopen(os.dup(1), "wb")
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        server.start_io(sys.stdin.buffer, protocol_out)
    # The client has gone (exit, or end of input): stop now, without waiting for an audit or
    # the model's loading on the worker threads; exit code 1 when it did not shut us down first.
    sys.stderr.flush()
    os._exit(0 if server.shut_down else 1)
