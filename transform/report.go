package transform

import (
	"fmt"
	"strings"
)

// ChangeKind names what a change did.
type ChangeKind string

// The kinds of change a conversion reports.
const (
	RetargetValue    ChangeKind = "retarget-value"    // a literal compared with a mapped column got its new value
	ReplacePredicate ChangeKind = "replace-predicate" // a comparison was replaced by the profile's expression
	DropOperation    ChangeKind = "drop-operation"    // an operation the target lacks left a list
	RenameOperation  ChangeKind = "rename-operation"  // an operation got its target name
	AddOperation     ChangeKind = "add-operation"     // an operation was added to a list
	ConstPredicate   ChangeKind = "const-predicate"   // a predicate that can only match missing operations became false (or true)
	Fold             ChangeKind = "fold"              // boolean simplification of a constant
	RemoveOperator   ChangeKind = "remove-operator"   // a where true, or a dead union leg, was removed
	RemoveLet        ChangeKind = "remove-let"        // a let binding the conversion made unused was removed
	RemoveColumn     ChangeKind = "remove-column"     // a column that only fed removed logic was removed
	RenameColumn     ChangeKind = "rename-column"
	ReplaceColumn    ChangeKind = "replace-column"
	RenameTable      ChangeKind = "rename-table"
	SetName          ChangeKind = "set-name"
	SetDescription   ChangeKind = "set-description"
	SetID            ChangeKind = "set-id"
	FixMapping       ChangeKind = "fix-mapping"  // an entity mapping or custom detail naming a removed column was removed
	SetSpelling      ChangeKind = "set-spelling" // a value Sentinel reads ignoring case (kind: scheduled) got the schema's spelling
)

// Change is one edit a conversion made, with where, what and why.
type Change struct {
	Kind   ChangeKind `json:"kind"`
	Field  string     `json:"field"`            // the rule field: "query", "name", "description", "id", "entityMappings[0]"...
	Offset int        `json:"offset"`           // byte offset in the source query (query changes), else -1
	Line   int        `json:"line,omitempty"`   // position in the source file (set when converting a rule file)
	Column int        `json:"column,omitempty"` //
	Before string     `json:"before"`
	After  string     `json:"after"`
	Reason string     `json:"reason"` // why, naming the profile entry
}

func (c Change) String() string {
	where := c.Field
	if c.Line > 0 {
		where = fmt.Sprintf("%d:%d", c.Line, c.Column)
	}
	return fmt.Sprintf("%s: %s: %s → %s (%s)", where, c.Kind, oneLine(c.Before), oneLine(c.After), c.Reason)
}

// Note is something a person should look at: a conversion step that was
// left undone, or text the profile could not fix.
type Note struct {
	Field   string `json:"field"`
	Offset  int    `json:"offset"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

func (n Note) String() string {
	where := n.Field
	if n.Line > 0 {
		where = fmt.Sprintf("%d:%d", n.Line, n.Column)
	}
	return where + ": " + n.Message
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	if s == "" {
		return `""`
	}
	return s
}
