"""A condition value that should be a KMS key ARN and is not.

## What it does
Checks the values of condition keys that hold a KMS key ARN (e.g.
`s3:x-amz-server-side-encryption-aws-kms-key-id`, `secretsmanager:KmsKeyArn`,
`sagemaker:VolumeKmsKeyArn`; the list, taken from the keys' documentation, is in
`iamlint/data/condition_value_formats.json`). A literal value must read
`arn:<partition>:kms:<region>:<account>:key/<key-id>`; a pattern (wildcards, variables) must at
least be an ARN of the `kms` service. Key IDs, aliases and alias ARNs are reported.

## Why is this bad?
The request carries the key ARN, so a bare key ID, an alias or a malformed ARN never matches: an
Allow grants nothing and a Deny that enforces a specific key denies every request, or none.

## Example
```json
"Condition": {"StringEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "alias/reports"}}
```

## Use instead
```json
"Condition": {"ArnEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}
```

## References
- Access Analyzer: INVALID_KMS_KEY_VALUE
- Amazon S3 User Guide, Specifying server-side encryption with AWS KMS (SSE-KMS)
"""

import re

from ..carriers import is_placeholder
from ..model import Problem, Severity
from ._values import conditions, has_any_key, has_dynamic, key_set

CODE = "IAM345"
NAME = "invalid-kms-key-arn"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_KMS_KEY_VALUE"

_KEY_ARN = re.compile(r"arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+\Z")
_PATTERN = re.compile(r"arn:[^:]*:(?:kms|[^:]*[*?][^:]*|\$\{[^}]*\}):")


def _why(value: str) -> str:
    if value.startswith("alias/") or ":alias/" in value:
        return "an alias; the request carries the key ARN, write arn:aws:kms:REGION:ACCOUNT:key/KEY-ID"
    if re.fullmatch(r"(?:mrk-)?[0-9a-fA-F-]{32,40}", value):
        return "a bare key ID; write the key ARN, arn:aws:kms:REGION:ACCOUNT:key/" + value
    return "not a KMS key ARN; write arn:aws:kms:REGION:ACCOUNT:key/KEY-ID"


def check(ctx):
    keys = key_set("kms_key_arn_keys")
    if not has_any_key(ctx, keys):
        return
    for st, c in conditions(ctx):
        if c.operator.family not in ("String", "ARN") or c.key_lower not in keys:
            continue
        for v in c.values:
            if not isinstance(v.value, str) or is_placeholder(v.value):
                continue  # a computed key ARN is known at deploy time only
            if has_dynamic(v.value):
                if _PATTERN.match(v.value) or v.value.strip("*") == "" or v.value.startswith("${"):
                    continue
            elif _KEY_ARN.match(v.value):
                continue
            yield Problem(path=v.path, message=f"{c.key} holds a KMS key ARN: {v.value!r} is {_why(v.value)}")
