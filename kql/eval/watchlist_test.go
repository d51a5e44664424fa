package eval

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWatchlist(t *testing.T) {
	vips := mustTable(t, `datatable(SearchKey:string, Upn:string, Tier:long) [
		"alice@contoso.com", "alice@contoso.com", 1,
		"bob@contoso.com", "bob@contoso.com", long(null)]`)
	withStd := mustTable(t, `datatable(_DTItemId:string, SearchKey:string, WatchlistItem:dynamic, Ip:string) [
		"id1", "10.0.0.1", dynamic({"Ip":"10.0.0.1","Note":"kept as given"}), "10.0.0.1"]`)
	tables := map[string]*Table{"SigninLogs": mustTable(t, `datatable(UserPrincipalName:string, IPAddress:string) [
		"alice@contoso.com", "10.0.0.1", "carol@contoso.com", "10.0.0.2"]`)}
	run := func(query string) (*Table, error) {
		return Run(query, Options{Now: testNow, Tables: tables, Watchlists: map[string]*Table{"VIPUsers": vips, "Ips": withStd}})
	}
	for _, tc := range []struct{ name, query, want string }{
		{"columns", `_GetWatchlist('VIPUsers')`,
			"_DTItemId:string | LastUpdatedTimeUTC:datetime | SearchKey:string | WatchlistItem:dynamic | Upn:string | Tier:long\n" +
				` | null | alice@contoso.com | {"Upn":"alice@contoso.com","Tier":1} | alice@contoso.com | 1` + "\n" +
				` | null | bob@contoso.com | {"Upn":"bob@contoso.com"} | bob@contoso.com | null`},
		{"given standard columns are kept", `_GetWatchlist("Ips") | project _DTItemId, SearchKey, WatchlistItem`,
			"_DTItemId:string | SearchKey:string | WatchlistItem:dynamic\n" + `id1 | 10.0.0.1 | {"Ip":"10.0.0.1","Note":"kept as given"}`},
		{"in a let and in", `let vips = _GetWatchlist('VIPUsers') | project SearchKey;
			SigninLogs | where UserPrincipalName in (vips) | project UserPrincipalName`,
			"UserPrincipalName:string\nalice@contoso.com"},
		{"join", `SigninLogs | join kind=inner (_GetWatchlist('Ips') | project IPAddress = SearchKey) on IPAddress | project UserPrincipalName`,
			"UserPrincipalName:string\nalice@contoso.com"},
		{"inline in", `SigninLogs | where IPAddress !in ((_GetWatchlist('Ips') | project SearchKey)) | project UserPrincipalName`,
			"UserPrincipalName:string\ncarol@contoso.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := run(tc.query)
			require.NoError(t, err)
			assert.Equal(t, tc.want, render(res))
		})
	}

	t.Run("missing", func(t *testing.T) {
		_, err := run(`SigninLogs | where UserPrincipalName in ((_GetWatchlist('HighValueAssets') | project SearchKey))`)
		var e *Error
		require.True(t, errors.As(err, &e), "%v", err)
		assert.Equal(t, "HighValueAssets", e.Watchlist)
		assert.Equal(t, "1:43", e.Pos.String())
		assert.Equal(t, `no watchlist with alias "HighValueAssets" was supplied (watchlists: Ips, VIPUsers)`, e.Msg)
		_, err = Run(`_GetWatchlist('x')`, Options{})
		assert.ErrorContains(t, err, `no watchlist with alias "x" was supplied (no watchlists were supplied)`)
	})
	t.Run("wrong type", func(t *testing.T) {
		_, err := Run(`_GetWatchlist('x')`, Options{Watchlists: map[string]*Table{"x": mustTable(t, `datatable(SearchKey:long) [1]`)}})
		assert.ErrorContains(t, err, `watchlist "x": column SearchKey is long, not string`)
	})
	t.Run("computed alias", func(t *testing.T) {
		_, err := run(`let a = "VIPUsers"; _GetWatchlist(a)`)
		var e *Error
		require.True(t, errors.As(err, &e), "%v", err)
		assert.True(t, e.Unsupported)
	})
	t.Run("as a scalar", func(t *testing.T) {
		_, err := run(`print x = _GetWatchlist('VIPUsers')`)
		assert.ErrorContains(t, err, "_GetWatchlist() returns a table, not a scalar")
	})
	t.Run("shadowed by a user function", func(t *testing.T) {
		res, err := run(`let _GetWatchlist = (a:string) { print alias = a }; _GetWatchlist('VIPUsers')`)
		require.NoError(t, err)
		assert.Equal(t, "alias:string\nVIPUsers", render(res))
	})
}
