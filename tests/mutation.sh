#!/usr/bin/env bash
# Mutation score of library source files against the fast tests (tests/CronPlan.Tests without RealDaemon/).
#
# Usage: tests/mutation.sh FILE...        e.g. tests/mutation.sh src/CronPlan/Cron/DebianEngine.cs
#
# One Stryker.NET run for all the files (the local tool from .config/dotnet-tools.json; settings in tests/stryker-config.json),
# built with -c Mutation, the configuration that leaves the real-daemon tests out of the test assembly.
# CONCURRENCY (default 1) sets Stryker's parallel test sessions. Reports go to artifacts/mutation/reports/
# (mutation-report.html, mutation-report.json); the mutants that were not killed are listed in
# artifacts/mutation/NAME.undetected.txt. Ends with a table: file, score, killed, survived, no coverage, timeout.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

if [ "$#" -eq 0 ]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi

dotnet tool restore >/dev/null || exit 1

# One Stryker run for all the files (one build, one coverage pass); the scores are then read per file from its report.
status=0
paths=()
mutate=()
for file in "$@"; do
  path="$(realpath --relative-to="$root" "$file" 2>/dev/null)"
  case "$path" in
    src/CronPlan/*.cs) ;;
    *) echo "mutation.sh: $file is not a source file of src/CronPlan" >&2; exit 2 ;;
  esac
  if [ ! -f "$path" ]; then
    echo "mutation.sh: $file does not exist" >&2; exit 2
  fi
  paths+=("$path")
  mutate+=(--mutate "**/${path#src/CronPlan/}")
done

output="$root/artifacts/mutation"
rm -rf "$output"
mkdir -p "$output"
echo "Stryker on ${#paths[@]} file(s); log: $output/stryker.log"
(cd tests/CronPlan.Tests && dotnet stryker \
    --config-file ../stryker-config.json \
    "${mutate[@]}" \
    --concurrency "${CONCURRENCY:-1}" \
    --output "$output" \
    --skip-version-check) > "$output/stryker.log" 2>&1
report="$output/reports/mutation-report.json"
if [ ! -f "$report" ]; then
  echo "mutation.sh: Stryker wrote no report; see $output/stryker.log" >&2
  tail -n 20 "$output/stryker.log" >&2
  exit 1
fi

python3 - "$report" "$output" "${paths[@]}" <<'PY'
import json, os, sys
report, output, wanted = sys.argv[1], sys.argv[2], sys.argv[3:]
files = json.load(open(report, encoding="utf-8"))["files"]
rows = [("file", "score", "killed", "survived", "no coverage", "timeout")]
total = {"Killed": 0, "Survived": 0, "NoCoverage": 0, "Timeout": 0}
def score(c):
    detected = c["Killed"] + c["Timeout"]
    valid = detected + c["Survived"] + c["NoCoverage"]
    return 100.0 * detected / valid if valid else 100.0
for path in wanted:
    counts = {"Killed": 0, "Survived": 0, "NoCoverage": 0, "Timeout": 0}
    lines = []
    for name, data in files.items():
        if not name.replace("\\", "/").endswith(path):
            continue
        source = data["source"].split("\n")
        for m in data["mutants"]:
            status = m["status"]
            if status in counts:
                counts[status] += 1
            if status in ("Survived", "NoCoverage"):
                line = m["location"]["start"]["line"]
                lines.append((line, f"{path}:{line}:{m['location']['start']['column']}: {status}: {m['mutatorName']}: "
                                    f"{m.get('replacement', '').strip()[:120]}\n    {source[line - 1].strip()[:160]}"))
    for k in total:
        total[k] += counts[k]
    name = os.path.basename(path)[:-3]
    with open(os.path.join(output, name + ".undetected.txt"), "w", encoding="utf-8") as out:
        out.write("\n".join(text for _, text in sorted(lines, key=lambda l: l[0])) + "\n")
    rows.append((path, f"{score(counts):.1f}%", counts["Killed"], counts["Survived"], counts["NoCoverage"], counts["Timeout"]))
rows.append(("together", f"{score(total):.1f}%", total["Killed"], total["Survived"], total["NoCoverage"], total["Timeout"]))
widths = [max(len(str(r[i])) for r in rows) for i in range(6)]
for r in rows:
    print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip())
PY
