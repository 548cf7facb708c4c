"""What screens tell the app (messages up): a card shown, the card browser wanted, the progress database
failing or recovering.

The store's messages go to the app itself, not through the screen: a screen may be closing when it
posts one (an exam handed in makes way for its result). An app that handles none of these (a test's
plain ``App``) ignores them.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, TypeVar, overload

from textual.message import Message
from textual.message_pump import MessagePump

from backhip_learn.store import StoreError

P = ParamSpec("P")
R = TypeVar("R")
N = TypeVar("N", bound=MessagePump)
Awaited = Coroutine[Any, Any, None]  # an async handler


class CardShown(Message):
    """A review screen put a card up."""


class StoreFailed(Message):
    """The progress database failed.

    ``fatal``: the app ends now and the command prints ``error`` and exits 1. Otherwise the app goes on
    (a grade or a result on screen says NOT SAVED) and the command does the same once it closes, unless
    ``StoreRecovered`` follows.
    """

    def __init__(self, error: str, *, fatal: bool = True) -> None:
        super().__init__()
        self.error = error
        self.fatal = fatal


class StoreRecovered(Message):
    """What failed to save was saved on a later try: nothing is left to report."""


class BrowseCards(Message):
    """Open the card browser on a search (``id:ITEM`` for the card on screen)."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query


@overload
def ends_on_store_error(handler: Callable[Concatenate[N, P], Awaited]) -> Callable[Concatenate[N, P], Awaited]: ...
@overload
def ends_on_store_error(handler: Callable[Concatenate[N, P], R]) -> Callable[Concatenate[N, P], R | None]: ...
def ends_on_store_error(handler: Callable[Concatenate[N, P], Any]) -> Callable[Concatenate[N, P], Any]:
    """Wrap a handler, action, callback or worker that reaches the store: a StoreError it lets through ends the app.

    The error is posted up as a fatal ``StoreFailed`` (the command prints its one line and exits 1)
    instead of escaping to Textual, which would print a traceback; the wrapped call returns None.
    """
    if inspect.iscoroutinefunction(handler):
        @functools.wraps(handler)
        async def run_async(node: N, /, *args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                return await handler(node, *args, **kwargs)
            except StoreError as exc:
                node.app.post_message(StoreFailed(str(exc)))
                return None

        return run_async

    @functools.wraps(handler)
    def run(node: N, /, *args: P.args, **kwargs: P.kwargs) -> Any:
        try:
            return handler(node, *args, **kwargs)
        except StoreError as exc:
            node.app.post_message(StoreFailed(str(exc)))
            return None

    return run
