package main

import (
	"testing"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// TestMain says in one line what the tests skip without the shared data.
func TestMain(m *testing.M) {
	kqltest.Main(m, "the official-parser check of the converted queries against the AZKVAuditLogs schema", true)
}
