#!/bin/sh
# Compare seal's Go throughput with the age command line tool on the same
# 256 MiB of random data, in the same run. Build the tool first:
#   GOBIN=$PWD/.tools/bin go install filippo.io/age/cmd/...@v1.3.2
# Run from the repository root: sh internal/seal/testdata/bench-age-cli.sh
set -eu
BIN=${AGE_BIN:-$PWD/.tools/bin}
RUNS=${RUNS:-5}
TMP=$(mktemp -d /dev/shm/agebench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
head -c 268435456 /dev/urandom > "$TMP/data"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for kind in x25519 pq; do
	if [ $kind = pq ]; then flag=-pq; else flag=; fi
	"$BIN/age-keygen" $flag -o "$TMP/key.$kind" 2>/dev/null
	"$BIN/age-keygen" -y "$TMP/key.$kind" > "$TMP/rcpt.$kind"
	i=0
	while [ $i -lt "$RUNS" ]; do
		s=$(date +%s.%N)
		"$BIN/age" -R "$TMP/rcpt.$kind" -o /dev/null "$TMP/data"
		e=$(date +%s.%N)
		echo "$s $e" | awk '{printf "%.0f\n", 268.435456 / ($2 - $1)}'
		i=$((i + 1))
	done | median | sed "s/^/age CLI seal $kind MB\/s (median of $RUNS): /"
	"$BIN/age" -R "$TMP/rcpt.$kind" -o "$TMP/sealed.$kind" "$TMP/data"
	i=0
	while [ $i -lt "$RUNS" ]; do
		s=$(date +%s.%N)
		"$BIN/age" -d -i "$TMP/key.$kind" -o /dev/null "$TMP/sealed.$kind"
		e=$(date +%s.%N)
		echo "$s $e" | awk '{printf "%.0f\n", 268.435456 / ($2 - $1)}'
		i=$((i + 1))
	done | median | sed "s/^/age CLI open $kind MB\/s (median of $RUNS): /"
done
go test -run='^$' -bench=Throughput -count="$RUNS" ./internal/seal | grep '^Benchmark'
