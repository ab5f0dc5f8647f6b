"""What a reader of a page may see of a message: no local paths, URLs or commands.

Error messages are written for the adviser at the console: they name the cache file,
the drop-in folder, the URL that failed and the command that fixes it. Pages are read by
others, so :func:`for_reader` shortens an absolute path to its last part, drops URLs and
drops every sentence that tells the adviser to run a command. The full message stays in
the console and the logs.
"""

from __future__ import annotations

import re

__all__ = ["for_reader"]

_URL = re.compile(r"\b(?:https?|ftp|file)://[^\s'\"<>)]+")
#: An absolute path (POSIX, home-relative or Windows) at the start of a word; group 1 is
#: its last part.
_PATH = re.compile(r"(?<![^\s'\"(=])(?:~|[A-Za-z]:)?(?:[/\\][^\s/\\'\"<>,;()]+)*[/\\]([^\s/\\'\"<>,;()]+)")
_COMMAND = re.compile(r"`regiobeeld[^`]*`|\bregiobeeld (?:prefetch|render|snapshot|eigen-data|nieuw)\b"
                      r"|REGIOBEELD_\w+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def for_reader(message: str) -> str:
    """``message`` without URLs, commands and folders (a file keeps its name)."""
    sentences = [s for s in _SENTENCE.split(str(message)) if not _COMMAND.search(s)]
    text = " ".join(sentences)
    text = _URL.sub("de bron", text)
    text = _PATH.sub(lambda m: m.group(1), text)
    return re.sub(r"\s{2,}", " ", text).strip()
