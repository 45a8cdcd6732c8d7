"""Table-driven tests of the pure helpers in iamlint/rules/_trust.py."""

import pytest

from iamlint.carriers import Placeholder
from iamlint.rules._trust import claim_left_to_trust_rules, describe_github_sub, eks_sub_namespace, github_sub_owner


@pytest.mark.parametrize("value, like, owner", [
    ("repo:octo-org/app:ref:refs/heads/main", False, "octo-org"),
    ("repo:octo-org/*", True, "octo-org"),
    ("repo:octo-org/app:*", True, "octo-org"),
    ("repository:octo-org/app:environment:prod", False, "octo-org"),
    ("repository_owner:octo-org", False, "octo-org"),
    ("repository_owner:octo-org:*", True, "octo-org"),
    ("repository_owner_id:123456:context:ref:refs/heads/main", False, "123456"),
    ("repository_id:987:*", True, "987"),
    # literal under StringEquals: the wildcard is a character, the value names the owner
    ("repo:octo*", False, None),
    ("repo:octo-org/*", False, "octo-org"),
    # no owner: the wildcard or the value reaches other owners' repositories
    ("*", True, None),
    ("repo:*", True, None),
    ("repo:*/*", True, None),
    ("repo:octo*", True, None),
    ("repo:octo-org*", True, None),
    ("repository_owner:octo*", True, None),
    ("repository_owner:octo-org*", True, None),
    ("repository_owner_id:123*", True, None),
    ("environment:prod", False, None),
    ("job_workflow_ref:octo-org/wf/.github/workflows/d.yml@refs/heads/main", False, None),
    ("*:repo:octo-org/app", True, None),
    (42, False, None),
    # not judged: computed at deploy time or at request time
    ("repo:${aws:PrincipalTag/org}/*", True, ""),
])
def test_github_sub_owner(value, like, owner):
    assert github_sub_owner(value, like) == owner


def test_github_sub_owner_of_a_value_computed_at_deploy_time():
    assert github_sub_owner(Placeholder("repo:x/y:*", "Fn::Sub", spans=[(5, 6)]), True) == ""


@pytest.mark.parametrize("value, words", [
    ("repo:o/*", "workflows of every repository of o"),
    ("repo:o/infra-*", "workflows of the repositories of o whose name starts with 'infra-'"),
    ("repo:o/a?p:pull_request", "the pull requests of the repositories of o whose name matches 'a?p'"),
    ("repo:o/*:ref:refs/heads/main", "the branch main of every repository of o"),
    ("repo:o/r:*", "any branch, tag, environment or pull request of o/r"),
    ("repo:o/r:ref:*", "any branch or tag of o/r"),
    ("repo:o/r:ref:refs/heads/*", "any branch of o/r"),
    ("repo:o/r:ref:refs/heads/release/*", "the branches of o/r under release/"),
    ("repo:o/r:ref:refs/heads/feat-*-x", "the branches of o/r whose name matches 'feat-*-x'"),
    ("repo:o/r:ref:refs/tags/v*", "the tags of o/r whose name starts with 'v'"),
    ("repo:o/r:environment:prod*", "the environments of o/r whose name starts with 'prod'"),
    ("repo:o/r:pull_request*", "the workflows of o/r whose context matches 'pull_request*'"),
    ("repository_owner:o:*", "workflows of every repository of o"),
])
def test_describe_github_sub(value, words):
    assert describe_github_sub(value) == words


@pytest.mark.parametrize("value, like, namespace", [
    ("system:serviceaccount:default:my-sa", False, "default"),
    ("system:serviceaccount:payments:*", True, "payments"),
    ("system:serviceaccount:payments:api-?", True, "payments"),
    ("system:serviceaccount:*", True, None),
    ("system:serviceaccount:pay*", True, None),
    ("system:serviceaccount:pay*:api", True, None),
    ("*", True, None),
    ("system:serviceaccount:${aws:PrincipalTag/ns}:*", True, ""),
])
def test_eks_sub_namespace(value, like, namespace):
    assert eks_sub_namespace(value, like) == namespace


@pytest.mark.parametrize("key, left", [
    ("token.actions.githubusercontent.com:sub", True),
    ("oidc.eks.us-west-2.amazonaws.com/id/abc123:sub", True),
    ("oidc.eks.cn-north-1.amazonaws.com.cn/id/abc123:sub", True),
    ("oidc.eks.us-west-2.amazonaws.com/id/abc123:aud", False),
    ("token.actions.githubusercontent.com:aud", False),
    ("accounts.google.com:sub", False),
    ("aws:resourcetag/project", False),
])
def test_claim_left_to_trust_rules(key, left):
    assert claim_left_to_trust_rules(key) is left


def test_cases_access_analyzer_does_not_report_carry_no_code():
    """A problem may say its case has no Access Analyzer code (""): EKS subjects and a GitHub
    `sub` tested only with Null are iamlint's own findings, not AWS's."""
    from iamlint.config import Config
    from iamlint.engine import lint

    eks = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": '
           '"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"}, '
           '"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": '
           '{"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com"}}}]}')
    found = [f for f in lint(eks, config=Config(select=("IAM533",)))]
    assert found and all(f.access_analyzer is None for f in found)
    github = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": '
              '"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, '
              '"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": '
              '{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, '
              '"Null": {"token.actions.githubusercontent.com:sub": "false"}}}]}')
    found = [f for f in lint(github, config=Config(select=("IAM534",)))]
    assert found and all(f.access_analyzer is None for f in found)
    missing = github.replace(', "Null": {"token.actions.githubusercontent.com:sub": "false"}', "")
    assert [f.access_analyzer for f in lint(missing, config=Config(select=("IAM534",)))] == ["MISSING_GITHUB_REPO_CONDITION_KEY"]
