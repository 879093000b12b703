#!/usr/bin/env bash
# Declares the libraries' public API as it is now: builds the solution, then adds every member RS0016 reports as
# undeclared to its project's PublicAPI.Unshipped.txt and drops every line RS0017 reports as gone. Review the diff:
# it is the change to what users of the packages see.
set -euo pipefail
cd "$(dirname "$0")/.."
log="$(mktemp)"
dotnet build CronPlan.sln -p:TreatWarningsAsErrors=false > "$log" 2>&1 || true
python3 - "$log" <<'PY'
import re, sys, collections
added, removed = collections.defaultdict(set), collections.defaultdict(set)
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"^(.*?/src/[^/]+)/.*(RS0016|RS0017): Symbol '(.*)' is (?:not part of the declared public API|part of the declared API, but)", line)
    if m:
        (added if m.group(2) == "RS0016" else removed)[m.group(1)].add(m.group(3))
for project in set(added) | set(removed):
    path = f"{project}/PublicAPI.Unshipped.txt"
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8") if l.strip() and not l.startswith("#")]
    symbols = (set(lines) - removed[project]) | added[project]
    with open(path, "w", encoding="utf-8") as f:
        f.write("#nullable enable\n" + "".join(s + "\n" for s in sorted(symbols, key=str.lower)))
    print(f"{path}: +{len(added[project])} -{len(removed[project])}")
PY
