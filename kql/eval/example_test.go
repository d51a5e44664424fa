package eval_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kqlt/kqlt/kql/eval"
)

func ExampleRun() {
	events, err := eval.ReadJSONL(strings.NewReader(`
{"TimeGenerated":"2025-06-02T10:00:00Z","OperationName":"KeyGet","Caller":"alice"}
{"TimeGenerated":"2025-06-02T10:05:00Z","OperationName":"KeyDelete","Caller":"bob"}
{"TimeGenerated":"2025-06-01T09:00:00Z","OperationName":"KeyDelete","Caller":"carol"}
`), nil)
	if err != nil {
		panic(err)
	}
	res, err := eval.Run(`
		AzureDiagnostics
		| where TimeGenerated > ago(1d) and OperationName in~ ("keydelete", "keypurge")
		| summarize Count = count(), Callers = make_set(Caller) by OperationName`,
		eval.Options{
			Now:    time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC),
			Tables: map[string]*eval.Table{"AzureDiagnostics": events},
		})
	if err != nil {
		panic(err)
	}
	fmt.Print(res)
	// Output:
	// OperationName  Count  Callers
	// KeyDelete      1      ["bob"]
}

func ExampleRun_unsupported() {
	_, err := eval.Run("print x = 1\n| extend y = series_outliers(dynamic([1, 2, 30]))", eval.Options{})
	fmt.Println(err)
	// Output:
	// 2:14: unsupported: series_outliers() is not supported: its scoring is not documented precisely enough to reproduce Kusto's results
}

func ExampleLoadTable() {
	schema, err := eval.LoadSchema("../../testdata/ruletests/schema.json")
	if err != nil {
		panic(err)
	}
	t, err := eval.LoadTable("../../testdata/ruletests/data/ti-indicators.jsonl", schema["ThreatIntelligenceIndicator"])
	if err != nil {
		panic(err)
	}
	res, err := eval.Run(`TI | project NetworkIP, ExpirationDateTime, ConfidenceScore, ThreatSeverity`,
		eval.Options{Tables: map[string]*eval.Table{"TI": t}})
	if err != nil {
		panic(err)
	}
	_ = res.WriteText(os.Stdout)
	// Output:
	// NetworkIP     ExpirationDateTime    ConfidenceScore  ThreatSeverity
	// 203.0.113.45  2025-07-01T00:00:00Z  80               4
	// 192.0.2.10    2025-06-30T00:00:00Z  60               3
}

func ExampleRun_watchlist() {
	// A watchlist: SearchKey and its own columns, as ReadCSV reads them
	// when WatchlistColumns are declared.
	vips, err := eval.ReadCSV(strings.NewReader("SearchKey,Tier\nalice@contoso.com,gold\n"), eval.WatchlistColumns)
	if err != nil {
		panic(err)
	}
	res, err := eval.Run(`_GetWatchlist('VIPUsers') | project SearchKey, Tier, WatchlistItem`,
		eval.Options{Watchlists: map[string]*eval.Table{"VIPUsers": vips}})
	if err != nil {
		panic(err)
	}
	fmt.Print(res)
	_, err = eval.Run(`_GetWatchlist('HighValueAssets')`, eval.Options{Watchlists: map[string]*eval.Table{"VIPUsers": vips}})
	fmt.Println(err)
	// Output:
	// SearchKey          Tier  WatchlistItem
	// alice@contoso.com  gold  {"Tier":"gold"}
	// 1:1: no watchlist with alias "HighValueAssets" was supplied (watchlists: VIPUsers)
}
