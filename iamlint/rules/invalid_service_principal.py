"""A service principal name in the wrong format.

## What it does
Checks service principal names where IAM expects them:
- `Principal` / `NotPrincipal` `{"Service": ...}` and the values of `aws:PrincipalServiceName`,
  `aws:PrincipalServiceNamesList` and `iam:PassedToService`: lowercase DNS labels ending in
  `.amazonaws.com`, `.amazon.com` or `.amazonaws.com.cn` (`ecs-tasks.amazonaws.com`).
- `aws:CalledVia`, `aws:CalledViaFirst`, `aws:CalledViaLast`: the single-label form
  `service.amazonaws.com` that these keys carry (Access Analyzer reports
  `application-signals.cloudwatch.amazonaws.com` there).
- `kms:ViaService`: `service.region.amazonaws.com` (`s3.us-east-1.amazonaws.com`).

Values with wildcards or policy variables are not checked.

## Why is this bad?
A trust policy naming `EC2.amazonaws.com` or `ec2` trusts no one; a condition comparing a service
key with a malformed name never matches, so an Allow grants nothing and a Deny guards nothing.

## Example
```json
"Condition": {"StringEquals": {"kms:ViaService": "s3.amazonaws.com"}}
```

## Use instead
```json
"Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}
```

## Fix
The lowercase spelling is an unsafe fix (applied by `--fix` only with `--unsafe-fixes`): the
name as written trusts or matches no service, the fixed one does, so the fix changes who gets
access (or what a condition matches).

## References
- Access Analyzer: INVALID_SERVICE_PRINCIPAL_FORMAT
- IAM User Guide, AWS JSON policy elements: Principal (AWS service principals)
- AWS KMS Developer Guide, kms:ViaService
"""

import re

from ..model import Problem, Replacement, Severity
from ._values import conditions, data, has_any_key, has_dynamic

CODE = "IAM346"
NAME = "invalid-service-principal"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_SERVICE_PRINCIPAL_FORMAT"

_SUFFIX = r"(?:\.amazonaws\.com|\.amazon\.com|\.amazonaws\.com\.cn)"
_FORMS = {
    "principal": (re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*" + _SUFFIX + r"\Z"), "service.amazonaws.com"),
    "strict": (re.compile(r"[a-z0-9-]+" + _SUFFIX + r"\Z"), "service.amazonaws.com"),
    "regional": (re.compile(r"[a-z0-9-]+\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\Z"), "service.region.amazonaws.com"),
}
_KEYS = {k.lower(): form for k, form in data()["service_principal_keys"].items()}


def _problem(v, form: str, what: str):
    rx, shape = _FORMS[form]
    text = v.value
    message = f"{text!r} is not a service principal name in the form {shape} ({what})"
    replacement = None
    lower = text.strip().lower()
    if lower != text and rx.match(lower):
        message += f"; write {lower!r}"
        replacement = Replacement(f'Change to "{lower}"', lower, safe=False)  # matches what the original never did
    elif form != "regional" and re.fullmatch(r"[a-z0-9-]+", lower):
        message += f"; did you mean '{lower}.amazonaws.com'?"
    return Problem(path=v.path, message=message, replacement=replacement)


def check(ctx):
    for st in ctx.policy.statements:
        if st.principal is not None:
            for v in st.principal.of_type("Service"):
                if v.value == "*" or has_dynamic(v.value):
                    continue
                if not _FORMS["principal"][0].match(v.value):
                    yield _problem(v, "principal", "Principal Service")
    if not has_any_key(ctx, _KEYS):
        return
    for st, c in conditions(ctx, "String"):
        form = _KEYS.get(c.key_lower)
        if form is None:
            continue
        rx = _FORMS[form][0]
        for v in c.values:
            if not isinstance(v.value, str) or has_dynamic(v.value) or rx.match(v.value):
                continue
            yield _problem(v, form, c.key)
