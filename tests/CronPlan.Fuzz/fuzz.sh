#!/usr/bin/env bash
# Coverage-guided fuzzing of CronPlan's readers with SharpFuzz and AFL++.
#
#   bash tests/CronPlan.Fuzz/fuzz.sh TARGET SECONDS   one target (cron, crontab, plan, sla, restore, jinja, ansible)
#   bash tests/CronPlan.Fuzz/fuzz.sh all SECONDS      each target in turn, SECONDS each
#
# A target stops after SECONDS or 1,000,000 executions, whichever comes first (CRONPLAN_FUZZ_EXECS changes the
# count). One afl-fuzz runs at a time, pinned to one core (CRONPLAN_FUZZ_CPU, default 1). Scratch files go to
# /tmp/cronplan-fuzz (CRONPLAN_FUZZ_DIR), never into the repository; what crashes or hangs is copied, minimised when
# afl-tmin manages it within a minute, into tests/CronPlan.Fuzz/regressions/TARGET/, where the test suite replays it.
# CRONPLAN_FUZZ_RESUME=1 goes on from the queue a previous run left in the scratch directory.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
scratch="${CRONPLAN_FUZZ_DIR:-/tmp/cronplan-fuzz}"
executions="${CRONPLAN_FUZZ_EXECS:-1000000}"
cpu="${CRONPLAN_FUZZ_CPU:-1}"
all_targets=(cron crontab plan sla restore jinja ansible)

usage() {
  echo "usage: $0 TARGET|all SECONDS   (targets: ${all_targets[*]})" >&2
  exit 2
}

[ $# -eq 2 ] || usage
[[ "$2" =~ ^[0-9]+$ ]] || usage
seconds="$2"
if [ "$1" = all ]; then
  targets=("${all_targets[@]}")
elif [[ " ${all_targets[*]} " == *" $1 "* ]]; then
  targets=("$1")
else
  usage
fi

if ! command -v afl-fuzz >/dev/null; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq afl++ >/dev/null
fi

# The fuzz project published afresh, then CronPlan.dll (and only it) instrumented: coverage is the library's.
bin="$scratch/bin"
rm -rf "$bin"
mkdir -p "$scratch"
(cd "$repo" && dotnet tool restore >/dev/null)
dotnet publish "$here/CronPlan.Fuzz.csproj" -c Release -o "$bin" --nologo -v quiet -p:TreatWarningsAsErrors=true >/dev/null
(cd "$repo" && dotnet tool run sharpfuzz "$bin/CronPlan.dll")

# AFL++ runs the .NET fork server (SharpFuzz's out-of-process mode, which outlives a hang or a stack overflow).
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_MAP_SIZE=65536
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_AUTORESUME=0
# The runtime kept small: one GC heap, no background compilation racing the fuzzed code.
export DOTNET_gcServer=0 DOTNET_GCHeapCount=1 DOTNET_TieredPGO=0 DOTNET_CLI_TELEMETRY_OPTOUT=1
# The ansible target's scratch repository: a child killed on a hang leaves its copy here, not in /tmp.
export TMPDIR="$scratch/tmp"

stat() { sed -n "s/^$1 *: *//p" "$2"; }

summary="$scratch/summary.tsv"
for target in "${targets[@]}"; do
  out="$scratch/$target"
  inputs="$here/seeds/$target"
  if [ "${CRONPLAN_FUZZ_RESUME:-0}" = 1 ] && [ -f "$out/default/fuzzer_stats" ]; then
    inputs=-   # go on from the last run's queue; the counts carry over
  else
    rm -rf "$out"
  fi
  rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
  echo "== $target: up to $seconds s or $executions executions" >&2
  taskset -c "$cpu" afl-fuzz -i "$inputs" -o "$out" -x "$here/dictionaries/$target.dict" \
    -t 5000 -m none -V "$seconds" -E "$executions" \
    -- dotnet "$bin/CronPlan.Fuzz.dll" fuzz "$target" >"$scratch/$target.log" 2>&1 || {
      echo "afl-fuzz failed for $target: see $scratch/$target.log" >&2
      tail -n 20 "$scratch/$target.log" >&2
      continue
    }

  stats="$out/default/fuzzer_stats"
  execs="$(stat execs_done "$stats")"
  run_time="$(( $(stat last_update "$stats") - $(stat start_time "$stats") ))"
  edges="$(stat edges_found "$stats")"
  coverage="$(stat bitmap_cvg "$stats")"
  crashes="$(stat saved_crashes "$stats")"
  hangs="$(stat saved_hangs "$stats")"
  corpus="$(stat corpus_count "$stats")"
  per_second="$(( execs / (run_time > 0 ? run_time : 1) ))"
  printf '%s\texecutions %s\tseconds %s\texec/s %s\tedges %s\tbitmap %s\tcorpus %s\tcrashes %s\thangs %s\n' \
    "$target" "$execs" "$run_time" "$per_second" "$edges" "$coverage" "$corpus" "$crashes" "$hangs" | tee -a "$summary"

  # Findings: one regression case per distinct exception and place (the replay mode names both), minimised if quick.
  regressions="$here/regressions/$target"
  declare -A seen=()
  for kind in crashes hangs; do
    for finding in "$out/default/$kind"/id:*; do
      [ -e "$finding" ] || continue
      signature="$(timeout 60 dotnet "$bin/CronPlan.Fuzz.dll" replay "$target" "$finding" | cut -f 3,4 || true)"
      [ -n "$signature" ] || signature="$kind (no exception when replayed)"
      [ -z "${seen[$signature]:-}" ] || continue
      seen[$signature]=1
      mkdir -p "$regressions"
      name="$kind-$(sha1sum "$finding" | cut -c 1-12)"
      # afl-tmin keeps an input crashing, not crashing the same way: a minimised input that names another exception
      # or place is dropped for the original.
      if [ "$kind" = crashes ] && timeout 60 afl-tmin -i "$finding" -o "$scratch/$name.min" -t 5000 -m none \
        -- dotnet "$bin/CronPlan.Fuzz.dll" fuzz "$target" >/dev/null 2>&1 && [ -s "$scratch/$name.min" ] \
        && [ "$(timeout 60 dotnet "$bin/CronPlan.Fuzz.dll" replay "$target" "$scratch/$name.min" | cut -f 3,4 || true)" = "$signature" ]; then
        cp "$scratch/$name.min" "$regressions/$name"
      else
        cp "$finding" "$regressions/$name"
      fi
      chmod 644 "$regressions/$name"
      printf '%s\t%s\t%s\n' "$target" "$name" "$signature" | tee -a "$scratch/findings.tsv"
    done
  done
  unset seen
done
