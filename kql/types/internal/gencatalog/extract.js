// extract.js prints, as JSON on stdout, the built-in function catalog of
// Microsoft's Kusto.Language package (npm @kusto/language-service-next):
// Functions.All, Aggregates.All, PlugIns.All and Operators.All with their
// signatures and parameters. gencatalog runs it with node and turns the
// JSON into Go.
//
// usage: node extract.js PACKAGE_DIR
'use strict';

const path = require('path');
const pkg = process.argv[2];
if (!pkg) {
  process.stderr.write('usage: node extract.js PACKAGE_DIR\n');
  process.exit(2);
}
// The package is a Bridge.NET translation of the C# library: bridge.js must
// be loaded first, as global.Bridge; it also defines global System.
global.Bridge = require(path.join(pkg, 'bridge.min.js'));
require(path.join(pkg, 'Kusto.Language.Bridge.min.js'));
const K = global.Kusto.Language;
const S = K.Symbols;

function toArray(list) {
  if (!list) return [];
  const out = [];
  const en = Bridge.getEnumerator(list);
  while (en.moveNext()) out.push(en.Current);
  return out;
}

function enumName(type, value) {
  return System.Enum.toString(type, value);
}

// type describes a TypeSymbol as JSON.
function type(t) {
  if (t == null) return null;
  if (t instanceof S.DynamicArraySymbol) return { kind: 'array', elem: type(t.ElementType) };
  if (t instanceof S.DynamicBagSymbol) return { kind: 'bag', props: columns(t.Properties) };
  if (t instanceof S.DynamicPrimitiveSymbol) return { kind: 'dynamic', of: type(t.UnderlyingType) };
  if (t instanceof S.TableSymbol) return { kind: 'table', columns: columns(t.Columns), open: !!t.IsOpen };
  if (t instanceof S.TupleSymbol) return { kind: 'tuple', columns: columns(t.Columns) };
  if (t instanceof S.ScalarSymbol) return { kind: 'scalar', name: t.Name };
  throw new Error('unexpected type symbol ' + t.Name + ' of kind ' + enumName(S.SymbolKind, t.Kind));
}

function columns(list) {
  return toArray(list).map(c => ({ name: c.Name, type: type(c.Type) }));
}

function value(v) {
  if (v == null) return null;
  switch (typeof v) {
    case 'string': return { string: v };
    case 'boolean': return { bool: v };
    case 'number': return Number.isInteger(v) ? { long: v } : { real: v };
  }
  // Bridge represents C# long as System.Int64 objects.
  if (v instanceof System.Int64) return { long: Number(v.toString()) };
  throw new Error('unexpected parameter value ' + String(v));
}

// ArgumentKind values outside the enum are combinations such as
// Column | Literal (13), which the package's binder checks as neither.
function argumentKind(k) {
  const name = enumName(S.ArgumentKind, k);
  return /^[A-Za-z_][A-Za-z_0-9]*$/.test(name) ? name : String(k);
}

function layout(sig) {
  const L = S.ParameterLayouts;
  if (sig.Layout === L.Fixed) return 'Fixed';
  if (sig.Layout === L.Repeating) return 'Repeating';
  if (sig.Layout === L.RepeatingSkipping) return 'RepeatingSkipping';
  if (sig.Layout === L.BlockRepeating) return 'BlockRepeating';
  return 'Custom';
}

function parameter(p) {
  return {
    name: p.Name,
    typeKind: enumName(S.ParameterTypeKind, p.TypeKind),
    types: toArray(p.DeclaredTypes).map(type),
    argumentKind: argumentKind(p.ArgumentKind),
    min: p.MinOccurring,
    max: p.MaxOccurring,
    values: toArray(p.Values).map(value),
    caseSensitive: !!p.IsCaseSensitive,
    defaultValueIndicator: p.DefaultValueIndicator || '',
    defaultValue: p.DefaultValue ? p.DefaultValue.toString() : '',
  };
}

function signature(sig) {
  const kind = enumName(S.ReturnTypeKind, sig.ReturnKind);
  return {
    returnKind: kind,
    returnType: kind === 'Declared' ? type(sig.DeclaredReturnType) : null,
    tabularity: enumName(S.Tabularity, sig.Tabularity),
    layout: layout(sig),
    minArgs: sig.MinArgumentCount,
    maxArgs: sig.MaxArgumentCount,
    hidden: !!sig.IsHidden,
    alternative: sig.Alternative || '',
    parameters: toArray(sig.Parameters).map(parameter),
  };
}

function fn(f) {
  return {
    name: f.Name,
    hidden: !!f.IsHidden,
    alternative: f.Alternative || '',
    constantFoldable: !!f.IsConstantFoldable,
    view: !!f.IsView,
    customAvailability: f.CustomAvailability != null,
    resultNameKind: enumName(S.ResultNameKind, f.ResultNameKind),
    resultNamePrefix: f.ResultNamePrefix || '',
    signatures: toArray(f.Signatures).map(signature),
  };
}

// operator describes an OperatorSymbol like a function named after its
// OperatorKind ("Add", "HasAny"), which has no other properties.
function operator(op) {
  const name = enumName(S.OperatorKind, op.OperatorKind);
  if (name !== op.Name) throw new Error('operator ' + op.Name + ' has kind ' + name);
  return {
    name,
    hidden: false,
    alternative: '',
    constantFoldable: false,
    view: false,
    customAvailability: false,
    resultNameKind: 'None',
    resultNamePrefix: '',
    signatures: toArray(op.Signatures).map(signature),
  };
}

const version = require(path.join(pkg, 'package.json')).version;
const out = {
  package: '@kusto/language-service-next',
  version,
  functions: toArray(K.Functions.All).map(fn),
  aggregates: toArray(K.Aggregates.All).map(fn),
  plugins: toArray(K.PlugIns.All).map(fn),
  operators: toArray(K.Operators.All).map(operator),
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
