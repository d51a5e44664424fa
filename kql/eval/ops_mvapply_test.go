package eval

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMvApply runs the examples of the reference's mv-apply page
// (https://learn.microsoft.com/kusto/query/mv-apply-operator) with their
// documented outputs.
func TestMvApply(t *testing.T) {
	runCases(t, nil, []evalCase{
		{name: "internal mv-expand", query: `let data = datatable (index: int, Arr: dynamic)
			[
			    0, dynamic([7]),
			    1, dynamic([6, 11, 7])
			];
			data
			| mv-apply Arr2=Arr to typeof(long) on
			    (
			       take 100
			    )`,
			want: `index:int | Arr:dynamic | Arr2:long
				0 | [7] | 7
				1 | [6,11,7] | 6
				1 | [6,11,7] | 11
				1 | [6,11,7] | 7`},
		{name: "largest element", query: `let data = datatable (index: int, Arr: dynamic)
			[
			    0, dynamic([1, 5, 3]),
			    1, dynamic([10, 2, 5, 7])
			];
			data
			| mv-apply topElem=Arr to typeof(long) on
			    (
			    top 1 by topElem
			    )`,
			want: `index:int | Arr:dynamic | topElem:long
				0 | [1,5,3] | 5
				1 | [10,2,5,7] | 10`},
		{name: "top two elements", query: `let data = datatable (index: int, Arr: dynamic)
			[
			    0, dynamic([5, 1, 3]),
			    1, dynamic([4, 10, 8, 7])
			];
			data
			| mv-apply Arr2=Arr to typeof(long) on
			    (
			    top 2 by Arr2
			    | summarize Top2=make_list(Arr2)
			    )`,
			want: `index:int | Arr:dynamic | Top2:dynamic
				0 | [5,1,3] | [5,3]
				1 | [4,10,8,7] | [10,8]`},
		{name: "select elements in arrays", query: `datatable (Val:int, Arr1:dynamic, Arr2:dynamic)
			[ 1, dynamic(['A1', 'A2', 'A3']),       dynamic([10, 30, 7]),
			  7, dynamic(['B1', 'B2', 'B5']),       dynamic([15, 11, 50]),
			  3, dynamic(['C1', 'C2', 'C3', 'C4']), dynamic([6, 40, 20, 8])
			]
			| mv-apply NewArr1=Arr1, NewArr2=Arr2 to typeof(long) on (
			 top 2 by NewArr2
			 | summarize NewArr1=make_list(NewArr1), NewArr2=make_list(NewArr2)
			)`,
			want: `Val:int | Arr1:dynamic | Arr2:dynamic | NewArr1:dynamic | NewArr2:dynamic
				1 | ["A1","A2","A3"] | [10,30,7] | ["A2","A1"] | [30,10]
				7 | ["B1","B2","B5"] | [15,11,50] | ["B5","B1"] | [50,15]
				3 | ["C1","C2","C3","C4"] | [6,40,20,8] | ["C2","C3"] | [40,20]`},
		{name: "with_itemindex", query: `let data = datatable (row: int, Arr: dynamic)
			[
			    0, dynamic([5, 1, 3]),
			    1, dynamic([4, 10, 8, 7])
			];
			data
			| mv-apply with_itemindex=index value=Arr to typeof(long) on
			  (
			    where index >= 2
			  )`,
			want: `row:int | Arr:dynamic | value:long | index:long
				0 | [5,1,3] | 3 | 2
				1 | [4,10,8,7] | 8 | 2
				1 | [4,10,8,7] | 7 | 3`},
		{name: "two arrays", query: `datatable (Val: int, Arr1: dynamic, Arr2: dynamic)
			[
			    1, dynamic(['A1', 'A2']), dynamic(['B1', 'B2', 'B3']),
			    5, dynamic(['C1', 'C2']), dynamic(['D1'])
			]
			| mv-apply T1=Arr1, T2=Arr2 on (
			    extend Out = strcat(T1, "_", T2)
			    | summarize Out= make_list(Out)
			  )`,
			want: `Val:int | Arr1:dynamic | Arr2:dynamic | Out:dynamic
				1 | ["A1","A2"] | ["B1","B2","B3"] | ["A1_B1","A2_B2","_B3"]
				5 | ["C1","C2"] | ["D1"] | ["C1_D1","C2_"]`},
		// Expanding a column under its own name replaces it: the
		// subquery's columns come after the input's others.
		{name: "a column under its own name", query: `datatable (k: string, a: dynamic) ['x', dynamic([1, 2]), 'y', dynamic([3])]
			| mv-apply a on (summarize s = sum(tolong(a)))`,
			want: `k:string | s:long
				x | 3
				y | 3`},
		{name: "a filtering subquery and an empty array", query: `datatable (k: string, a: dynamic) ['x', dynamic([{"t": "User", "n": "u1"}, {"t": "App", "n": "a1"}]), 'y', dynamic([])]
			| mv-apply r = a on (where r.t =~ "user" | extend n = tostring(r.n))
			| project k, n`,
			want: `k:string | n:string
				x | u1`},
	})
}

// TestMvApplyUnsupported: what the reference leaves open fails as not
// supported.
func TestMvApplyUnsupported(t *testing.T) {
	for _, tc := range []struct{ query, msg string }{
		{`datatable (k: string, a: dynamic) ['x', dynamic([])] | mv-apply a on (summarize n = count())`, "mv-apply of a record with nothing to expand, where the subquery makes rows from the empty subtable, is not supported"},
		{`datatable (k: string, a: dynamic) ['x', dynamic([1])] | mv-apply a on (extend k = 1)`, `mv-apply: the subquery's column "k" has the name of a column of the input`},
		{`datatable (k: string, a: dynamic) ['x', dynamic([1])] | mv-apply pack_array(a) on (take 1)`, "mv-apply of an expression without a name is not supported"},
	} {
		_, err := Run(tc.query, Options{Now: testNow})
		var e *Error
		require.True(t, errors.As(err, &e), "%s: got %v", tc.query, err)
		assert.True(t, e.Unsupported, tc.query)
		assert.Contains(t, e.Msg, tc.msg, tc.query)
	}
}
