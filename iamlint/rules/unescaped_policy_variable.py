"""A policy variable that CloudFormation's `Fn::Sub` reads as one of its own variables.

## What it does
Reports `${aws:username}` (any `${prefix:key}`) inside `Fn::Sub` (`!Sub`) in a CloudFormation
template, where `Fn::Sub` substitutes `${...}` itself. The fix writes `${!aws:username}`, which
`Fn::Sub` turns into the literal `${aws:username}` the policy needs. The policy is linted as
meant, with the variable in it.

(Terraform has the same trap: `${aws:username}` in a Terraform string is an interpolation, which
Terraform cannot parse; iamlint reports it as a syntax error that says to write `$${aws:username}`.)

## Why is this bad?
No template name has one colon (pseudo parameters are `AWS::Region`), so CloudFormation cannot
resolve the variable and the stack fails to create or update ("Unresolved resource
dependencies"): the policy never reaches AWS.

## Example
```yaml
Resource: !Sub "arn:aws:s3:::${BucketName}/home/${aws:username}/*"
```

## Use instead
```yaml
Resource: !Sub "arn:aws:s3:::${BucketName}/home/${!aws:username}/*"
```

## References
- AWS CloudFormation User Guide, Fn::Sub: "To write a dollar sign and curly braces (${}) literally,
  add an exclamation point (!) after the open curly brace, such as ${!Literal}"
- IAM User Guide, IAM policy elements: Variables and tags
"""

from ..model import Problem, Replacement, Severity

CODE = "IAM005"
NAME = "unescaped-policy-variable"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = None


def check(ctx):
    for v in getattr(ctx.document, "unescaped_variables", ()):
        escaped = "${" + v.escape + v.name + "}"
        fix = None
        if v.insert_at is not None:
            fix = Replacement(f"Change to {escaped}", (v.insert_at, v.insert_at, v.escape), kind="text")
        yield Problem(
            path=(),
            message=f"${{{v.name}}} is read by {v.engine} as one of its variables, and none is called {v.name}: "
                    f"the stack fails to deploy; write {escaped} for the policy variable",
            offsets=(v.start, v.end),
            replacement=fix,
        )
