"""A statement with neither `Resource` nor `NotResource`, in a policy type that needs one (all but role trust policies).

## What it does
A statement with neither `Resource` nor `NotResource`, in a policy type that needs one (all but role trust policies).
A resource policy that applies to the one resource it is attached to and is written without
`Resource` (an ECR repository policy: `AWS::ECR::Repository`, `AWS::ECR::PublicRepository`, from
a template, a Terraform file or `--resource-type`) is not reported; the list, with its sources, is
`iamlint/data/resource_in_scope.json`. Without a resource type, a resource policy with no
`Resource` anywhere whose actions are all `ecr:` (or all `ecr-public:`) is taken for a repository
policy.

## Why is this bad?
AWS rejects identity, resource, SCP and RCP statements that do not say which resources they cover.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## References
- Access Analyzer: MISSING_RESOURCE
- IAM User Guide, IAM JSON policy elements: Resource
"""

from functools import lru_cache

from ..catalog import own_data
from ..model import Problem, Severity

CODE = "IAM104"
NAME = "missing-resource"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_RESOURCE"


@lru_cache(maxsize=1)
def _resource_in_scope() -> frozenset:
    return frozenset(own_data("resource_in_scope")["resource_types"])


def check(ctx):
    if ctx.resource_type in _resource_in_scope():
        return
    for issue in ctx.schema_issues:
        if issue.kind == 'missing' and issue.element in ('Resource', 'NotResource'):
            yield Problem(path=issue.path, message=issue.message, on_key=False)
