// Package transform converts detection rules from one log source to another
// on the syntax tree, as a declarative Profile says: its built-in profile,
// keyvault-to-managedhsm, turns Azure Key Vault rules into Azure Key Vault
// Managed HSM rules.
//
// A conversion runs small passes over the query (package kql), each
// recording the changes it makes with their source positions and the
// profile entry that caused them:
//
//  1. retarget: literals compared with a mapped column (ResourceType ==
//     "VAULTS", in every string form, through let bindings and dynamic
//     arrays) get their new value; comments and unrelated strings never
//     change;
//  2. prune: operations the target lacks leave operation lists, and
//     comparisons that can then match nothing become false (their negations
//     true);
//  3. fold: and, or, not(), iff() and case() with constant operands are
//     simplified, soundly under KQL's three-valued logic;
//  4. dead code: where true disappears, where false empties its pipeline
//     (a union leg goes; an empty result makes the rule inapplicable), and
//     let bindings the conversion left unused go with their comments.
//
// Everything else in the query stays byte for byte as it was: the printer
// of package kql copies untouched text from the source. The rule's other
// fields change as the profile's metadata section says, and the file is
// written back by splicing only the changed values (package rules).
//
// A converted rule is out of the profile's scope (nothing compares
// ResourceType with "VAULTS" any more), so converting it again changes
// nothing.
package transform
