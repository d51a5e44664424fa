#!/usr/bin/env bash
# Measures kqlt's parser side by side with the fastest Go KQL parser we know,
# github.com/cloudygreybeard/kqlparser, in one `go test -bench` run on the dev
# corpus. The peer is built in a throw-away module in a temporary directory,
# never vendored or copied into kqlt.
#
#   kql/testdata/peerbench/run.sh [rounds] [test binary flags]   (6 rounds)
#
# Each round runs the benchmarks once, one after the other, so that the load
# of a shared machine weighs on kqlt and the peer alike; with benchstat
# (golang.org/x/perf/cmd/benchstat) on the PATH the rounds are summarized,
# and the ratios of each round are printed at the end.
#
# The peer's source comes from $KQLPARSER_DIR (a checkout of the peer) when
# set, else from the Go module proxy at $KQLPARSER_VERSION (default v0.1.0).
# The corpus is $KQLT_SHARED/corpus, or shared/corpus beside the repository or
# one of its parents, as the kql tests find it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
if [ -z "${KQLT_SHARED:-}" ]; then
  # The kql tests look for shared/corpus beside the repository or one of
  # its parents; the benchmark runs elsewhere, so find it here.
  dir="$repo"
  while [ "$dir" != / ] && [ ! -d "$dir/shared/corpus" ]; do dir="$(dirname "$dir")"; done
  [ -d "$dir/shared/corpus" ] && export KQLT_SHARED="$dir/shared"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp "$here/peer_test.go" "$tmp/"
cp "$repo/go.sum" "$tmp/"
cat > "$tmp/go.mod" <<MOD
module peerbench

go 1.26

require (
	github.com/kqlt/kqlt v0.0.0
	github.com/cloudygreybeard/kqlparser ${KQLPARSER_VERSION:-v0.1.0}
)

replace github.com/kqlt/kqlt => $repo
MOD
if [ -n "${KQLPARSER_DIR:-}" ]; then
  printf 'replace github.com/cloudygreybeard/kqlparser => %s\n' "$(cd "$KQLPARSER_DIR" && pwd)" >> "$tmp/go.mod"
fi
cd "$tmp"
go mod tidy >/dev/null
go test -c -o peerbench.test .
rounds="${1:-6}"
[ $# -gt 0 ] && shift
for _ in $(seq "$rounds"); do
  ./peerbench.test -test.run '^$' -test.bench SideBySide -test.benchmem -test.count 1 "$@" | tee -a out.txt
done
if command -v benchstat >/dev/null; then
  benchstat out.txt
fi
# kqlt's speed over the peer's in each round, where both ran one after the
# other under the same load: by wall time and by CPU time, on each set.
awk '
/^BenchmarkSideBySide\// {
  name = $1; sub(/^BenchmarkSideBySide\//, "", name); sub(/-[0-9]+$/, "", name)
  for (i = 2; i <= NF; i++) { if ($i == "MB/s") wall[name] = $(i-1); if ($i == "cpu-MB/s") cpu[name] = $(i-1) }
  if (name != "kqlparser/peer-accepted") next
  round++; line = sprintf("round %2d:", round)
  for (k = 1; k <= 3; k++) {
    set = k == 1 ? "all" : k == 2 ? "accepted" : "peer-accepted"
    w = wall["kqlt/" set] / wall["kqlparser/" set]; c = cpu["kqlt/" set] / cpu["kqlparser/" set]
    line = line sprintf("  %s %.2fx wall %.2fx cpu", set, w, c)
    if (round == 1 || w < minw[set]) minw[set] = w
    if (round == 1 || c < minc[set]) minc[set] = c
  }
  print line
}
END {
  if (round) printf "lowest of %d rounds: all %.2fx wall %.2fx cpu, accepted %.2fx %.2fx, peer-accepted %.2fx %.2fx\n", round, minw["all"], minc["all"], minw["accepted"], minc["accepted"], minw["peer-accepted"], minc["peer-accepted"]
}' out.txt
