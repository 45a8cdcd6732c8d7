"""A policy grants actions whose responses carry credentials.

## What it does
Reports `Allow` statements of identity policies that grant, on every resource (`"*"`,
`NotResource`, or an ARN whose resource part has a wildcard), actions that return keys, passwords
or tokens for *another* identity: `iam:CreateAccessKey` (on other users),
`iam:CreateServiceSpecificCredential`, `redshift:GetClusterCredentials` (any database user),
`lightsail:GetInstanceAccessDetails`, `cognito-idp:AdminInitiateAuth`,
`cognito-identity:GetOpenIdTokenForDeveloperIdentity`... (the list, with sources, is
`iamlint/data/risk_credentials_exposure.json`). The credential actions on the caller's own user
(`user/${aws:username}`) are the self-service pattern and are not reported; unconditional `Deny`
statements and conditions that can never be true are taken into account. One finding per granting
entry, naming the actions.

Tokens that carry only the caller's own permissions are not exposure and are not listed:
`ecr:GetAuthorizationToken` and `codeartifact:GetAuthorizationToken` (the token represents the
caller's IAM credentials), `sts:GetFederationToken` (at most the calling user's permissions),
`redshift:GetClusterCredentialsWithIAM` and `redshift-serverless:GetCredentials` (a database
login as the caller itself), `connect:GetFederationToken` (the caller's own Connect user), and
the public `cognito-identity:GetCredentialsForIdentity` (no credentials needed to call it). The
data file names each with its reason (`not_listed`).

Severity `security` on every resource without a narrowing condition; `warning` when a strong
condition narrows the grant (it may or may not exclude the sensitive targets).

## Why is this bad?
The response is a credential: whoever can call the action can act as another user, database user
or device, and such credentials outlive the session that created them.

## Example
```json
{"Effect": "Allow", "Action": ["iam:CreateAccessKey", "redshift:GetClusterCredentials"], "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::*:user/${aws:username}"}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- cloudsplaining (Salesforce), risk category Credentials Exposure
- the AWS API reference of each action (see the data file)
"""

from ..model import PolicyType, Severity
from . import _risks

CODE = "IAM632"
NAME = "credentials-exposure"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = None
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.IDENTITY}


def check(ctx):
    return _risks.single_action_problems(
        ctx, "credentials_exposure", _risks.CREDENTIALS_EXPOSURE,
        "return credentials",
        "limit Resource to the users, clusters or identities the workload needs",
        Severity.SECURITY, Severity.WARNING, silenced_by_condition=False)
