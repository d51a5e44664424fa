package types

import "github.com/kqlt/kqlt/kql"

// command binds a control command. The binder does not check commands:
// it does not know what .show returns, nor whether the tables a command
// creates, alters or drops exist. It says so with a warning (CodeCommand),
// so that a command is never reported as checked, and binds the KQL
// inside: the query of .set and its kin, and the body of a function
// command, with its parameters in scope. The rows a command returns have
// an open schema: names read from them are never reported.
func (c *checker) command(x *kql.Command) operand {
	c.report(CodeCommand, SeverityWarning, x, x.Kind.String(),
		"%q is a control command: the binder does not check control commands, only the queries and function bodies in them", x.Kind.String())
	pop := c.push()
	row, right, kind := c.row, c.right, c.kind
	c.row, c.right, c.kind = nil, nil, normalScope
	if q := x.Query(); q != nil {
		var out Type
		c.stmts(q.Body, &out)
	}
	if f := x.Func(); f != nil {
		l := &Let{Decl: x}
		if name := x.Name(); name != nil {
			l.Name = name.Name
			c.def(name, l)
		}
		c.funcDecl(l, f)
	}
	c.row, c.right, c.kind = row, right, kind
	pop()
	return operand{typ: openSchema()}
}
