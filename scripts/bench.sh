#!/usr/bin/env bash
# slslint's benchmark harness: measures, on this machine in one run,
#   1. Go analysis: `slslint ./...` against `go vet ./...` on two large real repositories
#      fetched through the module proxy (Caddy and Prometheus), cold (empty build cache) and warm, wall time and
#      peak memory of the whole process tree;
#   2. the `go vet -vettool=slslint` path, cold and with the build cache warm;
#   3. IaC: templates per second and peak memory on generated corpora (SAM, Terraform with
#      local modules, serverless.yml), on all cores and on one, and the growth from 100 to
#      1,000 to 10,000 templates;
#   4. IaC side by side with Trivy and tfsec on the same files (built once, cached outside
#      the repository).
# and writes the results as markdown (default docs/performance.md).
#
#   scripts/bench.sh [-o FILE] [--quick] [--no-scanners] [--no-go]
#
# --quick uses smaller corpora and one Go repository, for trying the harness itself.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out="$repo/docs/performance.md"
quick=0 scanners=1 gorepos=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    -o) out=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --no-scanners) scanners=0; shift ;;
    --no-go) gorepos=0; shift ;;
    *) echo "usage: $0 [-o FILE] [--quick] [--no-scanners] [--no-go]" >&2; exit 2 ;;
  esac
done

# Pinned versions of what is measured against.
GO_REPOS=("github.com/caddyserver/caddy/v2@v2.11.9" "github.com/prometheus/prometheus@v0.316.0")
TRIVY_VERSION=v0.74.0
TFSEC_VERSION=v1.28.14
cache=${SLSLINT_BENCH_CACHE:-$HOME/.cache/slslint-bench}
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$cache/bin" "$work/bin"
export GOFLAGS=-buildvcs=false
# Module zips do not carry the nested modules a go.work may list (Prometheus).
export GOWORK=off

log() { printf '[bench] %s\n' "$*" >&2; }

log "building slslint and peakrss"
(cd "$repo" && go build -o "$work/bin/slslint" ./cmd/slslint && go build -o "$work/bin/peakrss" ./scripts/peakrss/main.go)
slslint="$work/bin/slslint"

# measure LABEL DIR CMD... : runs CMD in DIR under peakrss, records "label|wall|rssMB".
results="$work/results"
: > "$results"
measure() {
  local label=$1 dir=$2; shift 2
  local line
  line=$(cd "$dir" && "$work/bin/peakrss" -- "$@" 2>&1 >/dev/null | grep '^peakrss:' | tail -1 || true)
  local wall rss
  wall=$(sed -n 's/.*wall=\([0-9.]*\)s.*/\1/p' <<<"$line")
  rss=$(sed -n 's/.*rss=\([0-9.]*\)MB.*/\1/p' <<<"$line")
  echo "$label|${wall:-?}|${rss:-?}" >> "$results"
  log "$label: ${wall:-?} s, ${rss:-?} MB"
}
# target DESCRIPTION MEASURED OK : one row of the targets table (OK is 1 when met).
target_rows=""
target() {
  local verdict="**missed**"
  [[ $3 == 1 ]] && verdict="met"
  target_rows+="| $1 | $2 | $verdict |"$'\n'
}
# le A B: 1 when A <= B (decimals), 0 otherwise or when either is unknown.
le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "?" && b != "?" && a != "" && b != "" && a+0 <= b+0) ? 1 : 0 }'; }
get() { awk -F'|' -v l="$1" '$1==l {print $'"${2:-2}"'}' "$results" | tail -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b+0 == 0) print "?"; else printf "%.2f", a/b }'; }

# ---------------------------------------------------------------------------------------
# 1 & 2. Go analysis on real repositories.
go_rows=""
vet_rows=""
if [[ $gorepos == 1 ]]; then
  repos=("${GO_REPOS[@]}")
  [[ $quick == 1 ]] && repos=("${GO_REPOS[1]}")
  for mv in "${repos[@]}"; do
    mod=${mv%@*}
    name=$(basename "${mod%/v[0-9]*}")
    log "fetching $mv"
    src=$(go mod download -json "$mv" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    dir="$work/src/$name"
    mkdir -p "$dir"
    cp -R "$src/." "$dir/"
    chmod -R u+w "$dir"
    (cd "$dir" && go mod download >/dev/null 2>&1 || true)
    loc=$(cd "$dir" && find . -name '*.go' -not -path './vendor/*' | xargs cat | wc -l)
    pkgs=$(cd "$dir" && go list ./... 2>/dev/null | wc -l)

    # Cold: an empty build cache for both tools. Warm: the compile cache is full; vet's own
    # result cache is defeated by changing a vet flag, so vet really re-analyzes.
    export GOCACHE="$work/gocache-$name-vet"
    measure "$name vet cold" "$dir" go vet ./...
    measure "$name vet warm" "$dir" go vet -printf.funcs=benchWarm1 ./...
    export GOCACHE="$work/gocache-$name-slslint"
    measure "$name slslint cold" "$dir" "$slslint" -q --fail-on none ./...
    measure "$name slslint warm" "$dir" "$slslint" -q --fail-on none ./...
    export GOCACHE="$work/gocache-$name-vettool"
    measure "$name vettool cold" "$dir" go vet -vettool="$slslint" ./...
    measure "$name vettool warm" "$dir" go vet -vettool="$slslint" ./...
    unset GOCACHE

    for kind in cold warm; do
      vw=$(get "$name vet $kind") vr=$(get "$name vet $kind" 3)
      sw=$(get "$name slslint $kind") sr=$(get "$name slslint $kind" 3)
      go_rows+="| $mv ($pkgs packages, $loc lines) | $kind | $vw s | $vr MB | $sw s | $sr MB | $(ratio "$sw" "$vw")× | $(ratio "$sr" "$vr")× |"$'\n'
    done
    tr=$(ratio "$(get "$name slslint warm")" "$(get "$name vet warm")")
    target "$name: slslint wall time ≤ 1.5× go vet (warm build cache, forced re-analysis)" "${tr}×" "$(le "$tr" 1.5)"
    for kind in warm cold; do
      mr=$(ratio "$(get "$name slslint $kind" 3)" "$(get "$name vet $kind" 3)")
      target "$name: slslint peak memory ≤ 1.5× go vet ($kind)" "${mr}×" "$(le "$mr" 1.5)"
    done
    cw=$(get "$name vettool cold") ww=$(get "$name vettool warm")
    sp=$(ratio "$cw" "$ww")
    target "$name: go vet -vettool=slslint much faster on the second run (≥ 5×)" "${sp}× faster" "$(le 5 "$sp")"
    vet_rows+="| $mv | $cw s | $ww s | $(ratio "$cw" "$ww")× faster |"$'\n'
  done
fi

# ---------------------------------------------------------------------------------------
# 2b. A monorepo of one module per function against the same handlers as one module: what
# loading module by module costs (modules that agree on their dependencies share one go
# list; export data and dependency packages are shared).
mono_rows=""
if [[ $gorepos == 1 ]]; then
  n_mod=20
  [[ $quick == 1 ]] && n_mod=8
  (cd "$repo" && go build -o "$work/bin/gencorpus" ./scripts/gencorpus/main.go)
  "$work/bin/gencorpus" -go "$n_mod" -out "$work/gomono"
  (cd "$work/gomono/single" && go mod download >/dev/null 2>&1 || true)
  # Cold: each layout with an empty build cache of its own, so each builds the export data.
  export GOCACHE="$work/gocache-mono-modules"
  measure "mono modules cold" "$work/gomono/mono" "$slslint" -q --fail-on none ./...
  export GOCACHE="$work/gocache-mono-single"
  measure "mono single cold" "$work/gomono/single" "$slslint" -q --fail-on none ./...
  unset GOCACHE
  # Warm: the first runs build the export data both layouts share.
  (cd "$work/gomono/single" && "$slslint" -q --fail-on none ./... >/dev/null 2>&1 || true)
  (cd "$work/gomono/mono" && "$slslint" -q --fail-on none ./... >/dev/null 2>&1 || true)
  measure "mono modules" "$work/gomono/mono" "$slslint" -q --fail-on none ./...
  measure "mono single" "$work/gomono/single" "$slslint" -q --fail-on none ./...
  mw=$(get "mono modules") mr=$(get "mono modules" 3) sw=$(get "mono single") sr=$(get "mono single" 3)
  mcw=$(get "mono modules cold") mcr=$(get "mono modules cold" 3) scw=$(get "mono single cold") scr=$(get "mono single cold" 3)
  mono_rows+="| $n_mod modules of one handler each | $mcw s | $mcr MB | $mw s | $mr MB |"$'\n'
  mono_rows+="| one module of the same $n_mod handlers | $scw s | $scr MB | $sw s | $sr MB |"$'\n'
  tm=$(ratio "$mw" "$sw") mm=$(ratio "$mr" "$sr")
  target "Go monorepo: $n_mod modules within 1.5× the memory of the same code as one module" "${mm}×" "$(le "$mm" 1.5)"
  target "Go monorepo: $n_mod modules within 5× the wall time of the same code as one module (warm)" "${tm}×" "$(le "$tm" 5)"
  tc=$(ratio "$mcw" "$scw")
  target "Go monorepo: $n_mod modules within 1.5× the wall time of the same code as one module (cold)" "${tc}×" "$(le "$tc" 1.5)"
fi

# ---------------------------------------------------------------------------------------
# 3. IaC corpora.
log "generating IaC corpora"
corpus="$work/corpus"
n_sam=1000 n_tf=1000 n_sls=300 scale=(100 1000 10000)
[[ $quick == 1 ]] && { n_sam=200; n_tf=200; n_sls=60; scale=(100 1000); }
gen="$work/bin/gencorpus"
(cd "$repo" && go build -o "$gen" ./scripts/gencorpus/main.go)
"$gen" -sam "$n_sam" -out "$corpus/sam"
"$gen" -terraform "$n_tf" -out "$corpus/tf"
"$gen" -serverless "$n_sls" -out "$corpus/sls"
for n in "${scale[@]}"; do "$gen" -sam "$n" -out "$corpus/scale-$n"; done

iac_rows=""
for c in "sam:$n_sam:SAM templates" "tf:$n_tf:Terraform files in $((n_tf / 10)) root modules with local modules" "sls:$n_sls:serverless.yml services"; do
  IFS=: read -r d n what <<<"$c"
  measure "iac $d" "$corpus/$d" "$slslint" -q --fail-on none .
  measure "iac $d 1cpu" "$corpus/$d" env GOMAXPROCS=1 "$slslint" -q --fail-on none .
  w=$(get "iac $d") r=$(get "iac $d" 3) w1=$(get "iac $d 1cpu")
  if [[ $d == sam ]]; then
    rate=$(awk -v n="$n" -v w="$w1" 'BEGIN{printf "%.0f", n/w}')
    target "IaC: ≥ 1,000 SAM templates per second on one core" "$rate/s" "$(le 1000 "$rate")"
  fi
  iac_rows+="| $n $what | $w s | $(awk -v n="$n" -v w="$w" 'BEGIN{printf "%.0f", n/w}') | $w1 s | $(awk -v n="$n" -v w="$w1" 'BEGIN{printf "%.0f", n/w}') | $r MB |"$'\n'
done
scale_rows=""
for n in "${scale[@]}"; do
  measure "scale $n" "$corpus/scale-$n" env GOMAXPROCS=1 "$slslint" -q --fail-on none .
  w=$(get "scale $n") r=$(get "scale $n" 3)
  per=$(awk -v n="$n" -v w="$w" 'BEGIN{printf "%.3f", 1000*w/n}')
  scale_rows+="| $n | $w s | $per ms | $r MB |"$'\n'
  [[ $n == 1000 ]] && first_per=$per
  last_per=$per last_n=$n
done
# Linear: the time per template at the largest corpus stays within 1.25× of that at 1,000
# (the 100-template run is dominated by start-up).
if [[ -n "${first_per:-}" && "$last_n" != 1000 ]]; then
  g=$(ratio "$last_per" "$first_per")
  target "IaC: linear growth (time per template at $last_n ≤ 1.25× that at 1,000)" "${g}×" "$(le "$g" 1.25)"
fi

# ---------------------------------------------------------------------------------------
# 4. The scanners users pick today, on the same files.
scanner_rows=""
if [[ $scanners == 1 ]]; then
  if [[ ! -x "$cache/bin/trivy" ]]; then
    log "building trivy $TRIVY_VERSION (long; cached in $cache)"
    GOEXPERIMENT=jsonv2 GOBIN="$cache/bin" go install "github.com/aquasecurity/trivy/cmd/trivy@$TRIVY_VERSION" || log "trivy build failed"
  fi
  if [[ ! -x "$cache/bin/tfsec" ]]; then
    log "building tfsec $TFSEC_VERSION (cached in $cache)"
    GOBIN="$cache/bin" go install "github.com/aquasecurity/tfsec/cmd/tfsec@$TFSEC_VERSION" || log "tfsec build failed"
  fi
  export TRIVY_CACHE_DIR="$work/trivy-cache"
  for d in tf sam; do
    measure "slslint $d" "$corpus/$d" "$slslint" -q --fail-on none .
    [[ -x "$cache/bin/trivy" ]] && measure "trivy $d" "$corpus/$d" "$cache/bin/trivy" config --skip-check-update --quiet --exit-code 0 .
  done
  [[ -x "$cache/bin/tfsec" ]] && measure "tfsec tf" "$corpus/tf" "$cache/bin/tfsec" --no-color --soft-fail --concise-output .
  for row in "tf:Terraform, $n_tf files" "sam:CloudFormation/SAM, $n_sam templates"; do
    IFS=: read -r d what <<<"$row"
    sw=$(get "slslint $d") sr=$(get "slslint $d" 3) tw=$(get "trivy $d") tr=$(get "trivy $d" 3)
    fw=$(get "tfsec $d") fr=$(get "tfsec $d" 3)
    best=$tw bestr=$tr
    if [[ -n "$fw" ]] && { [[ -z "$best" ]] || [[ $(le "$fw" "$best") == 1 ]]; }; then best=$fw bestr=$fr; fi
    if [[ -n "$best" ]]; then
      sp=$(ratio "$best" "$sw")
      target "IaC vs the faster scanner, $what: ≥ 10× faster" "${sp}×" "$(le 10 "$sp")"
      target "IaC vs the faster scanner, $what: less memory" "$sr MB vs $bestr MB" "$(le "$sr" "$bestr")"
    fi
    scanner_rows+="| $what | $sw s, $sr MB | ${tw:-n/a} s, ${tr:-n/a} MB | ${fw:-n/a} s, ${fr:-n/a} MB | $(ratio "${tw:-0}" "$sw")× |"$'\n'
  done
fi

# ---------------------------------------------------------------------------------------
# Hand-written notes below the marker in an existing report survive a re-run.
marker="<!-- Notes below this line are kept by scripts/bench.sh. -->"
notes=""
if [[ -f "$out" ]] && grep -qF "$marker" "$out"; then
  notes=$(awk -v m="$marker" '$0 == m { found = 1 } found' "$out")
fi
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
{
  echo "# Performance"
  echo
  echo "Measured by \`scripts/bench.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores ($cpu), $mem, $(go version | cut -d' ' -f3),"
  echo "slslint $(cd "$repo" && git describe --always --dirty 2>/dev/null || echo unknown). Wall time and peak resident memory of"
  echo "the whole process tree (all processes a command starts, summed), sampled every 20 ms."
  echo
  echo "## Targets"
  echo
  echo "| Target | Measured | |"
  echo "|---|---|---|"
  printf '%s' "$target_rows"
  echo
  if [[ -n "$go_rows" ]]; then
    echo "## Go analysis against go vet"
    echo
    echo "Cold: empty build cache. Warm: the build cache holds the compiled dependencies; go vet's"
    echo "result cache is defeated by changing a vet flag, so both tools re-analyze every package."
    echo "Target: slslint at most 1.5× go vet's wall time and memory."
    echo
    echo "| Repository | Cache | go vet | go vet memory | slslint | slslint memory | time ratio | memory ratio |"
    echo "|---|---|---|---|---|---|---|---|"
    printf '%s' "$go_rows"
    echo
    echo "## go vet -vettool=slslint"
    echo
    echo "The go command caches each package's analysis: the second run on unchanged code answers"
    echo "from the cache. This and Bazel's nogo (cached per package, remotely executable) are the"
    echo "way to scale past one machine."
    echo
    echo "| Repository | cold | warm | speed-up |"
    echo "|---|---|---|---|"
    printf '%s' "$vet_rows"
    echo
  fi
  if [[ -n "$mono_rows" ]]; then
    echo "## A monorepo of one Go module per function"
    echo
    echo "\`slslint ./...\` at the root of a repository of one module per function analyzes every module"
    echo "as it builds on its own. Modules whose go.mod files agree are listed by one \`go list\` over a"
    echo "temporary go.work, and each module's packages are checked against its own go.mod. The export"
    echo "data and dependency packages are shared. Compared with the same handlers as packages of one"
    echo "module, with an empty build cache (cold) and with the export data built (warm):"
    echo
    echo "| Layout | cold wall | cold peak memory | warm wall | warm peak memory |"
    echo "|---|---|---|---|---|"
    printf '%s' "$mono_rows"
    echo
  fi
  echo "## IaC"
  echo
  echo "Generated corpora (\`scripts/gencorpus\`): typical small services, each with a few functions,"
  echo "triggers, a queue, a table, log groups and IAM. Target: at least 1,000 templates per second on"
  echo "one core."
  echo
  echo "| Corpus | all cores | files/s | one core | files/s | peak memory |"
  echo "|---|---|---|---|---|---|"
  printf '%s' "$iac_rows"
  echo
  echo "Growth on one core (SAM templates); linear when the time per template stays flat:"
  echo
  echo "| Templates | wall | per template | peak memory |"
  echo "|---|---|---|---|"
  printf '%s' "$scale_rows"
  echo
  if [[ -n "$scanner_rows" ]]; then
    echo "## Against the IaC scanners users pick today"
    echo
    echo "Same files; Trivy $TRIVY_VERSION \`trivy config --skip-check-update\`, tfsec $TFSEC_VERSION. Target: at least"
    echo "10× faster than the faster of the two, with less memory."
    echo
    echo "| Corpus | slslint | Trivy | tfsec | Trivy ÷ slslint |"
    echo "|---|---|---|---|---|"
    printf '%s' "$scanner_rows"
    echo
  fi
  if [[ -n "$notes" ]]; then
    printf '%s\n' "$notes"
  fi
} > "$out"
log "wrote $out"
cat "$results" >&2
