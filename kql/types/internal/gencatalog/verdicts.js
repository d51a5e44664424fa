// verdicts.js reads JSON Lines {"id", "query", "at"} on stdin and prints,
// for each, the official analysis of the expression that starts at
// UTF-16 offset "at" of the query (the widest one: the function call or
// the operator expression): its result type (unreduced) and the error
// diagnostics inside the expression's span, as JSON Lines
// {"id", "type", "diags": [{"code", "message", "start", "length"}]}.
// gencatalog -calls runs it to make the verdicts kql/types tests
// checkCall against.
//
// usage: node verdicts.js PACKAGE_DIR < queries.jsonl
'use strict';

const path = require('path');
const readline = require('readline');
const pkg = process.argv[2];
if (!pkg) {
  process.stderr.write('usage: node verdicts.js PACKAGE_DIR < queries.jsonl\n');
  process.exit(2);
}
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

// typeString renders a type as kql/types prints one: a scalar type name
// (every dynamic shape is "dynamic"), "(a:long, b:string)" for a tuple or
// a table, with ", *" for an open table.
function typeString(t) {
  if (t == null) return 'null';
  if (t instanceof S.ErrorSymbol) return 'error';
  if (t instanceof S.DynamicSymbol) return 'dynamic';
  if (t instanceof S.TupleSymbol || t instanceof S.TableSymbol) {
    const cols = toArray(t.Columns).map(c => c.Name + ':' + typeString(c.Type));
    if (t instanceof S.TableSymbol && t.IsOpen) cols.push('*');
    return '(' + cols.join(', ') + ')';
  }
  if (t instanceof S.ScalarSymbol) return t.Name;
  return System.Enum.toString(S.SymbolKind, t.Kind).toLowerCase();
}

function findExpression(root, at) {
  const stack = [root];
  let found = null;
  while (stack.length) {
    const e = stack.pop();
    if (!e || e.IsToken) continue;
    if (e instanceof K.Syntax.Expression && e.TextStart === at && (!found || e.Width > found.Width)) found = e;
    for (let i = e.ChildCount - 1; i >= 0; i--) stack.push(e.GetChild(i));
  }
  return found;
}

const globals = K.GlobalState.Default;
K.KustoCode.ParseAndAnalyze('print 1', globals).GetDiagnostics(); // warm up

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', line => {
  if (!line.trim()) return;
  const { id, query, at } = JSON.parse(line);
  const out = { id };
  try {
    const code = K.KustoCode.ParseAndAnalyze(query, globals);
    const call = findExpression(code.Syntax, at);
    if (!call) throw new Error('no expression at ' + at);
    const start = call.TextStart, end = call.TextStart + call.Width;
    // RawResultType: ResultType reduces a one-column tuple to its column.
    out.type = typeString(call.RawResultType);
    out.diags = toArray(code.GetDiagnostics())
      .filter(d => d.Severity === 'Error' && d.Start >= start && d.Start + d.Length <= end)
      .map(d => ({ code: d.Code, message: d.Message, start: d.Start, length: d.Length }));
  } catch (err) {
    out.error = String(err && err.message || err);
  }
  process.stdout.write(JSON.stringify(out) + '\n');
});
