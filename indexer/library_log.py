"""What the libraries say while a file is read (pypdf's "incorrect startxref pointer", a parser's
warning), caught instead of printed: the build report lists it under the file, and the terminal of
the person running the build shows only the report."""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator

MAX_MESSAGES = 3  # per file: a damaged PDF can repeat one complaint thousands of times


class _Collect(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(level=logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def library_messages() -> Iterator[list[str]]:
    """Collect, while the block runs, every warning logged or raised by a library; the list holds
    each distinct message once (at most MAX_MESSAGES) when the block ends."""
    collected: list[str] = []
    handler = _Collect(collected)
    root = logging.getLogger()
    old_level, old_handlers = root.level, root.handlers[:]
    root.handlers = [handler]  # while reading a file, no library writes to the terminal
    root.setLevel(logging.WARNING)
    messages: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
        for warning in caught:
            if issubclass(warning.category, ResourceWarning):
                _say_again(warning)
            else:
                collected.append(str(warning.message))
    finally:
        root.handlers = old_handlers
        root.setLevel(old_level)
        messages.extend(list(dict.fromkeys(m.strip() for m in collected if m.strip()))[:MAX_MESSAGES])


def _say_again(warning: warnings.WarningMessage) -> None:
    """A ResourceWarning is the interpreter's report on its own objects (a socket left open anywhere in
    the process, collected while this file was read), not a problem of the file: it goes back to the
    warning filters outside the block instead of into the file's report."""
    warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno, source=warning.source)


def caveat(messages: list[str]) -> str | None:
    """The build report's note for a file that was read while its library complained."""
    if not messages:
        return None
    return "read despite problems in the file; the library reading it said: " + "; ".join(messages)
