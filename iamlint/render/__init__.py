"""Renderers: pure functions from findings (and the source texts) to output text."""

import re

# JSON allows lone surrogate escapes ("\ud800") and Linux file names may carry undecodable bytes
# (os.fsdecode gives surrogates); neither can be written as UTF-8, so output must not contain them.
SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD (one character: columns stay aligned)."""
    return SURROGATE.sub("\ufffd", text) if SURROGATE.search(text) else text
