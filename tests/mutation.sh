#!/usr/bin/env bash
# Mutation score of library source files against the fast tests (tests/CronPlan.Tests without RealDaemon/).
#
# Usage: tests/mutation.sh FILE...        e.g. tests/mutation.sh src/CronPlan/Cron/DebianEngine.cs
#
# One Stryker.NET run per file (the local tool from .config/dotnet-tools.json; settings in tests/stryker-config.json),
# built with -c Mutation, the configuration that leaves the real-daemon tests out of the test assembly.
# CONCURRENCY (default 1) sets Stryker's parallel test sessions. Reports go to artifacts/mutation/NAME/reports/
# (mutation-report.html, mutation-report.json); the mutants that were not killed are listed in
# artifacts/mutation/NAME/undetected.txt. Ends with a table: file, score, killed, survived, no coverage, timeout.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

if [ "$#" -eq 0 ]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi

dotnet tool restore >/dev/null || exit 1

summaries=()
status=0
for file in "$@"; do
  path="$(realpath --relative-to="$root" "$file" 2>/dev/null)"
  case "$path" in
    src/CronPlan/*.cs) ;;
    *) echo "mutation.sh: $file is not a source file of src/CronPlan" >&2; status=2; continue ;;
  esac
  if [ ! -f "$path" ]; then
    echo "mutation.sh: $file does not exist" >&2; status=2; continue
  fi

  name="$(basename "$path" .cs)"
  output="$root/artifacts/mutation/$name"
  rm -rf "$output"
  mkdir -p "$output"
  echo "== $path"
  (cd tests/CronPlan.Tests && dotnet stryker \
      --config-file ../stryker-config.json \
      --mutate "**/${path#src/CronPlan/}" \
      --concurrency "${CONCURRENCY:-1}" \
      --output "$output" \
      --skip-version-check) > "$output/stryker.log" 2>&1
  report="$output/reports/mutation-report.json"
  if [ ! -f "$report" ]; then
    echo "mutation.sh: Stryker wrote no report for $path; see $output/stryker.log" >&2
    tail -n 20 "$output/stryker.log" >&2
    status=1
    continue
  fi

  summaries+=("$(python3 - "$report" "$path" "$output/undetected.txt" <<'PY'
import json, sys
report, wanted, undetected = sys.argv[1:4]
files = json.load(open(report, encoding="utf-8"))["files"]
counts = {"Killed": 0, "Survived": 0, "NoCoverage": 0, "Timeout": 0}
lines = []
for name, data in files.items():
    if not name.replace("\\", "/").endswith(wanted):
        continue
    source = data["source"].split("\n")
    for m in data["mutants"]:
        status = m["status"]
        if status in counts:
            counts[status] += 1
        if status in ("Survived", "NoCoverage"):
            line = m["location"]["start"]["line"]
            lines.append((line, f"{wanted}:{line}:{m['location']['start']['column']}: {status}: {m['mutatorName']}: "
                                f"{m.get('replacement', '').strip()[:120]}\n    {source[line - 1].strip()[:160]}"))
detected = counts["Killed"] + counts["Timeout"]
valid = detected + counts["Survived"] + counts["NoCoverage"]
score = 100.0 * detected / valid if valid else 100.0
with open(undetected, "w", encoding="utf-8") as out:
    out.write("\n".join(text for _, text in sorted(lines, key=lambda l: l[0])) + "\n")
print(f"{wanted}\t{score:.1f}%\t{counts['Killed']}\t{counts['Survived']}\t{counts['NoCoverage']}\t{counts['Timeout']}")
PY
)")
  echo "   ${summaries[-1]}"
done

if [ "${#summaries[@]}" -gt 0 ]; then
  echo
  { printf 'file\tscore\tkilled\tsurvived\tno coverage\ttimeout\n'; printf '%s\n' "${summaries[@]}"; } | column -t -s $'\t'
fi
exit "$status"
