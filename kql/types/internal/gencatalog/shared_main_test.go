package main

import (
	"testing"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// TestMain says in one line what the tests skip without the shared data.
func TestMain(m *testing.M) {
	kqltest.Main(m, "the check of the generated catalog against the official parser", true)
}
