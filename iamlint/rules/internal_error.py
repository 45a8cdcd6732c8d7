"""A rule that failed on this policy: a bug in iamlint, reported instead of stopping the run.

## What it does
When a rule raises an exception on a document, the engine keeps the findings of every other rule
and reports the failure here, on the policy, naming the rule and the exception. The failed rule
may have missed problems in this policy; nothing else is affected. This rule runs after all the
others and reports nothing on its own.

## Why is this bad?
The policy was not fully checked: the failed rule's problems, if any, are not in the report.
A linter that stops at the first internal error loses every other file's findings (in CI, the
whole run), so the failure is a finding with a position instead, as cfn-lint does (E0002).

## Example
A policy that makes a rule fail, e.g. a value of a type no rule expected:
```json
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
```

## Use instead
Report the policy (or the smallest part that still fails) to iamlint's maintainers; meanwhile
`--ignore` the failed rule's code, or this one, to keep CI going.

## References
- cfn-lint: E0002, "Error processing rule on the template"
"""

from ..model import Problem, Severity

CODE = "IAM004"
NAME = "internal-error"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = None
NEEDS_POLICY = False
RUNS_LAST = True  # reads what the engine noted while the other rules ran

MAX_DETAIL = 200


def check(ctx):
    for rule, exc in ctx.rule_failures:
        detail = str(exc)
        if len(detail) > MAX_DETAIL:
            detail = detail[:MAX_DETAIL] + "..."
        yield Problem(
            path=(),
            message=(
                f"rule {rule.code} ({rule.name}) failed on this policy, so its problems are not reported: "
                f"{type(exc).__name__}: {detail} (an iamlint bug: please report it)"
            ),
        )
