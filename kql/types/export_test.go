package types

// IsBuiltinName reports whether name is a built-in function, aggregate
// or plugin, for the tests of package types_test.
func IsBuiltinName(name string) bool {
	return lookupBuiltin(ScalarFunction, name) != nil || lookupBuiltin(AggregateFunction, name) != nil || lookupBuiltin(PlugIn, name) != nil
}
