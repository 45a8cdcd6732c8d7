"""CloudFormation (and SAM) templates, JSON or YAML: every IAM policy in them, placed in the
original file, with the policy type that follows from where it sits.

Where policies sit (resource type -> property -> policy type):
AWS::IAM::Policy / ManagedPolicy / RolePolicy / UserPolicy / GroupPolicy PolicyDocument
(identity; a ManagedPolicy that a Role's or User's PermissionsBoundary refers to with Ref is a
permissions boundary), AWS::IAM::Role AssumeRolePolicyDocument (trust) and
Policies[].PolicyDocument (identity), User and Group Policies[].PolicyDocument,
AWS::S3::BucketPolicy (resource, AWS::S3::Bucket), AWS::SQS::QueuePolicy, AWS::SNS::TopicPolicy,
AWS::KMS::Key KeyPolicy, AWS::ECR::Repository and AWS::ECR::PublicRepository RepositoryPolicyText,
AWS::SecretsManager::ResourcePolicy ResourcePolicy, AWS::DynamoDB::Table ResourcePolicy
(AWS::DynamoDB::Table), AWS::Organizations::Policy Content (SCP or RCP by Type; other types are
not IAM policies), AWS::Serverless::Function / StateMachine Policies (documents only; SAM policy
templates such as S3ReadPolicy and managed policy names are not documents). A policy given as a
JSON string (ECR, Organizations) is parsed and placed inside the string.

Intrinsics (both forms): a whole-value intrinsic becomes a Placeholder whose text is plausible
for its position (see _context_text); Fn::Sub and Fn::Join keep their literal parts, which are
checked and located inside the string, and substitute the variables (pseudo parameters by
realistic values, template resources by names/ARNs synthesised from their type, parameters by
their Default, a variable whose value is a function by that function's value; what stays unknown
until deploy by a text that fits the ARN field it stands in: partition, Region, account, or the
whole ARN at the start of a Resource). Each substituted part remembers how it was written
(`${Name}`, `<Ref Name>`) for messages (carriers.as_written). An intrinsic where an object or array belongs (Statement, a statement, Principal,
Condition, an operator's block) is a Placeholder too: a value unknown until deploy, which no rule
reports as malformed. Fn::If: a policy document that is an Fn::If is checked once per branch; inside
a policy, the policy is checked with the first branch of every If that is not AWS::NoValue, and,
when an If offers two values, again with the second ones (the findings the two share are reported
once: engine.analyze_embedded; nested Ifs are not combined every way). AWS::NoValue removes the
key or list item, as CloudFormation does.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from ..model import Path, PolicyType
from ..parse.json_document import JsonDocument, Slot, SyntaxProblem, build_index, string_span
from ..parse.source import LineIndex
from . import (POLICY_VARIABLE, CarrierSuppression, EmbeddedDocument, EmbeddedPolicy, Loc, Placeholder, UnescapedVariable,
               json_type, not_a_policy)
from .edits import EditContext, exact_span, style_at

EXTENSIONS = (".json", ".yaml", ".yml", ".template")
INTRINSICS = frozenset({
    "Ref", "Fn::Sub", "Fn::GetAtt", "Fn::Join", "Fn::If", "Fn::Select", "Fn::Split",
    "Fn::FindInMap", "Fn::ImportValue", "Fn::GetAZs", "Fn::Base64", "Fn::Cidr", "Fn::Equals",
    "Fn::And", "Fn::Or", "Fn::Not", "Fn::Transform", "Fn::ToJsonString", "Fn::Length",
    "Fn::GetParam",
})
NO_VALUE = object()

PARTITION, REGION, ACCOUNT = "aws", "us-east-1", "123456789012"
PSEUDO = {
    "AWS::Partition": PARTITION,
    "AWS::Region": REGION,
    "AWS::AccountId": ACCOUNT,
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": "stack-name",
    "AWS::StackId": f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/stack-name/00000000-0000-0000-0000-000000000000",
    "AWS::NotificationARNs": f"arn:aws:sns:{REGION}:{ACCOUNT}:notifications",
}

# Resource type -> (what Ref returns, ARN format). {n}: a name made from the logical id.
_R, _A = REGION, ACCOUNT
RESOURCE_ARNS = {
    "AWS::S3::Bucket": ("name", "arn:aws:s3:::{n}"),
    "AWS::SQS::Queue": ("url", f"arn:aws:sqs:{_R}:{_A}:{{n}}"),
    "AWS::SNS::Topic": ("arn", f"arn:aws:sns:{_R}:{_A}:{{n}}"),
    "AWS::IAM::Role": ("name", f"arn:aws:iam::{_A}:role/{{n}}"),
    "AWS::IAM::User": ("name", f"arn:aws:iam::{_A}:user/{{n}}"),
    "AWS::IAM::Group": ("name", f"arn:aws:iam::{_A}:group/{{n}}"),
    "AWS::IAM::ManagedPolicy": ("arn", f"arn:aws:iam::{_A}:policy/{{n}}"),
    "AWS::IAM::InstanceProfile": ("name", f"arn:aws:iam::{_A}:instance-profile/{{n}}"),
    "AWS::KMS::Key": ("id", f"arn:aws:kms:{_R}:{_A}:key/00000000-0000-0000-0000-000000000000"),
    "AWS::DynamoDB::Table": ("name", f"arn:aws:dynamodb:{_R}:{_A}:table/{{n}}"),
    "AWS::Serverless::SimpleTable": ("name", f"arn:aws:dynamodb:{_R}:{_A}:table/{{n}}"),
    "AWS::Lambda::Function": ("name", f"arn:aws:lambda:{_R}:{_A}:function:{{n}}"),
    "AWS::Serverless::Function": ("name", f"arn:aws:lambda:{_R}:{_A}:function:{{n}}"),
    "AWS::Logs::LogGroup": ("name", f"arn:aws:logs:{_R}:{_A}:log-group:{{n}}:*"),
    "AWS::ECR::Repository": ("name", f"arn:aws:ecr:{_R}:{_A}:repository/{{n}}"),
    "AWS::SecretsManager::Secret": ("arn", f"arn:aws:secretsmanager:{_R}:{_A}:secret:{{n}}-AbCdEf"),
    "AWS::StepFunctions::StateMachine": ("arn", f"arn:aws:states:{_R}:{_A}:stateMachine:{{n}}"),
    "AWS::Serverless::StateMachine": ("arn", f"arn:aws:states:{_R}:{_A}:stateMachine:{{n}}"),
    "AWS::Kinesis::Stream": ("name", f"arn:aws:kinesis:{_R}:{_A}:stream/{{n}}"),
    "AWS::Events::EventBus": ("name", f"arn:aws:events:{_R}:{_A}:event-bus/{{n}}"),
    "AWS::SSM::Parameter": ("name", f"arn:aws:ssm:{_R}:{_A}:parameter/{{n}}"),
    "AWS::CodeCommit::Repository": ("id", f"arn:aws:codecommit:{_R}:{_A}:{{n}}"),
    "AWS::EFS::FileSystem": ("id", f"arn:aws:elasticfilesystem:{_R}:{_A}:file-system/fs-01234567"),
}
GENERIC_ARN = f"arn:aws:iam::{ACCOUNT}:root"
# The text of an unknown Fn::Sub variable that is an ARN's whole field, by the colons before it.
ARN_FIELD_TEXTS = {1: PARTITION, 3: REGION, 4: ACCOUNT}
# A whole-value intrinsic in Action: real actions that need no permission or only read the
# caller's own account summary, so no rule sees a risk, a typo or a duplicate in them.
HARMLESS_ACTIONS = ("sts:GetCallerIdentity", "sts:GetAccessKeyInfo", "iam:GetAccountSummary", "iam:ListAccountAliases")

# Condition keys whose placeholder must look like a particular kind of value.
KEY_VALUES = {
    "aws:sourceaccount": ACCOUNT, "aws:resourceaccount": ACCOUNT, "aws:principalaccount": ACCOUNT,
    "aws:sourceowner": ACCOUNT, "kms:calleraccount": ACCOUNT, "s3:resourceaccount": ACCOUNT,
    "aws:sourcevpc": "vpc-0123456789abcdef0", "aws:sourcevpce": "vpce-0123456789abcdef0",
    "aws:requestedregion": REGION, "aws:principalorgid": "o-exampleorg1", "aws:resourceorgid": "o-exampleorg1",
    "aws:sourceorgid": "o-exampleorg1", "aws:sourceip": "192.0.2.0/24", "aws:vpcsourceip": "10.0.0.0/16",
    "aws:principalorgpaths": "o-exampleorg1/r-ab12/ou-ab12-11111111/",
}
FAMILY_VALUES = {
    "Numeric": "1", "Date": "2020-01-01T00:00:00Z", "Bool": "true", "IPAddress": "192.0.2.0/24",
    "ARN": GENERIC_ARN, "Binary": "QmluYXJ5", "Null": "true",
}

# policy locations: resource type -> list of (property, kind, policy type, resource type)
# kind: "doc" (the property is a document), "list" (a list of {PolicyDocument: doc}),
# "sam" (SAM Policies: doc, list of docs/templates/names), "resource-policy" ({PolicyDocument}).
_I, _T, _RS = PolicyType.IDENTITY, PolicyType.TRUST, PolicyType.RESOURCE
LOCATIONS: Dict[str, List[Tuple[str, str, Optional[PolicyType], Optional[str]]]] = {
    "AWS::IAM::Policy": [("PolicyDocument", "doc", _I, None)],
    "AWS::IAM::ManagedPolicy": [("PolicyDocument", "doc", _I, None)],
    "AWS::IAM::RolePolicy": [("PolicyDocument", "doc", _I, None)],
    "AWS::IAM::UserPolicy": [("PolicyDocument", "doc", _I, None)],
    "AWS::IAM::GroupPolicy": [("PolicyDocument", "doc", _I, None)],
    "AWS::IAM::Role": [
        ("AssumeRolePolicyDocument", "doc", _T, "AWS::IAM::AssumeRolePolicyDocument"),
        ("Policies", "list", _I, None),
    ],
    "AWS::IAM::User": [("Policies", "list", _I, None)],
    "AWS::IAM::Group": [("Policies", "list", _I, None)],
    "AWS::S3::BucketPolicy": [("PolicyDocument", "doc", _RS, "AWS::S3::Bucket")],
    "AWS::SQS::QueuePolicy": [("PolicyDocument", "doc", _RS, "AWS::SQS::Queue")],
    "AWS::SNS::TopicPolicy": [("PolicyDocument", "doc", _RS, "AWS::SNS::Topic")],
    "AWS::KMS::Key": [("KeyPolicy", "doc", _RS, "AWS::KMS::Key")],
    "AWS::ECR::Repository": [("RepositoryPolicyText", "doc", _RS, "AWS::ECR::Repository")],
    "AWS::ECR::PublicRepository": [("RepositoryPolicyText", "doc", _RS, "AWS::ECR::PublicRepository")],
    "AWS::SecretsManager::ResourcePolicy": [("ResourcePolicy", "doc", _RS, "AWS::SecretsManager::Secret")],
    "AWS::DynamoDB::Table": [("ResourcePolicy", "resource-policy", _RS, "AWS::DynamoDB::Table")],
    "AWS::Organizations::Policy": [("Content", "org", None, None)],
    "AWS::Serverless::Function": [("Policies", "sam", _I, None)],
    "AWS::Serverless::StateMachine": [("Policies", "sam", _I, None)],
}
# The resource types Access Analyzer's ValidatePolicy takes (iamlint/data/resource_policy_types.json).
# Every resource type is handed to the engine (size quotas, ECR policies without Resource); the
# others (SQS, SNS, KMS, ECR, Secrets Manager) are also named in the policy's notes.
ENGINE_RESOURCE_TYPES = frozenset({
    "AWS::S3::Bucket", "AWS::S3::AccessPoint", "AWS::S3::MultiRegionAccessPoint",
    "AWS::S3ObjectLambda::AccessPoint", "AWS::IAM::AssumeRolePolicyDocument", "AWS::DynamoDB::Table",
})
ORG_TYPES = {"SERVICE_CONTROL_POLICY": PolicyType.SCP, "RESOURCE_CONTROL_POLICY": PolicyType.RCP}
_SUB_VAR = re.compile(r"\$\{([^}]*)\}")
_NAME_CHARS = re.compile(r"[^a-z0-9-]")


def accepts(path: str) -> bool:
    return path.lower().endswith(EXTENSIONS)


def extract(path: str, text: str, document=None, construct_paths: bool = False) -> Optional[List[EmbeddedPolicy]]:
    if "Resources" not in text:
        return None
    low = path.lower()
    if low.endswith(".json") or (low.endswith(".template") and text.lstrip()[:1] == "{"):
        tree = _json_tree(text, document)
        if tree is None:
            return None
    else:
        if "AWS::" not in text and "AWSTemplateFormatVersion" not in text:
            return None
        from .yaml_doc import YamlTree

        tree = YamlTree(text, cfn=True)
        if tree.error is not None:
            if "AWSTemplateFormatVersion" in text or re.search(r"^Resources\s*:", text, re.M):
                doc = EmbeddedDocument(text, tree.lines, None, {}, syntax_error=tree.error)
                return [EmbeddedPolicy(doc, None, None, "template")]
            return None
    if not is_template(tree.value):
        return None
    return Template(tree, construct_paths).policies()


def is_template(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    resources = value.get("Resources")
    if not isinstance(resources, dict):
        return False
    if "AWSTemplateFormatVersion" in value or "Transform" in value:
        return True
    return any(isinstance(r, dict) and isinstance(r.get("Type"), str) and "::" in r["Type"] for r in resources.values())


class _JsonTree:
    """A JSON template seen like a YamlTree: value, index (path -> Loc), duplicate keys.

    Positions are found on demand (JsonDocument.slot scans each object only up to the key asked
    for): a template's policies are found from the parsed value, and only their paths, the
    paths of findings and the strings an intrinsic is placed in are ever located."""

    def __init__(self, document):
        self.text = document.text
        self.lines = document.lines
        self.value = document.value
        self.error = None
        # With duplicate keys this builds the document's full index first, so every slot below
        # comes from it (as before, when the index was always built).
        self.duplicates = [(p, Loc(s.key_start, s.key_end, s.start, s.end)) for p, s in document.duplicate_keys]
        self.index = _LazyIndex(document)

    def has_intrinsics(self, path: Path) -> bool:
        """Whether the value at `path` may hold an intrinsic function (a `Ref` or `Fn::` key; an
        escaped key might spell one, so any \\u escape counts too). May say yes wrongly, never
        no wrongly. A template without any is settled without locating the value."""
        if not _may_hold_intrinsics(self.text, 0, len(self.text)):
            return False
        loc = self.index.get(path)
        return loc is None or _may_hold_intrinsics(self.text, loc.start, loc.end)

    def index_all_under(self, path: Path) -> None:
        """Locate every member of the value at `path` in one regex pass over its text (much
        cheaper than asking for each path on its own)."""
        document, locs = self.index.document, self.index.locs
        root = self.index.get(path)
        if root is None or document.duplicate_keys:
            return  # with duplicate keys the document's full index is already built
        text, base = self.text, root.start
        for sub, slot in build_index(text[base : root.end])[0].items():
            full = path + sub
            if full not in locs:
                locs[full] = _loc(text, Slot(slot.key_start + base if slot.key_start >= 0 else -1,
                                             slot.key_end + base if slot.key_end >= 0 else -1,
                                             slot.start + base, slot.end + base))


def _may_hold_intrinsics(text: str, start: int, end: int) -> bool:
    return text.find('"Fn::', start, end) >= 0 or text.find('"Ref"', start, end) >= 0 or text.find("\\u", start, end) >= 0


class _IndexUnder:
    """The index of a policy that is the template's value at `prefix` as it stands: its path p
    sits where prefix + p does."""

    __slots__ = ("index", "prefix")

    def __init__(self, index, prefix: Path):
        self.index = index
        self.prefix = prefix

    def get(self, path: Path) -> Optional[Loc]:
        return self.index.get(self.prefix + path)


class _LazyIndex:
    """path -> Loc of a JsonDocument, located when first asked for. The same path always gives
    the same Loc object (a Placeholder's sources compare Locs by identity)."""

    __slots__ = ("document", "locs")

    def __init__(self, document):
        self.document = document
        self.locs: Dict[Path, Optional[Loc]] = {}

    def get(self, path: Path) -> Optional[Loc]:
        locs = self.locs
        loc = locs.get(path)
        if loc is None and path not in locs:
            loc = locs[path] = _loc(self.document.text, self.document.slot(path))
        return loc


def _loc(text: str, slot) -> Optional[Loc]:
    if slot is None:
        return None
    loc = Loc(slot.key_start, slot.key_end, slot.start, slot.end)
    if text[slot.start : slot.start + 1] == '"':
        s, e = slot.start, slot.end
        loc.mapper = lambda a, b: string_span(text, s, e, (a, b))
    return loc


def _json_tree(text: str, document) -> Optional[_JsonTree]:
    if document is None:
        if text.startswith("\ufeff"):
            text = " " + text[1:]
        document = JsonDocument(text)
    if document.syntax_error is not None:
        return None
    if not is_template(document.value):
        return None
    return _JsonTree(document)


def _comment_suppressions(text: str, lines) -> tuple:
    from .yaml_doc import comment_suppressions  # YAML only: a JSON template has no comments

    return comment_suppressions(text, lines)


def _name(logical_id: str) -> str:
    return _NAME_CHARS.sub("", logical_id.lower()) or "resource"


class Template:
    def __init__(self, tree, construct_paths: bool = False):
        self.tree = tree
        self.text = tree.text
        self.lines = tree.lines if hasattr(tree, "lines") else LineIndex(tree.text)
        self.value = tree.value
        self.index = tree.index
        self.construct_paths = construct_paths
        self.dialect = "json" if isinstance(tree, _JsonTree) else "yaml"  # how fixes are written
        res = self.value.get("Resources")
        self.resources: Dict[str, Any] = res if isinstance(res, dict) else {}
        params = self.value.get("Parameters")
        self.parameters: Dict[str, Any] = params if isinstance(params, dict) else {}
        self.boundaries = self._boundaries()
        self._comments = None
        self.counter = 0  # numbers generic placeholders so that no two look alike

    # -- which policies --------------------------------------------------------------------
    def _boundaries(self) -> set:
        out = set()
        for r in self.resources.values():
            if isinstance(r, dict) and r.get("Type") in ("AWS::IAM::Role", "AWS::IAM::User"):
                props = r.get("Properties")
                pb = props.get("PermissionsBoundary") if isinstance(props, dict) else None
                if isinstance(pb, dict) and isinstance(pb.get("Ref"), str):
                    out.add(pb["Ref"])
        return out

    def policies(self) -> List[EmbeddedPolicy]:
        out: List[EmbeddedPolicy] = []
        for logical_id, res in self.resources.items():
            if not isinstance(res, dict):
                continue
            rtype = res.get("Type")
            locations = LOCATIONS.get(rtype) if isinstance(rtype, str) else None
            props = res.get("Properties")
            if not locations or not isinstance(props, dict):
                continue
            rpath: Path = ("Resources", logical_id)
            suppressions = self._suppressions(res, rpath)
            meta = res.get("Metadata")
            cdk_path = meta.get("aws:cdk:path") if self.construct_paths and isinstance(meta, dict) else None
            cdk_path = cdk_path if isinstance(cdk_path, str) else None
            for prop, kind, ptype, restype in locations:
                if prop not in props:
                    continue
                ppath = rpath + ("Properties", prop)
                raw = props[prop]
                notes: Tuple[str, ...] = ()
                if rtype == "AWS::IAM::ManagedPolicy" and logical_id in self.boundaries:
                    ptype, notes = PolicyType.BOUNDARY, ("permissions boundary",)
                # A property (or a Policies item) of the wrong type: reported by wrong-type at its
                # place, as cfn-lint does, not skipped in silence. Intrinsics are left alone.
                wrong: List[Tuple[Path, str]] = []
                if kind == "doc":
                    found = [(ppath, raw)]
                elif kind == "resource-policy":
                    found = [(ppath + ("PolicyDocument",), raw["PolicyDocument"])] if isinstance(raw, dict) and "PolicyDocument" in raw else []
                    if not isinstance(raw, dict):
                        wrong.append((ppath, f"{prop} must be an object with a PolicyDocument, not {json_type(raw)}"))
                elif kind == "list":
                    found = []
                    if isinstance(raw, list):
                        for i, item in enumerate(raw):
                            if isinstance(item, dict) and "PolicyDocument" in item:
                                found.append((ppath + (i, "PolicyDocument"), item["PolicyDocument"]))
                            elif not isinstance(item, dict):
                                wrong.append((ppath + (i,), f"{prop}[{i}] must be an object with a PolicyName and a "
                                                            f"PolicyDocument, not {json_type(item)}"))
                    elif not _is_intrinsic(raw):
                        wrong.append((ppath, f"{prop} must be an array of policies, not {json_type(raw)}"))
                elif kind == "org":
                    otype = props.get("Type")
                    ptype = ORG_TYPES.get(otype) if isinstance(otype, str) else None
                    if ptype is None:
                        continue  # tag, backup, AI opt-out policies are not IAM policies
                    found = [(ppath, raw)]
                else:  # sam
                    items = raw if isinstance(raw, list) else [raw]
                    found = []
                    for i, item in enumerate(items):
                        ipath = ppath + (i,) if isinstance(raw, list) else ppath
                        if isinstance(item, dict) and "Statement" in item:
                            found.append((ipath, item))
                for wpath, message in wrong:
                    loc = self.index.get(wpath)
                    if loc is not None:
                        out.append(EmbeddedPolicy(not_a_policy(self.text, self.lines, loc, message), ptype, restype,
                                                  _label(wpath), construct_path=cdk_path, suppressions=suppressions))
                for dpath, draw in found:
                    for doc, label_extra in self._documents(dpath, draw, ptype is PolicyType.TRUST):
                        label = _label(dpath)
                        extra_notes = notes
                        if restype and restype not in ENGINE_RESOURCE_TYPES:
                            extra_notes = notes + (f"resource policy of {restype}",)
                        out.append(EmbeddedPolicy(
                            doc, ptype, restype,
                            label + label_extra, construct_path=cdk_path,
                            suppressions=suppressions, notes=extra_notes,
                        ))
        return out

    def _documents(self, dpath: Path, raw: Any, trust: bool = False):
        """(EmbeddedDocument, label suffix) for the policy at dpath: a mapping; a JSON string;
        Fn::If -> each branch."""
        if isinstance(raw, dict) and len(raw) == 1:
            (key, arg), = raw.items()
            if key == "Fn::If":
                if isinstance(arg, list) and len(arg) == 3:
                    for branch in (1, 2):
                        bpath = dpath + ("Fn::If", branch)
                        for doc, extra in self._documents(bpath, arg[branch], trust):
                            yield doc, f".Fn::If[{branch}]{extra}"
                return
            if key in INTRINSICS:
                return  # Ref, ImportValue, Sub of a whole document: nothing to check offline
        if isinstance(raw, dict):
            dups = [(p[len(dpath):], l) for p, l in self.tree.duplicates if p[: len(dpath)] == dpath]
            tree = self.tree
            if isinstance(tree, _JsonTree):
                if not tree.has_intrinsics(dpath):
                    # Nothing to resolve: the policy is the template's value as it stands, and
                    # each of its paths sits where the same path under dpath does. No root: the
                    # index locates () itself (when asked: locating a value costs decoding it).
                    yield EmbeddedDocument(self.text, self.lines, raw, _IndexUnder(tree.index, dpath),
                                           duplicate_keys=dups, edits=EditContext("json")), ""
                    return
                tree.index_all_under(dpath)  # the Resolver asks for every path in it
            for second in (False, True):
                # Fn::If inside the policy: each branch's policy is linted (the first branches,
                # then, if an If offered two values, the second ones); the findings the two share
                # are reported once (engine.analyze_embedded)
                value_index: Dict[Path, Loc] = {}
                resolver = Resolver(self, value_index, trust, second_branch=second)
                value = resolver.resolve(raw, dpath, ())
                if value is NO_VALUE:
                    return
                doc = EmbeddedDocument(self.text, self.lines, value, value_index, duplicate_keys=dups,
                                       root=self.index.get(dpath), edits=EditContext(self.dialect))
                doc.unescaped_variables = tuple(resolver.escapes) if not second else ()
                yield doc, ""
                if not resolver.alternatives:
                    return
        elif isinstance(raw, str) and raw.strip().startswith("{"):
            loc = self.index.get(dpath)
            if loc is not None:
                yield StringDocument(self.text, self.lines, raw, loc, self.dialect), ""
        else:  # 42, null, [1, 2], "policy.json": no policy in it, and CloudFormation rejects it
            loc = self.index.get(dpath)
            if loc is not None:
                what = f"the string {_shown(raw)}" if isinstance(raw, str) else json_type(raw)
                yield not_a_policy(self.text, self.lines, loc,
                                   f"{_property(dpath)} must be a policy: an object (or its JSON text), not {what}"), ""

    def _suppressions(self, res: dict, rpath: Path) -> Tuple[CarrierSuppression, ...]:
        out = []
        if self._comments is None:
            self._comments = () if isinstance(self.tree, _JsonTree) else _comment_suppressions(self.text, self.lines)
        meta = res.get("Metadata")
        settings = meta.get("iamlint") if isinstance(meta, dict) else None
        if not isinstance(settings, dict) and not self._comments:
            return ()  # nothing to place: the resource is not located (that costs decoding it)
        rloc = self.index.get(rpath)
        if rloc is not None and isinstance(settings, dict):
            ignore = settings.get("ignore")
            items = ignore if isinstance(ignore, list) else [ignore] if ignore is not None else []
            for i, item in enumerate(items):
                ipath = rpath + ("Metadata", "iamlint", "ignore") + ((i,) if isinstance(ignore, list) else ())
                iloc = self.index.get(ipath) or rloc
                codes: Tuple[str, ...] = ()
                reason = None
                if isinstance(item, str):
                    codes = (item,)
                elif isinstance(item, dict):
                    c = item.get("code", item.get("codes"))
                    codes = (c,) if isinstance(c, str) else tuple(x for x in c if isinstance(x, str)) if isinstance(c, list) else ()
                    r = item.get("reason")
                    reason = r.strip() if isinstance(r, str) and r.strip() else None
                out.append(CarrierSuppression("metadata", codes, reason, iloc.start, iloc.end,
                                              scope_start=rloc.start, scope_end=rloc.end))
        if rloc is not None:
            out.extend(c for c in self._comments if rloc.start <= c.start_offset < rloc.end)
        return tuple(out)

    # -- values of references ----------------------------------------------------------------
    def ref_text(self, name: str, want_arn: bool) -> str:
        if name in PSEUDO:
            return PSEUDO[name]
        res = self.resources.get(name)
        if isinstance(res, dict):
            kind, fmt = RESOURCE_ARNS.get(res.get("Type"), ("name", None))
            n = _name(name)
            if fmt is not None and (want_arn or kind == "arn"):
                return fmt.format(n=n)
            if kind == "url":
                return f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{n}"
            if kind == "id" and "kms" in (fmt or ""):
                return "00000000-0000-0000-0000-000000000000"
            return n
        param = self.parameters.get(name)
        if isinstance(param, dict):
            default = param.get("Default")
            if isinstance(default, (str, int, float)) and not isinstance(default, bool) and str(default):
                return str(default)
        return ""

    def getatt_text(self, target: str, attr: str) -> str:
        res = self.resources.get(target)
        if isinstance(res, dict) and attr.endswith("Arn"):
            _kind, fmt = RESOURCE_ARNS.get(res.get("Type"), ("name", None))
            if fmt is not None:
                return fmt.format(n=_name(target))
        return ""


class Resolver:
    """Turns the raw template value of one policy into policy values with Placeholders, and
    records where each value path sits in the file."""

    def __init__(self, template: Template, out_index: Dict[Path, Loc], trust: bool = False, second_branch: bool = False):
        self.t = template
        self.trust = trust
        self.index = template.index
        self.out = out_index
        self.escapes: List[UnescapedVariable] = []  # ${aws:username} read by Fn::Sub
        # Fn::If inside a policy: the first branch that is a value is taken, or, with
        # second_branch, the second first; `alternatives` says whether an If offered two values
        self.second_branch = second_branch
        self.alternatives = False

    def resolve(self, raw: Any, fpath: Path, vpath: Path) -> Any:
        loc = self.index.get(fpath)
        if loc is not None:
            self.out[vpath] = loc
        if isinstance(raw, dict):
            if len(raw) == 1:
                (key, arg), = raw.items()
                if key in INTRINSICS:
                    return self.intrinsic(key, arg, fpath, vpath)
            result = {}
            for k, v in raw.items():
                r = self.resolve(v, fpath + (k,), vpath + (k,))
                if r is not NO_VALUE:
                    result[k] = r
            return result
        if isinstance(raw, list):
            out = []
            for i, v in enumerate(raw):
                r = self.resolve(v, fpath + (i,), vpath + (len(out),))
                if r is not NO_VALUE:
                    out.append(r)
            return out
        return raw

    @staticmethod
    def _is_no_value(v: Any) -> bool:
        return isinstance(v, dict) and v == {"Ref": "AWS::NoValue"}

    # -- intrinsics --------------------------------------------------------------------------
    def intrinsic(self, key: str, arg: Any, fpath: Path, vpath: Path) -> Any:
        if key == "Ref" and arg == "AWS::NoValue":
            return NO_VALUE
        if key == "Fn::If":
            if isinstance(arg, list) and len(arg) == 3:
                values = [b for b in (1, 2) if not self._is_no_value(arg[b])]
                if len(values) == 2:
                    self.alternatives = True
                for branch in (values[::-1] if self.second_branch else values):
                    return self.resolve(arg[branch], fpath + ("Fn::If", branch), vpath)
                return NO_VALUE
            return self.whole(key, fpath, vpath, "")
        if key in ("Fn::Sub", "Fn::Join"):
            parts = self.sub(arg, fpath + (key,), vpath) if key == "Fn::Sub" else self.join(arg, fpath + (key,), vpath)
            if parts is not None:
                # A finding on the whole value points at the string, not at the tag.
                outer = self.out.get(vpath)
                inner = self.index.get(fpath + (key,) + ((0,) if isinstance(arg, list) else ()))
                if key == "Fn::Sub" and outer is not None and inner is not None:
                    self.out[vpath] = Loc(outer.key_start, outer.key_end, inner.start, inner.end, inner.mapper)
                return self.placeholder_from_parts(key, parts)
            return self.whole(key, fpath, vpath, "")
        want_arn = self._wants_arn(vpath)
        if key == "Ref" and isinstance(arg, str):
            return self.whole(key, fpath, vpath, self.t.ref_text(arg, want_arn))
        if key == "Fn::GetAtt":
            target, attr = _getatt(arg)
            return self.whole(key, fpath, vpath, self.t.getatt_text(target, attr) if target else "")
        return self.whole(key, fpath, vpath, "")

    def whole(self, key: str, fpath: Path, vpath: Path, text: str) -> Any:
        if _container_position(vpath) is not None:
            # An intrinsic where the grammar wants an object or array (Statement, a statement,
            # Principal, Condition, an operator's block): an object or array unknown until deploy.
            # The rules never report it as malformed, and a statement whose Condition is one is
            # not judged by the rules that depend on its conditions (carriers.conditions_unknown).
            return Placeholder("placeholder", key)
        if not text or (self._wants_arn(vpath) and not text.startswith("arn:") and text != "*"):
            text = self._computed_text(fpath, vpath)
        return Placeholder(text, key)

    def _computed_text(self, fpath: Path, vpath: Path) -> str:
        """A plausible text for a whole value unknown until deploy, by where it sits."""
        self.t.counter += 1
        n = self.t.counter
        element = _element(vpath)
        if element in ("Resource", "NotResource"):
            return _resource_arn(self._services(fpath), n)
        if element in ("Action", "NotAction"):
            return "sts:AssumeRole" if self.trust else HARMLESS_ACTIONS[(n - 1) % len(HARMLESS_ACTIONS)]
        if element in ("Principal", "NotPrincipal") and "AWS" in vpath:
            return f"arn:aws:iam::{ACCOUNT}:role/placeholder-{n}"
        return _context_text(vpath)

    def _services(self, fpath: Path) -> List[str]:
        """Service prefixes of the Action of the statement that holds fpath."""
        k = max((i for i, p in enumerate(fpath) if p in ("Resource", "NotResource")), default=-1)
        if k < 0:
            return []
        node: Any = self.t.value
        try:
            for p in fpath[:k]:
                node = node[p]
        except (KeyError, IndexError, TypeError):
            return []
        action = node.get("Action") if isinstance(node, dict) else None
        actions = action if isinstance(action, list) else [action]
        return [a.split(":", 1)[0].lower() for a in actions if isinstance(a, str) and ":" in a]

    @staticmethod
    def _wants_arn(vpath: Path) -> bool:
        element = _element(vpath)
        return element in ("Resource", "NotResource") or (element in ("Principal", "NotPrincipal") and "AWS" in vpath)

    def sub(self, arg: Any, fpath: Path, vpath: Path):
        """[(text, source)] for Fn::Sub: source (Loc, raw_start, raw_end) per piece, or None
        for a substituted piece with its ${...} raw range."""
        if isinstance(arg, list) and arg and isinstance(arg[0], str):
            template, variables, spath = arg[0], arg[1] if len(arg) > 1 and isinstance(arg[1], dict) else {}, fpath + (0,)
        elif isinstance(arg, str):
            template, variables, spath = arg, {}, fpath
        else:
            return None
        loc = self.index.get(spath)
        pieces: List[Tuple[str, Any, bool]] = []
        pos = 0
        for m in _SUB_VAR.finditer(template):
            if m.start() > pos:
                pieces.append((template[pos : m.start()], (loc, pos), False))
            name = m.group(1)
            if name.startswith("!"):  # ${!Literal} -> ${Literal}
                pieces.append(("${" + name[1:] + "}", (loc, m.start()), False))
            elif POLICY_VARIABLE.match(name) and name not in variables:
                # No CloudFormation name has one colon (pseudo parameters have two): a policy
                # variable Fn::Sub cannot resolve. Read as meant, and reported.
                self.escapes.append(_unescaped(loc, m.start(), name, "Fn::Sub", "!"))
                pieces.append((m.group(0), (loc, m.start()), False))
            else:
                if name in variables:
                    value = variables[name]
                    text = value if isinstance(value, str) else self._known_text(value, fpath + (1, name))
                elif "." in name and name.split(".", 1)[0] in self.t.resources:
                    text = self.t.getatt_text(*name.split(".", 1))
                else:
                    text = self.t.ref_text(name, False)
                if not text:
                    # unknown until deploy (a parameter without Default, an import, a function):
                    # a text that fits where it sits, as the Terraform carrier's _in_arn does
                    whole = m.start() == 0 and m.end() == len(template)
                    text = self._computed_text(fpath, vpath) if whole and vpath[:1] != ("<part>",) \
                        else self._stand_in(name, "".join(p[0] for p in pieces), fpath, vpath)
                pieces.append((text, (loc, m.start(), m.end()), True, m.group(0)))
            pos = m.end()
        if pos < len(template):
            pieces.append((template[pos:], (loc, pos), False))
        return pieces

    def _known_text(self, value: Any, vfpath: Path) -> str:
        """The text of a Fn::Sub variable whose value is a function (`{Reg: !Ref AWS::Region}`),
        or "" when it is unknown until deploy."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not _is_intrinsic(value):
            return ""
        (key, arg), = value.items()
        if key == "Ref" and isinstance(arg, str):
            return self.t.ref_text(arg, False)
        if key == "Fn::GetAtt":
            target, attr = _getatt(arg)
            return self.t.getatt_text(target, attr) if target else ""
        if key in ("Fn::Sub", "Fn::Join"):
            parts = self.sub(arg, vfpath + (key,), ("<part>",)) if key == "Fn::Sub" else self.join(arg, vfpath + (key,), ("<part>",))
            return "".join(p[0] for p in parts) if parts is not None else ""
        return ""

    def _stand_in(self, name: str, before: str, fpath: Path, vpath: Path) -> str:
        """A plausible text for a Fn::Sub variable unknown until deploy, by the field of the
        ARN it stands in (the Region, the account, the whole ARN), else its name."""
        if self._wants_arn(vpath) or (_element(vpath) == "Condition" and before.startswith("arn:")):
            if before == "":  # the start of the value: an ARN (`${BucketArn}/*`)
                return self._computed_text(fpath, vpath)
            if before.startswith("arn:") and before.endswith(":"):
                field = before.count(":")
                if field in ARN_FIELD_TEXTS:
                    return ARN_FIELD_TEXTS[field]
        return _name(name.split(".", 1)[0])

    def join(self, arg: Any, fpath: Path, vpath: Path):
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) and isinstance(arg[1], list)):
            return None
        delim = arg[0]
        pieces: List[Tuple[str, Any, bool]] = []
        for i, item in enumerate(arg[1]):
            if i and delim:
                pieces.append((delim, (self.index.get(fpath + (0,)), 0), False))
            ipath = fpath + (1, i)
            if isinstance(item, str):
                pieces.append((item, (self.index.get(ipath), 0), False))
            elif isinstance(item, (int, float)) and not isinstance(item, bool):
                pieces.append((str(item), (self.index.get(ipath), 0), False))
            else:
                sub_out: Dict[Path, Loc] = {}
                value = Resolver(self.t, sub_out, self.trust).resolve(item, ipath, ("<part>",))
                if value is NO_VALUE:
                    continue
                iloc = self.index.get(ipath)
                rs, re_ = (iloc.start, iloc.end) if iloc is not None else (-1, -1)
                if isinstance(value, Placeholder) and value.whole and not value.intrinsic.startswith("Fn::Sub"):
                    pieces.append((str(value), (iloc, rs, re_), True, _written_intrinsic(item)))
                elif isinstance(value, str):
                    pieces.append((str(value), (iloc, rs, re_), True, _written_intrinsic(item)))
                else:
                    return None
        return pieces

    def placeholder_from_parts(self, key: str, pieces) -> Placeholder:
        text_parts: List[str] = []
        sources: list = []
        spans = []
        written = []
        pos = 0
        for text, src, substituted, *shown in pieces:
            text_parts.append(text)
            if substituted:
                written.append(shown[0] if shown else "")
                loc, rs, re_ = src
                item = (loc, rs, re_) if loc is not None else None
                # The raw ${...} of a Sub sits inside the template string: map through the string.
                if loc is not None and key == "Fn::Sub":
                    mapped = loc.span(rs, re_)
                    item = (loc, mapped[0], mapped[1]) if mapped else None
                sources.extend([item] * len(text))
                spans.append((pos, pos + len(text)))
            else:
                loc, base = src
                for i in range(len(text)):
                    mapped = loc.span(base + i, base + i + 1) if loc is not None else None
                    sources.append((loc, mapped[0], mapped[1]) if mapped else None)
            pos += len(text)
        return Placeholder("".join(text_parts), key, spans, sources, written)


def _label(path: Path) -> str:
    """Resources.R.Properties.Policies[0].PolicyDocument"""
    return ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path).replace(".[", "[")


def _property(path: Path) -> str:
    """The part of a label after Properties: Policies[0].PolicyDocument"""
    i = path.index("Properties") + 1 if "Properties" in path else 0
    return _label(path[i:])


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _is_intrinsic(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in INTRINSICS


def _unescaped(loc: Optional[Loc], start: int, name: str, engine: str, escape: str) -> UnescapedVariable:
    """The ${name} at decoded offset `start` of the string at `loc`, placed in the file when the
    string maps there exactly (else the whole string, and no fix)."""
    n = len(name) + 3
    mapped = loc.span(start, start + n) if loc is not None else None
    if mapped is not None and mapped[1] - mapped[0] == n:
        return UnescapedVariable(mapped[0], mapped[1], name, engine, escape, mapped[0] + 2)
    a, b = (loc.start, loc.end) if loc is not None else (0, 0)
    return UnescapedVariable(a, b, name, engine, escape, None)


def _written_intrinsic(value: Any) -> str:
    """How a message names a function inside a Fn::Join: `<Ref Name>`, `<Fn::GetAtt R.Arn>`."""
    if _is_intrinsic(value):
        (key, arg), = value.items()
        if key == "Ref" and isinstance(arg, str):
            return f"<Ref {arg}>"
        if key == "Fn::GetAtt":
            target, attr = _getatt(arg)
            if target:
                return f"<Fn::GetAtt {target}.{attr}>"
        return f"<{key}>"
    return "<computed>"


def _getatt(arg: Any) -> Tuple[str, str]:
    if isinstance(arg, str) and "." in arg:
        a, b = arg.split(".", 1)
        return a, b
    if isinstance(arg, list) and len(arg) == 2 and all(isinstance(x, str) for x in arg):
        return arg[0], arg[1]
    return "", ""


def _container_position(vpath: Path) -> Optional[str]:
    """'statements', 'statement', 'principal', 'condition' when vpath is a place that must hold
    an object or array; None for places that hold strings."""
    if vpath == ("Statement",):
        return "statements"
    if not vpath or vpath[0] != "Statement":
        return None
    rest = vpath[1:]
    if rest and isinstance(rest[0], int):
        rest = rest[1:]
    if not rest:
        return "statement"
    if len(rest) == 1 and rest[0] in ("Principal", "NotPrincipal"):
        return "principal"
    if rest[0] == "Condition" and len(rest) <= 2:
        return "condition"
    return None


def _element(vpath: Path) -> Optional[str]:
    if not vpath or vpath[0] != "Statement":
        return vpath[0] if vpath and isinstance(vpath[0], str) else None
    rest = vpath[1:]
    if rest and isinstance(rest[0], int):
        rest = rest[1:]
    return rest[0] if rest and isinstance(rest[0], str) else None


_GLOBAL_ARN_SERVICES = {"s3": "arn:aws:s3:::placeholder-{n}", "iam": f"arn:aws:iam::{ACCOUNT}:role/placeholder-{{n}}"}


def _resource_arn(services: List[str], n: int) -> str:
    """An ARN of the statement's service (the first one named) for a whole-value intrinsic."""
    svc = services[0] if services and services[0].replace("-", "").isalnum() else None
    if svc is None:
        return f"arn:aws:iam::{ACCOUNT}:role/placeholder-{n}"
    fmt = _GLOBAL_ARN_SERVICES.get(svc)
    if fmt is not None:
        return fmt.format(n=n)
    return f"arn:aws:{svc}:{REGION}:{ACCOUNT}:placeholder-{n}"


def _context_text(vpath: Path) -> str:
    """A value that fits where a whole-value intrinsic sits, so that rules unaware of
    placeholders find nothing wrong with it."""
    element = _element(vpath)
    if element in ("Resource", "NotResource"):
        return GENERIC_ARN
    if element in ("Principal", "NotPrincipal"):
        if "Service" in vpath:
            return "ec2.amazonaws.com"
        if "Federated" in vpath:
            return f"arn:aws:iam::{ACCOUNT}:saml-provider/placeholder"
        if "CanonicalUser" in vpath:
            return "0" * 64
        return GENERIC_ARN
    if element == "Condition":
        i = vpath.index("Condition")
        key = vpath[i + 2] if len(vpath) > i + 2 else None
        if isinstance(key, str) and key.lower() in KEY_VALUES:
            return KEY_VALUES[key.lower()]
        op = vpath[i + 1] if len(vpath) > i + 1 else None
        if isinstance(op, str):
            from ..policy import parse_operator

            family = parse_operator(op).family
            if family in FAMILY_VALUES:
                return FAMILY_VALUES[family]
            if isinstance(key, str) and key.lower().endswith("arn"):
                return GENERIC_ARN
        return "placeholder"
    if element == "Version":
        return "2012-10-17"
    if element == "Effect":
        return "Allow"
    if element in ("Action", "NotAction"):
        return "${Action}"
    return "placeholder"


class StringDocument:
    """A policy written as a JSON string inside the template (Organizations Content, ECR
    RepositoryPolicyText): parsed on its own, placed inside the string in the file."""

    def __init__(self, text: str, lines, inner_text: str, loc: Loc, dialect: str = "json"):
        self.text = text
        self.lines = lines
        self._loc = loc
        self.edits = EditContext("json", (dialect, style_at(text, loc.start)))
        self._inner = JsonDocument(inner_text)
        self.value = self._inner.value
        self.syntax_error = None
        if self._inner.syntax_error is not None:
            e = self._inner.syntax_error
            s, t = self._map(e.offset, e.end_offset)
            self.syntax_error = SyntaxProblem(s, t, e.message)
        self.duplicate_keys = []
        for path, slot in self._inner.duplicate_keys:
            s, t = self._map(slot.key_start, slot.key_end)
            self.duplicate_keys.append((path, Loc(s, t, s, t)))

    def _map(self, a: int, b: int) -> Tuple[int, int]:
        mapped = self._loc.span(a, b)
        return mapped if mapped is not None else (self._loc.start, self._loc.end)

    def locate(self, path: Path, on_key: bool = False, span=None):
        r = self._inner.locate(path, on_key, span)
        return self.lines.range(*self._map(r.start_offset, r.end_offset))

    def removal_edit(self, path: Path):
        """Deleting an array item of the inner JSON: a deletion needs no escaping, only an exact
        place in the string."""
        if not path or not isinstance(path[-1], int):
            return None
        from ..fixes import removal

        found = removal(self._inner.text, self._inner.slot, tuple(path))
        if found is None:
            return None
        mapped = exact_span(self._loc.span(found.start_offset, found.end_offset), self._loc.start, self._loc.end)
        return None if mapped is None else (mapped[0], mapped[1], "")

    def replacement_edit(self, path: Path, new_value: Any, on_key: bool = False, span=None):
        """(start, end, text) putting `new_value` at `path` inside the string, or None (see
        EmbeddedDocument.replacement_edit): the JSON edit, escaped for the template's string."""
        slot = self._inner.slot(tuple(path))
        if slot is None or (on_key and (slot.key_start < 0 or not isinstance(new_value, str))):
            return None
        inner_text = self._inner.text
        if on_key:
            a, b = slot.key_start, slot.key_end
            new_text = self.edits.whole(self.text, 0, new_value)
        elif span is not None:
            if inner_text[slot.start : slot.start + 1] != '"':
                return None
            r = self._inner.locate(path, False, span)
            a, b = r.start_offset, r.end_offset
            new_text = self.edits.characters(self.text, 0, 0, str(new_value))
        else:
            a, b = slot.start, slot.end
            new_text = self.edits.whole(self.text, 0, new_value)
        mapped = exact_span(self._loc.span(a, b), self._loc.start, self._loc.end)
        if new_text is None or mapped is None:
            return None
        return mapped[0], mapped[1], new_text
