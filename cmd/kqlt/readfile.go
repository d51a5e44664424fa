package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/rules"
)

// readInput reads an input file, refusing what is not a regular file (a
// FIFO would block) and files larger than rules.MaxFileSize.
func readInput(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, describeFSError(path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, describeFSError(path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, errNotRegular
	}
	if fi.Size() > rules.MaxFileSize {
		return nil, fmt.Errorf("file is %d bytes; files larger than %d bytes (1 MiB) are refused", fi.Size(), rules.MaxFileSize)
	}
	data, err := io.ReadAll(io.LimitReader(f, rules.MaxFileSize+1))
	if err != nil {
		return nil, describeFSError(path, err)
	}
	if len(data) > rules.MaxFileSize {
		return nil, fmt.Errorf("file is larger than %d bytes (1 MiB): refused", rules.MaxFileSize)
	}
	return data, nil
}

// errorText formats an error about the file path: "path: message", unless
// the message already starts with the path (as those of package rules do).
func errorText(path string, err error) string {
	var se *syntaxError
	var ke *kql.Error
	var re *rules.Error
	switch {
	case errors.As(err, &re):
		// Positioned in the file already, even when it wraps a
		// *kql.Error positioned in the query.
		return errorTextPlain(path, err)
	case errors.As(err, &se):
		return path + ":" + se.Error()
	case errors.As(err, &ke):
		return path + ":" + ke.Error()
	}
	return errorTextPlain(path, err)
}

func errorTextPlain(path string, err error) string {
	s := err.Error()
	if len(s) > len(path) && s[:len(path)] == path && (s[len(path)] == ':') {
		return s
	}
	return path + ": " + s
}
