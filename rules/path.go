package rules

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// A field path names a value in a rule: mapping keys joined by dots, and
// sequence indexes in brackets, as in
//
//	query
//	entityMappings[1].fieldMappings[0].columnName
//	customDetails.CallerIP
//
// Keys holding '.', '[' or ']' cannot be named. Findings use the same
// syntax in their Field.

type pathSeg struct {
	key   string
	index int // for an index segment; -1 for a key
}

func parsePath(p string) ([]pathSeg, error) {
	if p == "" {
		return nil, fmt.Errorf("empty field path")
	}
	var segs []pathSeg
	for _, part := range strings.Split(p, ".") {
		key, rest, bracket := strings.Cut(part, "[")
		if key == "" && (len(segs) == 0 || !bracket) || strings.Contains(key, "]") {
			return nil, fmt.Errorf("bad field path %q", p)
		}
		if key != "" {
			segs = append(segs, pathSeg{key: key, index: -1})
		}
		if !bracket {
			continue
		}
		for _, idx := range strings.Split("["+rest, "[")[1:] {
			num, ok := strings.CutSuffix(idx, "]")
			n, err := strconv.Atoi(num)
			if !ok || err != nil || n < 0 {
				return nil, fmt.Errorf("bad field path %q", p)
			}
			segs = append(segs, pathSeg{index: n})
		}
	}
	return segs, nil
}

// walk follows a path from the root. It returns the node (not dereferenced
// when it is an alias), its key node when the last step is a mapping key,
// and the container holding it. A missing step gives a nil node.
func (f *File) walk(segs []pathSeg) (node, key, container *yaml.Node) {
	cur := f.root
	for _, s := range segs {
		c := deref(cur)
		if c == nil {
			return nil, nil, nil
		}
		container, key = c, nil
		if s.index >= 0 {
			if c.Kind != yaml.SequenceNode || s.index >= len(c.Content) {
				return nil, nil, c
			}
			cur = c.Content[s.index]
			continue
		}
		if c.Kind != yaml.MappingNode {
			return nil, nil, c
		}
		key, cur = lookupKey(c, s.key)
		if cur == nil {
			return nil, nil, c
		}
	}
	return cur, key, container
}
