// This file is not part of package kql: run.sh copies it into a throw-away
// module outside the repository, next to the peer parser it measures, so
// that kqlt never depends on the peer.

package peerbench

import (
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/cloudygreybeard/kqlparser"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/kqltest"
)

// querySets are the dev corpus queries: all of them, those the official
// parser accepts, and those of these that the peer parses without an error
// (or a panic).
type querySets struct {
	all, accepted, peerAccepted []string
}

func loadSets(b *testing.B) querySets {
	var s querySets
	for _, e := range kqltest.Corpus(b) {
		s.all = append(s.all, e.Query)
		if !e.Oracle.OK {
			continue
		}
		s.accepted = append(s.accepted, e.Query)
		if peerParses(e.Query) {
			s.peerAccepted = append(s.peerAccepted, e.Query)
		}
	}
	return s
}

func peerParses(src string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return !kqlparser.Parse("", src).HasErrors()
}

// peerParse parses src with the peer, which panics on a few queries.
func peerParse(src string) {
	defer func() { _ = recover() }()
	kqlparser.Parse("", src)
}

// processCPUTime returns the CPU time the process has used, in all its
// threads (the garbage collector's included).
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// bench runs parse over srcs and reports MB/s by wall time and cpu-MB/s by
// the CPU time the process used, which on a shared machine varies less.
func bench(b *testing.B, srcs []string, parse func(string)) {
	b.SetBytes(size(srcs))
	b.ReportAllocs()
	start := processCPUTime()
	for b.Loop() {
		for _, src := range srcs {
			parse(src)
		}
	}
	if cpu := processCPUTime() - start; cpu > 0 {
		b.ReportMetric(float64(size(srcs))*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
}

func size(srcs []string) int64 {
	var n int64
	for _, s := range srcs {
		n += int64(len(s))
	}
	return n
}

// BenchmarkSideBySide parses the same queries with kqlt and the peer in one
// run, on three sets of the dev corpus: every query (as the issue measured
// the peer: its throughput on real input, the queries it fails on included),
// the queries the official parser accepts, and those of them that the peer
// parses without an error (the fairest comparison: the same work done).
func BenchmarkSideBySide(b *testing.B) {
	s := loadSets(b)
	for _, src := range s.accepted {
		if _, err := kql.Parse(src); err != nil {
			b.Fatalf("kqlt rejects an accepted query: %v", err)
		}
	}
	fmt.Fprintf(os.Stderr, "dev corpus: %d queries, %d bytes; accepted by the official parser: %d queries, %d bytes; of which the peer accepts %d queries, %d bytes\n",
		len(s.all), size(s.all), len(s.accepted), size(s.accepted), len(s.peerAccepted), size(s.peerAccepted))

	kqlt := func(src string) { kql.Parse(src) }
	peer := func(src string) { kqlparser.Parse("", src) }
	b.Run("kqlt/all", func(b *testing.B) { bench(b, s.all, kqlt) })
	b.Run("kqlparser/all", func(b *testing.B) { bench(b, s.all, peerParse) })
	b.Run("kqlt/accepted", func(b *testing.B) { bench(b, s.accepted, kqlt) })
	b.Run("kqlparser/accepted", func(b *testing.B) { bench(b, s.accepted, peerParse) })
	b.Run("kqlt/peer-accepted", func(b *testing.B) { bench(b, s.peerAccepted, kqlt) })
	b.Run("kqlparser/peer-accepted", func(b *testing.B) { bench(b, s.peerAccepted, peer) })
}
