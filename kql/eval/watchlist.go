package eval

import (
	"fmt"

	"github.com/kqlt/kqlt/kql"
)

// Watchlists: _GetWatchlist('alias'), Microsoft Sentinel's function that
// returns the items of a watchlist, reads Options.Watchlists.

// WatchlistColumns are the columns _GetWatchlist adds to a watchlist's own
// columns, in its order: _DTItemId (the item's id), LastUpdatedTimeUTC,
// SearchKey (the value of the watchlist's key column) and WatchlistItem
// (the item's own columns as a property bag). Loaders of sample
// watchlists declare them so that they have these types.
var WatchlistColumns = []Column{
	{"_DTItemId", TypeString},
	{"LastUpdatedTimeUTC", TypeDateTime},
	{"SearchKey", TypeString},
	{"WatchlistItem", TypeDynamic},
}

const getWatchlist = "_GetWatchlist"

// watchlist evaluates _GetWatchlist('alias').
func (ev *evaluator) watchlist(call *kql.CallExpr) (*Table, error) {
	if len(call.Args) != 1 {
		return nil, ev.errorAt(call, "%s() takes the alias of a watchlist", getWatchlist)
	}
	alias, ok := kql.StringValue(call.Args[0])
	if !ok {
		return nil, ev.unsupported(call.Args[0], "%s() with a computed alias is not supported", getWatchlist)
	}
	if t, ok := ev.watchlistCache[alias]; ok {
		return t, nil
	}
	items, ok := ev.watchlists[alias]
	if !ok {
		e := ev.errorAt(call, "no watchlist with alias %q was supplied (%s)", alias, ev.watchlistList())
		e.Watchlist = alias
		return nil, e
	}
	t, err := watchlistTable(items)
	if err != nil {
		return nil, ev.errorAt(call, "watchlist %q: %v", alias, err)
	}
	if ev.watchlistCache == nil {
		ev.watchlistCache = map[string]*Table{}
	}
	ev.watchlistCache[alias] = t
	return t, nil
}

func (ev *evaluator) watchlistList() string { return suppliedList("watchlists", ev.watchlists) }

// watchlistTable returns the items of a watchlist as _GetWatchlist does:
// the WatchlistColumns first, then the watchlist's own columns. A standard
// column the items lack is added, empty (null); a WatchlistItem that is
// null becomes the bag of the item's own columns that have a value.
func watchlistTable(items *Table) (*Table, error) {
	cols := append([]Column(nil), WatchlistColumns...)
	src := make([]int, 0, len(cols)+items.NumColumns()) // column of items per output column, -1 when added
	std := map[string]bool{}
	for _, c := range WatchlistColumns {
		std[c.Name] = true
		j := items.ColumnIndex(c.Name)
		if j >= 0 && items.cols[j].Type != c.Type {
			return nil, fmt.Errorf("column %s is %s, not %s", c.Name, items.cols[j].Type, c.Type)
		}
		src = append(src, j)
	}
	var own []int
	for j, c := range items.cols {
		if !std[c.Name] {
			cols = append(cols, c)
			src = append(src, j)
			own = append(own, j)
		}
	}
	const itemCol = 3 // WatchlistItem
	rows := make([][]Value, items.NumRows())
	for i := range rows {
		row := make([]Value, len(cols))
		for k, j := range src {
			if j >= 0 {
				row[k] = items.Value(i, j)
			} else {
				row[k] = Null(cols[k].Type)
			}
		}
		if row[itemCol].null {
			bag := &propBag{}
			for _, j := range own {
				if v := items.Value(i, j); !v.null && !(v.typ == TypeString && v.s == "") {
					bag.set(items.cols[j].Name, toDyn(v))
				}
			}
			row[itemCol] = dynBag(bag)
		}
		rows[i] = row
	}
	return NewTable(cols, rows)
}
