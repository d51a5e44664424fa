package main

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

func fileIsTerminal(f *os.File) bool {
	fd := f.Fd()
	return isatty.IsTerminal(fd) || isatty.IsCygwinTerminal(fd)
}

// palette colours text with ANSI escapes, or leaves it alone when off.
type palette struct{ on bool }

// colors returns the palette for output to w: colour only on a terminal,
// never when NO_COLOR is set (https://no-color.org) or TERM is dumb.
func (a *app) colors(w io.Writer) palette {
	if a.getenv("NO_COLOR") != "" || a.getenv("TERM") == "dumb" {
		return palette{}
	}
	return palette{on: a.isTerminal(w)}
}

func (p palette) wrap(code, s string) string {
	if !p.on || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p palette) red(s string) string    { return p.wrap("31", s) }
func (p palette) green(s string) string  { return p.wrap("32", s) }
func (p palette) yellow(s string) string { return p.wrap("33", s) }
func (p palette) cyan(s string) string   { return p.wrap("36", s) }
func (p palette) bold(s string) string   { return p.wrap("1", s) }
func (p palette) dim(s string) string    { return p.wrap("2", s) }
