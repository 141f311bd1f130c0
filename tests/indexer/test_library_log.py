"""What libraries say while a file is read belongs to that file; what the interpreter says about its
own objects does not (CI: a socket another test left open was garbage-collected while an image was
read, and the build report blamed the image)."""

from __future__ import annotations

import gc
import logging
import socket
import warnings

from indexer.library_log import caveat, library_messages


def test_a_library_warning_and_log_line_are_collected_once_each() -> None:
    with library_messages() as messages:
        warnings.warn("incorrect startxref pointer", UserWarning, stacklevel=1)
        warnings.warn("incorrect startxref pointer", UserWarning, stacklevel=1)
        logging.getLogger("pypdf").warning("Ignoring wrong pointing object")
    assert sorted(messages) == ["Ignoring wrong pointing object", "incorrect startxref pointer"]
    assert caveat(messages) is not None and "startxref" in caveat(messages)


def test_the_interpreters_resource_warnings_are_not_the_files_problem() -> None:
    leaked = socket.socket()
    with warnings.catch_warnings(record=True) as outside:
        warnings.simplefilter("always")
        with library_messages() as messages:
            del leaked  # collected while the file is read: Python warns "unclosed <socket.socket …>"
            gc.collect()
    assert messages == [] and caveat(messages) is None
    assert [w.category for w in outside] == [ResourceWarning]  # still said, to whoever listens outside
