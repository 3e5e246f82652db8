"""The last line of `make bench`: which targets the three benches met, from their JSON lines."""

from __future__ import annotations

import json
import sys


def main(path: str) -> None:
    with open(path) as results:
        targets = [json.loads(line) for line in results if line.strip()]
    missed = [t for t in targets if not t["met"]]
    met = len(targets) - len(missed)
    print()
    for target in missed:
        print(f"  not met: {target['bench']}: {target['target']}")
    print(f"bench targets met: {met} of {len(targets)}" + ("" if missed else " (all)"))


if __name__ == "__main__":
    main(sys.argv[1])
