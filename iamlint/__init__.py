"""iamlint: an offline linter for AWS IAM policy documents.

    >>> from iamlint import lint
    >>> [f.code for f in lint('{"Version": "2012-10-17", "Statement": []}')]
    []
"""

__version__ = "0.1.0"

from .config import Config  # noqa: E402
from .engine import lint, lint_bytes  # noqa: E402
from .model import Finding, PolicyType, Position, Range, Severity  # noqa: E402

__all__ = ["lint", "lint_bytes", "Config", "Finding", "PolicyType", "Position", "Range", "Severity", "__version__"]
