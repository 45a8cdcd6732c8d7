"""AWS CDK output: `cdk.out/*.template.json` are CloudFormation templates synthesised by the CDK.
Their policies are read like any template's, and each also names its construct path (the
resource's Metadata "aws:cdk:path", e.g. "MyStack/Handler/ServiceRole/DefaultPolicy/Resource"),
which says where the policy comes from in the CDK app rather than in the generated JSON.
"""

from __future__ import annotations

import os
from typing import List, Optional

from . import EmbeddedPolicy


def accepts(path: str) -> bool:
    norm = path.replace(os.sep, "/")
    return norm.endswith(".template.json") and ("cdk.out/" in norm or norm.startswith("cdk.out"))


def extract(path: str, text: str, document=None) -> Optional[List[EmbeddedPolicy]]:
    from .cloudformation import extract as cfn_extract

    found = cfn_extract(path, text, document, construct_paths=True)
    if found is None:
        return None
    for p in found:
        p.generated = True
        if p.construct_path:
            p.label = f"{p.construct_path} ({p.label})"
    return found
