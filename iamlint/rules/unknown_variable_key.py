"""A policy variable whose key is not a condition key, or is a multivalued one.

## What it does
Reports a `${...}` variable in `Resource`, `NotResource` or a condition value whose key is not
a condition key AWS knows (`${aws:usrname}`, `${username}`), names no tag key
(`${aws:PrincipalTag}`), or is multivalued (`${aws:PrincipalServiceNamesList}`). Key names are
case-insensitive, as in conditions. A close match is suggested and offered as a fix.

## Why is this bad?
AWS accepts the policy, but the variable never resolves: a `Resource` entry holding it matches
nothing (the statement grants less than it seems, or a Deny protects nothing), a condition
with it never matches, and a negated condition always matches. Multivalued keys cannot be used
as variables at all.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:usrname}/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}
```

## Fix
Unsafe (applied by `--fix` only with `--unsafe-fixes`): the suggestion is a guess, and a
variable that resolves makes the `Resource` entry or condition match requests it never matched.

## References
- IAM User Guide, IAM policy elements: Variables and tags (keys you can use as variables;
  multivalued keys cannot be)
- Access Analyzer has no check for this (it is iamlint's own)
"""

from ..model import Problem, Replacement, Severity
from . import _keys
from ._variables import allowed_values, scan

CODE = "IAM136"
NAME = "unknown-variable-key"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = None

_UNKNOWN = (_keys.FORMAT, _keys.GLOBAL, _keys.SERVICE_KEY, _keys.SERVICE, _keys.MISSING_TAG)
def _usable(catalog, key: str) -> bool:
    """Whether `key` can be a policy variable: a known key that is not multivalued."""
    r = _keys.resolve(catalog, key)
    return r.status == _keys.OK and not (r.info is not None and r.info.multivalued)


_EFFECT = {
    "Resource": "this entry matches nothing",
    "NotResource": "this entry excludes nothing",
    "Condition": "this condition never matches (a negated one always does)",
}


def check(ctx):
    raw = ctx.policy.raw
    if not isinstance(raw, dict) or raw.get("Version") != "2012-10-17":
        return  # variables are literal text (variable-without-version says so)
    catalog = ctx.catalog
    for _st, element, v in allowed_values(ctx):
        for var in scan(v.value):
            if var.issue is not None or var.special:
                continue  # the grammar rules report these
            key = var.name
            resolved = _keys.resolve(catalog, key)
            suggestion = None
            if resolved.status == _keys.OK and resolved.info is not None and resolved.info.multivalued:
                why = f"{key} is multivalued and cannot be used as a policy variable"
            elif resolved.status == _keys.MISSING_TAG:
                why = f"{key} names no tag key (write {resolved.base}/<tag-key>)"
            elif resolved.status == _keys.SERVICE:
                why = f"{key} is not a condition key (no service is called {resolved.prefix}"
                why += f"; did you mean {resolved.suggestion}?)" if resolved.suggestion else ")"
            elif resolved.status in _UNKNOWN:
                suggestion = resolved.suggestion
                if resolved.status == _keys.FORMAT and _keys.resolve(catalog, "aws:" + key).status == _keys.OK:
                    suggestion = "aws:" + key  # ${username} for ${aws:username}
                if suggestion and not _usable(catalog, suggestion):
                    suggestion = None  # a close key that cannot be a variable either
                why = f"{key} is not a condition key"
                if suggestion:
                    why += f" (did you mean {suggestion}?)"
            else:
                continue
            start = var.start + 2
            yield Problem(
                path=v.path,
                span=(start, start + len(key)),
                message=f"the variable {v.value[var.start:var.end]} never resolves: {why}, so {_EFFECT.get(element, _EFFECT['Resource'])}",
                replacement=Replacement(f"Change to {suggestion}", suggestion, safe=False) if suggestion else None,
            )
