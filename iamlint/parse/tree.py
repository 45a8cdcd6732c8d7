"""The position tree from the lark grammar: every object, key, string, number and array knows its
offsets. Used where a whole tree is wanted (the language server's node-at-position, and the test
that proves the fast path's index agrees with the grammar)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterator, List, Optional, Tuple

from ..model import Path
from .json_document import lark_parser


@dataclass
class Node:
    kind: str  # object | array | string | number | true | false | null
    start: int
    end: int
    value: Any = None  # scalars only
    children: List[Tuple[Optional["Node"], "Node"]] = field(default_factory=list)  # (key node, value)

    def walk(self, path: Path = ()) -> Iterator[Tuple[Path, Optional["Node"], "Node"]]:
        """(path, key node, value node) for this node and every descendant, iteratively."""
        stack = [(path, None, self)]
        while stack:
            p, key, node = stack.pop()
            yield p, key, node
            for i, (k, child) in enumerate(reversed(node.children)):
                index = len(node.children) - 1 - i
                stack.append((p + ((k.value if k is not None else index),), k, child))


def parse_tree(text: str) -> Node:
    """Parse with the lark grammar; raises lark's UnexpectedInput on a syntax error."""
    tree = lark_parser().parse(text)
    return _convert(tree)


def _convert(root) -> Node:
    from lark import Token, Tree

    # Iterative post-order conversion: deep documents must not exhaust the stack.
    out: dict = {}
    stack = [(root, False)]
    while stack:
        item, done = stack.pop()
        if isinstance(item, Token):
            out[id(item)] = _leaf(item)
            continue
        if not done:
            stack.append((item, True))
            stack.extend((c, False) for c in item.children if c is not None)
            continue
        data = str(item.data)
        if data in ("string", "number", "true", "false", "null"):
            tok = item.children[0] if item.children else None
            if tok is None:  # keyword literals carry no token
                meta = item.meta
                out[id(item)] = Node(data, meta.start_pos, meta.end_pos, {"true": True, "false": False, "null": None}[data])
            else:
                out[id(item)] = _leaf(tok, data)
        elif data == "pair":
            key_tok, value = item.children
            out[id(item)] = (_leaf(key_tok), out[id(value)])
        elif data in ("object", "array"):
            node = Node(data, item.meta.start_pos, item.meta.end_pos)
            for c in item.children:
                if c is None:
                    continue
                if data == "object":
                    node.children.append(out[id(c)])
                else:
                    node.children.append((None, out[id(c)]))
            out[id(item)] = node
    return out[id(root)]


def _leaf(tok, kind: Optional[str] = None) -> Node:
    kind = kind or ("string" if tok.type == "STRING" else "number")
    value = json.loads(tok.value)
    return Node(kind, tok.start_pos, tok.end_pos, value)
