"""Fail when a function is more complex than LIMIT, by radon's cyclomatic measure.

`make lint` runs it on the application and the benchmark. A function above the limit is
split where its parts say what they do; an exception would be listed here with its reason.
"""

import sys
from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Function

LIMIT = 15
EXCEPTIONS: dict[str, str] = {}  # "path:function" -> why it stays above LIMIT


def too_complex(folders: list[str]) -> list[str]:
    """Return 'path:line function (complexity)' for each function above LIMIT in `folders`."""
    found = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.py")):
            for block in cc_visit(path.read_text(encoding="utf-8")):
                name = f"{path}:{block.name}"
                if not isinstance(block, Function):
                    continue  # a class: its methods are blocks of their own
                if block.complexity > LIMIT and name not in EXCEPTIONS:
                    found.append(f"{path}:{block.lineno} {block.name} ({block.complexity})")
    return found


if __name__ == "__main__":
    problems = too_complex(sys.argv[1:] or ["app", "bench"])
    for problem in problems:
        print(f"{problem}: more complex than {LIMIT}; split it", file=sys.stderr)
    sys.exit(1 if problems else 0)
