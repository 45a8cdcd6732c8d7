"""A policy variable that the template's own engine reads as one of its interpolations.

## What it does
Reports `${aws:username}` (any `${prefix:key}`) inside CloudFormation's `Fn::Sub` (`!Sub`) or in
a Terraform string, where `${...}` is the template's own interpolation. The fix escapes it:
`${!aws:username}` in `Fn::Sub`, `$${aws:username}` in Terraform; both give the policy the
literal `${aws:username}` it needs. The policy is linted as meant, with the variable in it.

## Why is this bad?
The policy never reaches AWS. No CloudFormation name has one colon (pseudo parameters are
`AWS::Region`), so `Fn::Sub` cannot resolve it and the stack fails to create or update
("Unresolved resource dependencies"). In Terraform, `aws:username` is no expression: `terraform
plan` fails to parse the file.

## Example
```yaml
Resource: !Sub "arn:aws:s3:::${BucketName}/home/${aws:username}/*"
```

## Use instead
```yaml
Resource: !Sub "arn:aws:s3:::${BucketName}/home/${!aws:username}/*"
```
and in Terraform `resources = ["arn:aws:s3:::home/$${aws:username}/*"]`.

## Fix
Safe: the escape changes only how the template writes the policy; the policy AWS receives is the
one linted, with its `${...}` variable.

## References
- AWS CloudFormation User Guide, Fn::Sub: "To write a dollar sign and curly braces (${}) literally,
  add an exclamation point (!) after the open curly brace, such as ${!Literal}"
- Terraform language, String Templates: "$${" is a literal "${" 
- IAM User Guide, IAM policy elements: Variables and tags
"""

from ..model import Problem, Replacement, Severity

CODE = "IAM005"
NAME = "unescaped-policy-variable"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = None


def check(ctx):
    for v in getattr(ctx.document, "unescaped_variables", ()):
        written = "${" + v.name + "}"
        if v.engine == "Terraform":
            escaped = "$" + written
            why = f"{written} is a Terraform interpolation, and {v.name} is no Terraform expression: Terraform cannot read the file"
        else:
            escaped = "${!" + v.name + "}"
            why = f"{written} is read by {v.engine} as one of its variables, and none is called {v.name}: the stack fails to deploy"
        fix = None
        if v.insert_at is not None and "\\" not in v.name:  # an escape inside would read differently once escaped
            fix = Replacement(f"Change to {escaped}", (v.insert_at, v.insert_at, v.escape), kind="text")
        yield Problem(path=(), message=f"{why}; write {escaped} for the policy variable", offsets=(v.start, v.end), replacement=fix)
