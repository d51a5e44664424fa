package main

import (
	"runtime/debug"
)

// versionOverride is set at link time by release builds:
//
//	go build -ldflags "-X main.versionOverride=v1.2.3" ./cmd/kqlt
var versionOverride string

// version returns the version of kqlt: the module version for go install
// ...@version, else the VCS revision the binary was built from.
func version() string {
	if versionOverride != "" {
		return versionOverride
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	if v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if rev == "" {
		return "(devel)"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return "(devel) " + rev + modified
}
