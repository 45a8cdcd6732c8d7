"""Terraform configurations (`.tf`): the IAM policies they hold, each placed on its HCL tokens.

The file is parsed with the lark grammar `iamlint/parse/hcl.lark` (LALR) fed by the hand-written
lexer below (quoted templates nest `${ "..." }` and a heredoc ends at a line only known at run
time, which a regular lexer cannot do). Policies come from:

* `data "aws_iam_policy_document"` blocks: statement / principals / not_principals / condition
  blocks (each also as a `dynamic` block, whose `content` stands for the blocks it generates) are
  rendered to the policy JSON shape Terraform produces (Version 2012-10-17 and Effect
  Allow by default), every value keeping the range of its HCL token;
* the policy attributes of the resources in RESOURCES (`policy`, `assume_role_policy` (a trust
  policy), `inline_policy { policy }`, `content` of aws_organizations_policy (SCP or RCP by its
  `type`)), written as `jsonencode({...})` (converted like the data source), or as a heredoc or
  quoted JSON string (parsed with iamlint's JSON parser, its positions mapped back through the
  HCL escapes into the file).

A data source used by a resource attribute (`data.aws_iam_policy_document.x.json`) takes that
attribute's policy type (a trust policy in assume_role_policy, an S3 bucket policy, ...).

Interpolations (`${...}`, `%{...}`), references and function calls are placeholders
(iamlint.carriers.Placeholder) with a plausible text for their position; the literal text around
an interpolation is checked. A computed object or list (`Statement = concat(...)`,
`Condition = var.c`) and a computed key (`test = var.t`, `(var.op) = ...`) are placeholders too.
A JSON heredoc or string whose template directives (`%{ for }`, `%{ if }`) stand between JSON
tokens is not linted (its structure is only known once rendered); a policy attribute that is not
JSON text (`policy = 42`, an object without jsonencode) is handed to the engine as such, for
wrong-type. HCL that does not parse is one finding (IAM001 syntax-error) at the offending token. `# iamlint: ignore[CODE] reason` and `// iamlint: ignore[...]` comments are
returned as CarrierSuppressions (kind "comment"), never taken from inside strings.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from typing import Any, Dict, List, Optional, Tuple

from ..model import Path, PolicyType
from ..parse.json_document import JsonDocument, Slot, SyntaxProblem, string_span
from ..parse.source import LineIndex
from . import (POLICY_VARIABLE, CarrierSuppression, EmbeddedDocument, EmbeddedPolicy, Loc, Placeholder, UnescapedVariable,
               not_a_policy)
from .edits import EditContext

EXTENSIONS = (".tf",)
MAX_DEPTH = 64

# resource type -> {attribute: (policy type, resource type)}; "inline_policy" is a block.
_ID = (PolicyType.IDENTITY, None)
RESOURCES: Dict[str, Dict[str, Tuple[Optional[PolicyType], Optional[str]]]] = {
    "aws_iam_policy": {"policy": _ID},
    "aws_iam_role": {"assume_role_policy": (PolicyType.TRUST, None), "inline_policy.policy": _ID},
    "aws_iam_role_policy": {"policy": _ID},
    "aws_iam_user_policy": {"policy": _ID},
    "aws_iam_group_policy": {"policy": _ID},
    "aws_s3_bucket_policy": {"policy": (PolicyType.RESOURCE, "AWS::S3::Bucket")},
    "aws_s3_bucket": {"policy": (PolicyType.RESOURCE, "AWS::S3::Bucket")},
    "aws_s3control_access_point_policy": {"policy": (PolicyType.RESOURCE, "AWS::S3::AccessPoint")},
    "aws_sqs_queue_policy": {"policy": (PolicyType.RESOURCE, "AWS::SQS::Queue")},
    "aws_sqs_queue": {"policy": (PolicyType.RESOURCE, "AWS::SQS::Queue")},
    "aws_sns_topic_policy": {"policy": (PolicyType.RESOURCE, "AWS::SNS::Topic")},
    "aws_sns_topic": {"policy": (PolicyType.RESOURCE, "AWS::SNS::Topic")},
    "aws_kms_key": {"policy": (PolicyType.RESOURCE, "AWS::KMS::Key")},
    "aws_ecr_repository_policy": {"policy": (PolicyType.RESOURCE, "AWS::ECR::Repository")},
    "aws_ecrpublic_repository_policy": {"policy": (PolicyType.RESOURCE, "AWS::ECR::PublicRepository")},
    "aws_secretsmanager_secret_policy": {"policy": (PolicyType.RESOURCE, "AWS::SecretsManager::Secret")},
    "aws_organizations_policy": {"content": (PolicyType.SCP, None)},
}
_ORG_TYPES = {"SERVICE_CONTROL_POLICY": PolicyType.SCP, "RESOURCE_CONTROL_POLICY": PolicyType.RCP}


# -- lexing ------------------------------------------------------------------------------------


class HclError(Exception):
    def __init__(self, start: int, end: int, message: str):
        super().__init__(message)
        self.start, self.end, self.message = start, end, message


class _Tok:
    """What lark's LALR parser needs of a token (a lark Token is built from it)."""


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(?:::[A-Za-z_][A-Za-z0-9_-]*)*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_SPACE = re.compile(r"[ \t\r\n\f\ufeff]+")
_HEREDOC = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n")
_OPS = (
    ("=>", "ARROW"), ("==", "EQOP"), ("!=", "EQOP"), ("<=", "CMPOP"), (">=", "CMPOP"),
    ("&&", "ANDAND"), ("||", "OROR"), ("...", "ELLIPSIS"),
)
_SINGLE = {
    "=": "EQUAL", "{": "LBRACE", "}": "RBRACE", "?": "QMARK", ":": "COLON", ".": "DOT",
    "[": "LSQB", "]": "RSQB", ",": "COMMA", "(": "LPAR", ")": "RPAR", "<": "CMPOP", ">": "CMPOP",
    "+": "PLUS", "-": "MINUS", "/": "MULOP", "%": "MULOP", "!": "BANG",
}


def _scan_template(text: str, i: int, close: str) -> int:
    """Offset just past the quoted template starting at text[i] == '"' (nested interpolations
    may hold strings of their own)."""
    n = len(text)
    j = i + 1
    while j < n:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == '"':
            return j + 1
        if c == "\n":
            raise HclError(i, j, "unterminated string (a quoted string cannot span lines; use a heredoc)")
        if c in "$%":
            if text.startswith(c + "{", j + 1):  # $${ and %%{ are literal
                j += 3
                continue
            if text.startswith("{", j + 1):
                j = _scan_braces(text, j + 1)
                continue
        j += 1
    raise HclError(i, n, "unterminated string")


def _scan_braces(text: str, j: int) -> int:
    """text[j] == '{': offset just past its matching '}' (strings inside are skipped)."""
    depth = 0
    n = len(text)
    start = j
    while j < n:
        c = text[j]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return j + 1
        elif c == '"':
            j = _scan_template(text, j, '"')
            continue
        j += 1
    raise HclError(start - 1, n, "unterminated interpolation (no closing '}')")


class Lexed:
    __slots__ = ("tokens", "comments")

    def __init__(self):
        self.tokens: List[Tuple[str, str, int, int]] = []  # (type, value, start, end)
        self.comments: List[Tuple[int, int]] = []


def lex(text: str, start: int = 0, end: Optional[int] = None) -> Lexed:
    out = Lexed()
    toks = out.tokens
    n = len(text) if end is None else end
    i = start
    prev = None
    while i < n:
        c = text[i]
        if c in " \t\r\n\f\ufeff":
            i = _SPACE.match(text, i).end()
            continue
        if c == "#" or text.startswith("//", i):
            j = text.find("\n", i, n)
            j = n if j < 0 else j
            out.comments.append((i, j))
            i = j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2, n)
            if j < 0:
                raise HclError(i, n, "unterminated /* comment")
            out.comments.append((i, j + 2))
            i = j + 2
            continue
        if c == '"':
            j = _scan_template(text, i, '"')
            if j > n:
                raise HclError(i, n, "unterminated string")
            toks.append(("STRING", text[i:j], i, j))
            prev = "STRING"
            i = j
            continue
        if c == "<" and text.startswith("<<", i):
            m = _HEREDOC.match(text, i)
            if m is not None:
                marker = m.group(2)
                closing = re.compile(r"^[ \t]*" + re.escape(marker) + r"[ \t]*\r?$", re.M)
                cm = closing.search(text, m.end(), n)
                if cm is None:
                    raise HclError(i, m.end() - 1, f"heredoc <<{m.group(1)}{marker} has no closing {marker} line")
                toks.append(("HEREDOC", text[i : cm.end()], i, cm.end()))
                prev = "HEREDOC"
                i = cm.end()
                continue
        m = _IDENT.match(text, i)
        if m is not None:
            word = m.group()
            kind = "FOR" if word == "for" and prev in ("LSQB", "LBRACE") else "IDENT"
            toks.append((kind, word, i, m.end()))
            prev = kind
            i = m.end()
            continue
        m = _NUMBER.match(text, i)
        if m is not None:
            toks.append(("NUMBER", m.group(), i, m.end()))
            prev = "NUMBER"
            i = m.end()
            continue
        for op, kind in _OPS:
            if text.startswith(op, i):
                toks.append((kind, op, i, i + len(op)))
                prev = kind
                i += len(op)
                break
        else:
            if c == "*":
                kind = "STAR" if prev in ("DOT", "LSQB") else "MULOP"
            else:
                kind = _SINGLE.get(c)
                if kind is None:
                    raise HclError(i, i + 1, f"unexpected character {c!r}")
            toks.append((kind, c, i, i + 1))
            prev = kind
            i += 1
    return out


# -- parsing -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _parser():
    from importlib.resources import files

    from lark import Lark
    from lark.lexer import Lexer, Token

    class _Lexer(Lexer):
        def __init__(self, lexer_conf):
            pass

        def lex(self, data):
            data = getattr(data, "text", data)  # lark >= 1.2 wraps the input in a TextSlice
            for kind, value, start, end in data:
                tok = Token(kind, value, start, 0, 0, end_pos=end)
                yield tok

    grammar = files("iamlint.parse").joinpath("hcl.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer=_Lexer, propagate_positions=True, start=["start", "expr"])


class _Tokens(list):
    """The lexed tokens, passed to lark as its 'text' (the custom lexer reads them back)."""


_NAMES = {
    "IDENT": "a name", "STRING": "a string", "NUMBER": "a number", "HEREDOC": "a heredoc",
    "EQUAL": "'='", "LBRACE": "'{'", "RBRACE": "'}'", "LSQB": "'['", "RSQB": "']'",
    "LPAR": "'('", "RPAR": "')'", "COMMA": "','", "COLON": "':'", "$END": "the end of the file",
}


def parse_hcl(text: str, start: int = 0, end: Optional[int] = None, rule: str = "start"):
    """(lark tree, comments); raises HclError with file offsets."""
    from lark.exceptions import UnexpectedInput, UnexpectedToken

    lexed = lex(text, start, end)
    try:
        tree = _parser().parse(_Tokens(lexed.tokens), start=rule)
    except UnexpectedToken as e:
        tok = e.token
        if tok.type == "$END":
            pos = end if end is not None else len(text)
            while pos > start and text[pos - 1] in " \t\r\n":
                pos -= 1
            what = "the interpolation (incomplete expression)" if rule == "expr" else "the file (a block or bracket is not closed)"
            raise HclError(pos, pos, f"unexpected end of {what}") from None
        expected = sorted({_NAMES.get(x, x) for x in e.expected if x.isupper() or x.startswith("$")})
        hint = f", expected {' or '.join(expected)}" if 0 < len(expected) <= 4 else ""
        raise HclError(tok.start_pos, tok.end_pos, f"unexpected {tok.value!r}{hint}") from None
    except UnexpectedInput as e:  # pragma: no cover - other lark variants
        pos = getattr(e, "pos_in_stream", start) or start
        raise HclError(pos, pos + 1, "invalid Terraform syntax") from None
    except RecursionError:
        raise HclError(start, start + 1, "nesting too deep") from None
    if rule == "start":
        _check_strings(text, lexed.tokens)
    return tree, lexed.comments


def _check_strings(text: str, tokens) -> None:
    """Escapes and interpolations of every string are checked, policy or not (what Terraform
    would reject is reported even outside policies)."""
    for kind, value, start, end in tokens:
        if kind == "STRING" and ("\\" in value or "{" in value):
            errors: List[HclError] = []
            decode_template(text, start + 1, end - 1, True, errors)
            if errors:
                raise errors[0]
        elif kind == "HEREDOC" and "{" in value:
            errors = []
            template_of(text, Expr("heredoc", start, end, raw=value), errors)
            if errors:
                raise errors[0]


# -- the tree as plain nodes -------------------------------------------------------------------


class Expr:
    """An HCL expression: kind in str (template), heredoc, number, bool, null, tuple, object,
    call, other (references, operators, conditionals, for expressions...)."""

    __slots__ = ("kind", "start", "end", "items", "name", "raw")

    def __init__(self, kind, start, end, items=None, name=None, raw=None):
        self.kind, self.start, self.end = kind, start, end
        self.items = items  # tuple: [Expr]; object: [(key Expr, value Expr)]; call: [args]
        self.name = name  # call: function name; variable: the name
        self.raw = raw  # str/heredoc: the token text


class Attr:
    __slots__ = ("name", "name_start", "name_end", "expr")

    def __init__(self, name, name_start, name_end, expr):
        self.name, self.name_start, self.name_end, self.expr = name, name_start, name_end, expr


class Block:
    __slots__ = ("type", "labels", "start", "end", "type_end", "attrs", "blocks")

    def __init__(self, type_, labels, start, end, type_end):
        self.type, self.labels, self.start, self.end, self.type_end = type_, labels, start, end, type_end
        self.attrs: Dict[str, Attr] = {}
        self.blocks: List["Block"] = []

    def children(self, type_: str) -> List["Block"]:
        return [b for b in self.blocks if b.type == type_]


def _label_text(tok) -> str:
    v = str(tok)
    return v[1:-1] if tok.type == "STRING" else v


def to_body(tree, start: int, end: int) -> Block:
    """lark tree of `start` -> a root Block (iteratively deep enough for any real file)."""
    root = Block("", [], start, end, start)
    _fill(root, tree, 0)
    return root


def _fill(block: Block, body, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise HclError(block.start, block.start + 1, "blocks nest too deep")
    for child in body.children:
        data = child.data
        if data == "attribute":
            name_tok, expr = child.children
            block.attrs[str(name_tok)] = Attr(str(name_tok), name_tok.start_pos, name_tok.end_pos, _expr(expr))
        elif data == "block":
            type_tok = child.children[0]
            labels = [_label_text(t) for t in child.children[1:-1]]
            b = Block(str(type_tok), labels, child.meta.start_pos, child.meta.end_pos, type_tok.end_pos)
            _fill(b, child.children[-1], depth + 1)
            block.blocks.append(b)


def _expr(node, depth: int = 0) -> Expr:
    from lark import Token

    if depth > MAX_DEPTH:
        raise HclError(_start(node), _start(node) + 1, "expression nests too deep")
    if isinstance(node, Token):
        return _token_expr(node)
    data = node.data
    start, end = node.meta.start_pos, node.meta.end_pos
    if data in ("number", "string", "heredoc", "variable"):
        return _token_expr(node.children[0])
    if data == "tuple":
        return Expr("tuple", start, end, [_expr(c, depth + 1) for c in node.children if c is not None])
    if data == "object":
        items = []
        for item in node.children:
            parts = [c for c in item.children if c is not None and getattr(c, "type", None) not in ("COMMA", "EQUAL", "COLON")]
            k, v = parts[0], parts[-1]
            items.append((_expr(k, depth + 1), _expr(v, depth + 1)))
        return Expr("object", start, end, items)
    if data == "call":
        name = str(node.children[0])
        args = node.children[1]
        exprs = [_expr(c, depth + 1) for c in args.children if c is not None and not _is_ellipsis(c)] if args is not None else []
        return Expr("call", start, end, exprs, name=name)
    return Expr("other", start, end)


def _is_ellipsis(c) -> bool:
    return getattr(c, "type", None) == "ELLIPSIS"


def _start(node) -> int:
    return getattr(node, "start_pos", None) or getattr(getattr(node, "meta", None), "start_pos", 0) or 0


def _token_expr(tok) -> Expr:
    t, v, s, e = tok.type, str(tok), tok.start_pos, tok.end_pos
    if t == "NUMBER":
        return Expr("number", s, e, raw=v)
    if t == "STRING":
        return Expr("str", s, e, raw=v)
    if t == "HEREDOC":
        return Expr("heredoc", s, e, raw=v)
    if t == "IDENT":
        if v in ("true", "false"):
            return Expr("bool", s, e, raw=v)
        if v == "null":
            return Expr("null", s, e, raw=v)
        return Expr("other", s, e, name=v)
    return Expr("other", s, e)


# -- templates: decoded text, where each character came from, interpolations -------------------

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


class Template:
    """A quoted string or heredoc decoded: `text` (interpolations replaced by FILL characters of
    the same count as their raw text, so offsets stay simple), `offsets[i]` the file offset of
    character i (len(text)+1 entries), `holes` the [start, end) of each interpolation in `text`
    with its raw source."""

    FILL = "\ue000"
    __slots__ = ("text", "offsets", "holes")

    def __init__(self, text, offsets, holes):
        self.text, self.offsets, self.holes = text, offsets, holes

    def literal(self) -> Optional[str]:
        return self.text if not self.holes else None


def decode_template(file_text: str, start: int, end: int, quoted: bool, errors: Optional[list] = None,
                    escapes: Optional[list] = None) -> Template:
    """Decode file_text[start:end] (the inside of the quotes, or a heredoc body). An IAM policy
    variable written as an interpolation (`${aws:username}`, which Terraform cannot parse) is read
    as the variable meant, and noted in `escapes` (unescaped-policy-variable, IAM005)."""
    chars: List[str] = []
    offsets: List[int] = []
    holes: List[Tuple[int, int, str]] = []
    i = start
    while i < end:
        c = file_text[i]
        if quoted and c == "\\" and i + 1 < end:
            e = file_text[i + 1]
            if e in _ESCAPES:
                chars.append(_ESCAPES[e])
                offsets.append(i)
                i += 2
                continue
            if e in "uU":
                width = 4 if e == "u" else 8
                hexa = file_text[i + 2 : i + 2 + width]
                if len(hexa) == width and all(h in "0123456789abcdefABCDEF" for h in hexa):
                    try:
                        chars.append(chr(int(hexa, 16)))
                        offsets.append(i)
                        i += 2 + width
                        continue
                    except (ValueError, OverflowError):
                        pass
            if errors is not None:
                errors.append(HclError(i, i + 2, f"invalid escape sequence {file_text[i:i+2]!r} in string"))
            chars.append(e)
            offsets.append(i)
            i += 2
            continue
        if c in "$%" and file_text.startswith(c + c + "{", i):
            chars.extend((c, "{"))
            offsets.extend((i, i + 2))
            i += 3
            continue
        if c in "$%" and file_text.startswith("{", i + 1):
            try:
                j = _scan_braces(file_text, i + 1)
            except HclError as exc:
                if errors is not None:
                    errors.append(exc)
                j = end
            j = min(j, end)
            if c == "$" and POLICY_VARIABLE.match(file_text, i + 2, j - 1) and file_text[j - 1 : j] == "}":
                if escapes is not None:
                    escapes.append(UnescapedVariable(i, j, file_text[i + 2 : j - 1], "Terraform", "$", i))
                for k in range(i, j):
                    chars.append(file_text[k])
                    offsets.append(k)
                i = j
                continue
            if errors is not None and c == "$":
                _check_interpolation(file_text, i, j, errors)
            h0 = len(chars)
            for k in range(i, j):
                chars.append(Template.FILL)
                offsets.append(k)
            holes.append((h0, len(chars), file_text[i:j]))
            i = j
            continue
        chars.append(c)
        offsets.append(i)
        i += 1
    offsets.append(end)
    return Template("".join(chars), offsets, holes)


def _check_interpolation(text: str, i: int, j: int, errors: list) -> None:
    """Parse the expression of `${ ... }` (strip markers allowed) and note a syntax error."""
    a, b = i + 2, j - 1
    if a < b and text[a] == "~":
        a += 1
    if b > a and text[b - 1] == "~":
        b -= 1
    if not text[a:b].strip():
        errors.append(HclError(i, j, "empty interpolation ${}"))
        return
    try:
        parse_hcl(text, a, b, rule="expr")
    except HclError as exc:
        errors.append(exc)


def template_of(file_text: str, expr: Expr, errors: Optional[list] = None, escapes: Optional[list] = None) -> Optional[Template]:
    if expr.kind == "str":
        return decode_template(file_text, expr.start + 1, expr.end - 1, True, errors, escapes)
    if expr.kind == "heredoc":
        m = _HEREDOC.match(file_text, expr.start)
        body_start = m.end()
        body_end = file_text.rfind("\n", body_start - 1, expr.end)
        body_end = max(body_start, body_end + 1)  # the closing marker line is not content
        return decode_template(file_text, body_start, body_end, False, errors, escapes)
    return None


# -- placeholders ------------------------------------------------------------------------------

_ACCOUNT_KEYS = re.compile(r"(?i)account$")


_REF_ARNS = {
    "s3": "arn:aws:s3:::placeholder",
    "sqs": "arn:aws:sqs:us-east-1:123456789012:placeholder",
    "sns": "arn:aws:sns:us-east-1:123456789012:placeholder",
    "dynamodb": "arn:aws:dynamodb:us-east-1:123456789012:table/placeholder",
    "kms": "arn:aws:kms:us-east-1:123456789012:key/placeholder",
    "iam": "arn:aws:iam::123456789012:role/placeholder",
    "lambda": "arn:aws:lambda:us-east-1:123456789012:function:placeholder",
    "secretsmanager": "arn:aws:secretsmanager:us-east-1:123456789012:secret:placeholder",
    "ecr": "arn:aws:ecr:us-east-1:123456789012:repository/placeholder",
    "cloudwatch": "arn:aws:logs:us-east-1:123456789012:log-group:placeholder",
}
_REF = re.compile(r"\$?\{?\s*(?:data\.)?aws_([a-z0-9]+)_")


def _resource_arn(source: str) -> str:
    """A plausible ARN for a reference such as aws_sqs_queue.q.arn (by the resource type)."""
    m = _REF.match(source)
    if m is not None and m.group(1) in _REF_ARNS:
        return _REF_ARNS[m.group(1)]
    return "arn:aws:s3:::placeholder"


def _plausible(path: Path, before: str, whole: bool, source: str = "") -> str:
    """A text that is valid where the placeholder sits (so rules that do not know placeholders
    see nothing wrong)."""
    keys = [p for p in path if isinstance(p, str)]
    last = keys[-1] if keys else ""
    if "Condition" in keys:
        op = keys[keys.index("Condition") + 1] if len(keys) > keys.index("Condition") + 1 else ""
        ckey = keys[keys.index("Condition") + 2] if len(keys) > keys.index("Condition") + 2 else ""
        if _ACCOUNT_KEYS.search(ckey) and whole:
            return "123456789012"
        low = op.lower()
        if "numeric" in low:
            return "1"
        if "date" in low:
            return "2020-01-01T00:00:00Z"
        if "bool" in low:
            return "true"
        if "ipaddress" in low:
            return "192.0.2.0/24"  # public (a documentation range), as CloudFormation's: aws:SourceIp is never private
        if "binary" in low:
            return "cGxhY2Vob2xkZXI="
        if low.startswith("arn") or ckey.lower().endswith("arn"):
            return "arn:aws:iam::123456789012:root" if whole else _in_arn(before)
        return "placeholder"
    if last in ("Action", "NotAction"):
        return "sts:GetCallerIdentity" if whole else "placeholder"
    if last in ("Resource", "NotResource"):
        return _resource_arn(source) if whole else _in_arn(before)
    if last in ("AWS",) or last in ("Principal", "NotPrincipal"):
        # one role, as CloudFormation's placeholders: a whole account is what the trust rules report
        return "arn:aws:iam::123456789012:role/placeholder" if whole else _in_arn(before)
    if last == "Service":
        return "ec2.amazonaws.com" if whole else "placeholder"
    if last == "Federated":
        return "arn:aws:iam::123456789012:oidc-provider/placeholder" if whole else _in_arn(before)
    if last == "Version":
        return "2012-10-17"
    if last == "Effect":
        return "Allow"
    if last == "Sid":
        return "Placeholder"
    return "placeholder"


def _in_arn(before: str) -> str:
    """A substitute for an interpolation inside an ARN, by the field it stands in."""
    if not before.startswith("arn:"):
        return "placeholder" if before else "arn:aws:s3:::placeholder"
    colons = before.count(":")
    if before.endswith(":"):
        return {1: "aws", 2: "s3", 3: "us-east-1", 4: "123456789012"}.get(colons, "placeholder")
    return "placeholder"


def placeholder_for(tpl: Template, path: Path) -> Any:
    """The decoded template as the rules see it: a plain str without interpolations, else a
    Placeholder whose interpolations are replaced by plausible text."""
    if not tpl.holes:
        return tpl.text
    return _substitute(tpl.text, tpl.holes, path)


def _substitute(text: str, holes, path: Path):
    parts: List[str] = []
    spans = []
    pos = 0
    out_len = 0
    whole = len(holes) == 1 and holes[0][0] == 0 and holes[0][1] == len(text)
    for a, b, raw in holes:
        lit = text[pos:a]
        parts.append(lit)
        out_len += len(lit)
        sub = _plausible(path, "".join(parts), whole, raw)
        spans.append((out_len, out_len + len(sub)))
        parts.append(sub)
        out_len += len(sub)
        pos = b
    parts.append(text[pos:])
    return Placeholder("".join(parts), holes[0][2] if len(holes) == 1 else "${...}", spans,
                       written=[raw for _a, _b, raw in holes])


# -- value conversion (jsonencode and the data source) ---------------------------------------


class Builder:
    """Builds a policy value and its path index from HCL expressions and blocks."""

    def __init__(self, text: str):
        self.text = text
        self.index: Dict[Path, Loc] = {}
        self.errors: List[HclError] = []
        self.escapes: List[UnescapedVariable] = []  # ${aws:username} read as the policy variable meant

    def mapper(self, tpl: Template, original_text: str):
        """Map a span of the value as rules see it to file offsets (None inside a placeholder)."""
        offsets = tpl.offsets

        def span(a: int, b: int):
            n = len(offsets) - 1
            a, b = max(0, min(a, n)), max(0, min(b, n))
            if b <= a:
                b = min(n, a + 1)
            end = offsets[b] if b < n else offsets[n]
            if b > 0 and b <= n and offsets[b - 1] >= end:
                end = offsets[b - 1] + 1
            return offsets[a], max(end, offsets[a])

        return span

    def value(self, expr: Expr, path: Path, key_range=(-1, -1), depth: int = 0) -> Any:
        loc = Loc(key_range[0], key_range[1], expr.start, expr.end)
        self.index[path] = loc
        kind = expr.kind
        if kind in ("str", "heredoc"):
            tpl = template_of(self.text, expr, self.errors, self.escapes)
            if not tpl.holes:
                loc.mapper = self.mapper(tpl, tpl.text)
            return placeholder_for(tpl, path)
        if kind == "number":
            try:
                return int(expr.raw)
            except ValueError:
                return float(expr.raw)
        if kind == "bool":
            return expr.raw == "true"
        if kind == "null":
            return None
        if depth > MAX_DEPTH:
            return Placeholder(_plausible(path, "", True), "nesting")
        if kind == "tuple":
            return [self.value(e, path + (i,), depth=depth + 1) for i, e in enumerate(expr.items)]
        if kind == "object":
            out: Dict[str, Any] = {}
            for k, v in expr.items:
                key = self.key(k)
                out[key] = self.value(v, path + (key,), (k.start, k.end), depth + 1)
            return out
        source = self.text[expr.start : expr.end]
        return Placeholder(_plausible(path, "", True, source), source)

    def key(self, k: Expr) -> str:
        """An object key: a name, a string, or (computed: `"${var.op}"`, `(var.op)`) a
        Placeholder, a key unknown until deploy."""
        if k.kind == "other" and k.name is not None:
            return k.name
        if k.kind == "str":
            tpl = template_of(self.text, k, self.errors, self.escapes)
            return tpl.text if not tpl.holes else _substitute(tpl.text, tpl.holes, ())
        source = self.text[k.start : k.end]
        return Placeholder(source, source)


# -- JSON inside a string ----------------------------------------------------------------------


def json_in_template(file_text: str, lines: LineIndex, tpl: Template, root: Loc,
                     edits: Optional[EditContext] = None) -> EmbeddedDocument:
    """Parse the decoded template as JSON (an interpolation outside a JSON string becomes a
    JSON string of the same length) and map every position back into the file. `edits`: how
    fixes are written into the string (None: no fixes, as in a generated plan)."""
    text = tpl.text
    if tpl.holes:
        chars = list(text)
        for a, b, _raw in tpl.holes:
            if not _inside_json_string(text, a):
                chars[a] = '"'
                chars[b - 1] = '"'
        text = "".join(chars)
    inner = JsonDocument(text)
    offsets = tpl.offsets
    n = len(offsets) - 1

    def at(i: int) -> int:
        return offsets[max(0, min(i, n))]

    def end_at(i: int) -> int:
        i = max(0, min(i, n))
        if i > 0 and (i == n or offsets[i] > offsets[i - 1] + 1):
            return offsets[i - 1] + _char_width(file_text, offsets[i - 1])
        return offsets[i]

    syntax_error = None
    if inner.syntax_error is not None:
        e = inner.syntax_error
        syntax_error = SyntaxProblem(at(e.offset), max(at(e.offset), end_at(e.end_offset)), e.message + " (in the JSON policy string)")
        return EmbeddedDocument(file_text, lines, None, {(): root}, syntax_error=syntax_error, root=root)
    value = _with_placeholders(inner.value, text, tpl.holes, inner, ())
    index: Dict[Path, Loc] = {}
    for path, slot in inner.index.items():
        loc = Loc(
            at(slot.key_start) if slot.key_start >= 0 else -1,
            end_at(slot.key_end) if slot.key_start >= 0 else -1,
            at(slot.start),
            end_at(slot.end),
        )
        if text[slot.start : slot.start + 1] == '"':
            loc.mapper = _json_string_mapper(text, slot.start, slot.end, at, end_at)
        index[path] = loc
    duplicates = [
        (p, Slot(at(s.key_start), end_at(s.key_end), at(s.start), end_at(s.end))) for p, s in inner.duplicate_keys
    ]
    return EmbeddedDocument(file_text, lines, value, index, duplicate_keys=duplicates, root=index.get(()) or root, edits=edits)


def _char_width(text: str, offset: int) -> int:
    """Raw length of the (possibly escaped) character at offset."""
    if text.startswith("\\u", offset):
        return 6
    if text.startswith("\\U", offset):
        return 10
    if text.startswith("\\", offset):
        return 2
    return 1


def _json_string_mapper(text: str, start: int, end: int, at, end_at):
    def span(a: int, b: int):
        s, e = string_span(text, start, end, (a, b))
        return at(s), max(at(s), end_at(e))

    return span


def _inside_json_string(text: str, pos: int) -> bool:
    """Whether text[pos] sits inside a JSON string (quotes before it, escapes honoured)."""
    inside = False
    i = 0
    while i < pos:
        c = text[i]
        if c == "\\" and inside:
            i += 2
            continue
        if c == '"':
            inside = not inside
        i += 1
    return inside


def _with_placeholders(value: Any, text: str, holes, inner: JsonDocument, path: Path) -> Any:
    if not holes:
        return value
    if isinstance(value, dict):
        return {k: _with_placeholders(v, text, holes, inner, path + (k,)) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_placeholders(v, text, holes, inner, path + (i,)) for i, v in enumerate(value)]
    if isinstance(value, str) and Template.FILL in value:
        slot = inner.index.get(path)
        local = []
        if slot is not None:
            for a, b, raw in holes:
                if slot.start <= a < slot.end:
                    s, e = _decoded_index(text, slot.start, slot.end, a), _decoded_index(text, slot.start, slot.end, b)
                    if s is not None and e is not None:
                        local.append((s, e, raw))
            if local and local[0][0] == -1:
                local = []
        if local:
            return _substitute(value.replace('"', Template.FILL) if False else value, local, path)
        return Placeholder(_plausible(path, "", True, holes[0][2]), "${...}")
    return value


def _decoded_index(text: str, start: int, end: int, raw: int) -> Optional[int]:
    """Index in the decoded JSON string at text[start:end] of raw offset `raw` (or the string's
    end); a whole-value hole (`"${x}"` outside quotes was turned into a string) maps to -1/len."""
    if text[start] == '"' and raw == start:
        return 0
    i = start + 1
    k = 0
    while i < end - 1 and i < raw:
        i += 6 if text.startswith("\\u", i) else (2 if text[i] == "\\" else 1)
        k += 1
    if raw >= end:
        return k
    return k


# -- the carrier -------------------------------------------------------------------------------


def accepts(path: str) -> bool:
    return path.lower().endswith(EXTENSIONS)


_SUPPRESS = re.compile(r"(?:#|//)[ \t]*iamlint:[ \t]*ignore(?:\[([^\]]*)\])?[ \t]*(.*?)[ \t]*$")


def comment_suppressions(text: str, lines: LineIndex, comments) -> Tuple[CarrierSuppression, ...]:
    out = []
    for start, end in comments:
        m = _SUPPRESS.match(text, start, end)
        if m is None:
            continue
        pos = lines.position(start)
        line_start = lines.offset(pos.line, 1)
        own_line = not text[line_start:start].strip()
        codes = tuple(c.strip() for c in (m.group(1) or "").split(",") if c.strip())
        reason = m.group(2).strip() or None
        out.append(CarrierSuppression("comment", codes, reason, start, end, line=pos.line, own_line=own_line))
    return tuple(out)


def extract(path: str, text: str, document=None) -> Optional[List[EmbeddedPolicy]]:
    """Every policy in the Terraform file (an empty list when it has none), or a single
    EmbeddedPolicy carrying the syntax error when the file does not parse. Never raises."""
    if not accepts(path):
        return None
    lines = LineIndex(text)
    try:
        tree, comments = parse_hcl(text)
        root = to_body(tree, 0, len(text))
    except HclError as exc:
        return [_error_policy(text, lines, exc, os.path.basename(path))]
    except RecursionError:
        return [_error_policy(text, lines, HclError(0, 1, "nesting too deep"), os.path.basename(path))]
    suppressions = comment_suppressions(text, lines, comments)
    policies = _policies(text, lines, root)
    out = []
    for p in policies:
        p.suppressions = suppressions
        out.append(p)
    return out


def _error_policy(text: str, lines: LineIndex, exc: HclError, label: str) -> EmbeddedPolicy:
    err = SyntaxProblem(exc.start, max(exc.start, exc.end), f"Terraform syntax error: {exc.message}")
    root = Loc(-1, -1, 0, 0)
    doc = EmbeddedDocument(text, lines, None, {(): root}, syntax_error=err, root=root)
    return EmbeddedPolicy(doc, None, None, label)


# data.aws_iam_policy_document.NAME.json, also one instance of a counted or for_each data source
# (NAME[0].json, NAME[each.key].json; not a splat, NAME[*].json, which is a list)
_DATA_REF = re.compile(r"^\s*data\.aws_iam_policy_document\.([A-Za-z_][A-Za-z0-9_-]*)\s*"
                       r"(?:\[(?!\s*\*\s*\])[^\[\]]*\]\s*)?\.(?:json|minified_json)\s*$")


def _policies(text: str, lines: LineIndex, root: Block) -> List[EmbeddedPolicy]:
    out: List[EmbeddedPolicy] = []
    uses: Dict[str, Tuple[Optional[PolicyType], Optional[str], str]] = {}
    for block in root.blocks:
        if block.type != "resource" or len(block.labels) != 2:
            continue
        rtype, name = block.labels
        attrs = RESOURCES.get(rtype)
        if attrs is None:
            continue
        address = f"{rtype}.{name}"
        for attr_path, (ptype, restype) in attrs.items():
            if rtype == "aws_organizations_policy":
                ptype = _org_type(text, block)
                if ptype is None:
                    continue
            for holder, attr_name, where in _attrs_at(block, attr_path):
                attr = holder.attrs.get(attr_name)
                if attr is None:
                    continue
                label = f"{address}.{where}"
                ref = _DATA_REF.match(text[attr.expr.start : attr.expr.end]) if attr.expr.kind == "other" else None
                if ref is not None:
                    uses.setdefault(ref.group(1), (ptype, restype, label))
                    continue
                policy = _attribute_policy(text, lines, attr, ptype, restype, label)
                if policy is not None:
                    out.append(policy)
    for block in root.blocks:
        if block.type == "data" and len(block.labels) == 2 and block.labels[0] == "aws_iam_policy_document":
            name = block.labels[1]
            ptype, restype, used_in = uses.get(name, (None, None, None))
            label = f"data.aws_iam_policy_document.{name}"
            doc = _data_source(text, lines, block)
            notes = (f"used in {used_in}",) if used_in else ()
            out.append(EmbeddedPolicy(doc, ptype, restype, label, notes=notes))
    out.sort(key=lambda p: p.document.root.start if p.document.root is not None else 0)
    return out


def _org_type(text: str, block: Block) -> Optional[PolicyType]:
    attr = block.attrs.get("type")
    if attr is None:
        return PolicyType.SCP  # the provider's default
    if attr.expr.kind != "str":
        return None
    return _ORG_TYPES.get(text[attr.expr.start + 1 : attr.expr.end - 1])


def _attrs_at(block: Block, attr_path: str):
    if "." not in attr_path:
        yield block, attr_path, attr_path
        return
    child_type, attr_name = attr_path.split(".", 1)
    for i, child in enumerate(block.children(child_type)):
        yield child, attr_name, f"{child_type}[{i}].{attr_name}"


def _attribute_policy(text, lines, attr: Attr, ptype, restype, label) -> Optional[EmbeddedPolicy]:
    expr = attr.expr
    if expr.kind == "call" and expr.name == "jsonencode" and len(expr.items) == 1 and expr.items[0].kind == "object":
        b = Builder(text)
        value = b.value(expr.items[0], ())
        if b.errors:
            return _error_policy(text, lines, b.errors[0], label)
        doc = EmbeddedDocument(text, lines, value, b.index, root=b.index.get(()), edits=EditContext("hcl"))
        doc.unescaped_variables = tuple(b.escapes)
        return EmbeddedPolicy(doc, ptype, restype, label)
    if expr.kind in ("number", "bool", "tuple", "object"):
        # Not JSON text: Terraform turns 42 and true into the strings "42" and "true", which AWS
        # rejects, and refuses an object or a tuple (a policy written without jsonencode).
        what = {"number": "a number", "bool": "a boolean", "tuple": "a list", "object": "an object"}[expr.kind]
        hint = ": wrap it in jsonencode(...)" if expr.kind == "object" else ""
        loc = Loc(attr.name_start, attr.name_end, expr.start, expr.end)
        message = (f"{attr.name} must be the policy's JSON text (jsonencode(...), a heredoc, a data source's .json), "
                   f"not {what}{hint}")
        return EmbeddedPolicy(not_a_policy(text, lines, loc, message), ptype, restype, label)
    if expr.kind in ("str", "heredoc"):
        errors: List[HclError] = []
        escapes: List[UnescapedVariable] = []
        tpl = template_of(text, expr, errors, escapes)
        if errors:
            return _error_policy(text, lines, errors[0], label)
        stripped = tpl.text.strip()
        if not stripped.startswith("{"):
            return None  # a file() / template path, or a whole interpolation: nothing to read here
        if any(raw.startswith("%{") and not _inside_json_string(tpl.text, a) for a, _b, raw in tpl.holes):
            # A template directive (`%{ for ~}`, `%{ if }`) between JSON tokens writes the
            # policy's structure at deploy time (statements repeated, commas added): the JSON
            # cannot be known before and is not linted, like templatefile() or a whole ${...}.
            # (Inside a JSON string a directive only makes the string's text: a placeholder.)
            return None
        root = Loc(attr.name_start, attr.name_end, expr.start, expr.end)
        outer = ("hcl", '"' if expr.kind == "str" else "<<")
        doc = json_in_template(text, lines, tpl, root, EditContext("json", outer))
        doc.unescaped_variables = tuple(escapes)
        return EmbeddedPolicy(doc, ptype, restype, label)
    return None


# -- data "aws_iam_policy_document" ------------------------------------------------------------


def _data_source(text: str, lines: LineIndex, block: Block) -> EmbeddedDocument:
    b = Builder(text)
    root = Loc(-1, -1, block.start, block.end)
    b.index[()] = root
    policy: Dict[str, Any] = {}
    version = block.attrs.get("version")
    if version is not None:
        policy["Version"] = b.value(version.expr, ("Version",), (version.name_start, version.name_end))
    else:
        policy["Version"] = "2012-10-17"  # what Terraform renders
        b.index[("Version",)] = Loc(-1, -1, block.start, block.type_end)
    pid = block.attrs.get("policy_id")
    if pid is not None:
        policy["Id"] = b.value(pid.expr, ("Id",), (pid.name_start, pid.name_end))
    statements = []
    blocks = _expanded(block, "statement")
    if blocks:
        b.index[("Statement",)] = Loc(blocks[0].start, blocks[0].type_end, blocks[0].start, blocks[-1].end)
    for i, st in enumerate(blocks):
        statements.append(_statement(b, st, ("Statement", i)))
    policy["Statement"] = statements
    if b.errors:
        e = b.errors[0]
        err = SyntaxProblem(e.start, max(e.start, e.end), f"Terraform syntax error: {e.message}")
        return EmbeddedDocument(text, lines, None, {(): root}, syntax_error=err, root=root)
    doc = EmbeddedDocument(text, lines, policy, b.index, root=root, edits=EditContext("hcl"))
    doc.unescaped_variables = tuple(b.escapes)
    return doc


_STATEMENT_ATTRS = (
    ("sid", "Sid"), ("effect", "Effect"), ("actions", "Action"), ("not_actions", "NotAction"),
    ("resources", "Resource"), ("not_resources", "NotResource"),
)


def _statement(b: Builder, st: Block, path: Path) -> Dict[str, Any]:
    b.index[path] = Loc(st.start, st.type_end, st.start, st.end)
    out: Dict[str, Any] = {}
    for hcl, key in _STATEMENT_ATTRS:
        attr = st.attrs.get(hcl)
        if attr is None:
            if key == "Effect":
                out["Effect"] = "Allow"  # Terraform's default
                b.index[path + ("Effect",)] = Loc(st.start, st.type_end, st.start, st.type_end)
            continue
        out[key] = b.value(attr.expr, path + (key,), (attr.name_start, attr.name_end))
    for hcl, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        blocks = _expanded(st, hcl)
        if blocks:
            out[key] = _principals(b, blocks, path + (key,))
    conds = _expanded(st, "condition")
    if conds:
        out["Condition"] = _conditions(b, conds, path + ("Condition",))
    return out


def _expanded(block: Block, type_: str) -> List[Block]:
    """The child blocks of a type in file order, a `dynamic "TYPE"` block standing for the
    blocks it generates by its `content` block: one statement (principals, condition) for
    however many `for_each` makes, its iterator references (`statement.value.actions`) being
    placeholders like any other expression."""
    out = []
    for child in block.blocks:
        if child.type == type_:
            out.append(child)
        elif child.type == "dynamic" and child.labels == [type_]:
            out.extend(child.children("content")[:1])
    return out


def _string_attr(b: Builder, block: Block, name: str) -> Tuple[Optional[str], Optional[Attr]]:
    """A condition's `test` or `variable`, a principals block's `type`: the string, or (computed:
    `var.t`, `"${var.t}"`, a dynamic block's `condition.value.test`) a Placeholder."""
    attr = block.attrs.get(name)
    if attr is None:
        return None, None
    if attr.expr.kind == "str":
        tpl = template_of(b.text, attr.expr, b.errors, b.escapes)
        return (tpl.text if not tpl.holes else _substitute(tpl.text, tpl.holes, ())), attr
    source = b.text[attr.expr.start : attr.expr.end]
    return Placeholder(source, source), attr


def _principals(b: Builder, blocks: List[Block], path: Path) -> Any:
    first = blocks[0]
    b.index[path] = Loc(first.start, first.type_end, first.start, blocks[-1].end)
    out: Dict[str, Any] = {}
    for blk in blocks:
        ptype, tattr = _string_attr(b, blk, "type")
        ids = blk.attrs.get("identifiers")
        if ptype is None or ids is None:
            continue
        if ptype == "*":
            # type "*" with identifiers ["*"] renders as "Principal": "*"
            b.index[path] = Loc(tattr.expr.start, tattr.expr.end, ids.expr.start, ids.expr.end)
            return "*"
        tpath = path + (ptype,)
        values = b.value(ids.expr, tpath, (tattr.expr.start, tattr.expr.end))
        if ptype in out:
            prev = out[ptype]
            prev = prev if isinstance(prev, list) else [prev]
            base = len(prev)
            more = values if isinstance(values, list) else [values]
            for j in range(len(more)):
                loc = b.index.pop(tpath + (j,), None)
                if loc is not None:
                    b.index[tpath + (base + j,)] = loc
            b.index[tpath] = b.index.get(tpath)
            out[ptype] = prev + more
        else:
            out[ptype] = values
    return out


def _conditions(b: Builder, blocks: List[Block], path: Path) -> Dict[str, Any]:
    first = blocks[0]
    b.index[path] = Loc(first.start, first.type_end, first.start, blocks[-1].end)
    out: Dict[str, Dict[str, Any]] = {}
    for blk in blocks:
        test, tattr = _string_attr(b, blk, "test")
        variable, vattr = _string_attr(b, blk, "variable")
        values = blk.attrs.get("values")
        if test is None or variable is None or values is None:
            continue
        opath = path + (test,)
        if test not in out:
            out[test] = {}
            b.index[opath] = Loc(tattr.expr.start, tattr.expr.end, blk.start, blk.end)
        kpath = opath + (variable,)
        key_range = (vattr.expr.start, vattr.expr.end)
        if variable in out[test]:
            prev = out[test][variable]
            prev = prev if isinstance(prev, list) else [prev]
            sub = Builder(b.text)
            more = sub.value(values.expr, kpath, key_range)
            b.errors.extend(sub.errors)
            b.escapes.extend(sub.escapes)
            more = more if isinstance(more, list) else [more]
            for j in range(len(more)):
                loc = sub.index.get(kpath + (j,))
                if loc is not None:
                    b.index[kpath + (len(prev) + j,)] = loc
            out[test][variable] = prev + more
        else:
            out[test][variable] = b.value(values.expr, kpath, key_range)
    return out
