package eval

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSeriesFitLine runs the reference's example of series_fit_line() and
// series_fit_line_dynamic()
// (https://learn.microsoft.com/kusto/query/series-fit-line-function and
// .../series-fit-line-dynamic-function), whose table gives RSquare 0.982,
// Slope 2.730, Variance 98.628, RVariance 1.686, Interception -1.666 and
// LineFit 1.064, 3.7945, 6.526, 9.256, 11.987, 14.718, 17.449, 20.180,
// 22.910, 25.641, 28.371, 31.102 (rounded as printed there).
func TestSeriesFitLine(t *testing.T) {
	want := []float64{0.982, 2.730, 98.628, 1.686, -1.666}
	wantFit := []float64{1.064, 3.7945, 6.526, 9.256, 11.987, 14.718, 17.449, 20.180, 22.910, 25.641, 28.371, 31.102}
	const y = `dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30])`
	for _, q := range []string{
		`print id=' ', y=` + y + `
| extend (RSquare, Slope, Variance, RVariance, Interception, LineFit)=series_fit_line(y)
| project RSquare, Slope, Variance, RVariance, Interception, LineFit`,
		`print id=' ', y=` + y + `
| extend fit=series_fit_line_dynamic(y)
| project RSquare=toreal(fit.rsquare), Slope=toreal(fit.slope), Variance=toreal(fit.variance),
    RVariance=toreal(fit.rvariance), Interception=toreal(fit.interception), LineFit=fit.line_fit`,
	} {
		res, err := Run(q, Options{Now: testNow})
		require.NoError(t, err, q)
		require.Equal(t, 1, res.NumRows())
		for j, w := range want {
			assert.Equal(t, TypeReal, res.cols[j].Type, res.cols[j].Name)
			got, ok := res.Value(0, j).Real()
			require.True(t, ok, res.cols[j].Name)
			assert.InDelta(t, w, got, 0.001, res.cols[j].Name)
		}
		fit, ok := res.Value(0, 5).array()
		require.True(t, ok)
		require.Len(t, fit, len(wantFit))
		for i, w := range wantFit {
			got, _ := fit[i].unwrap().Real()
			assert.InDelta(t, w, got, 0.001, "LineFit[%d]", i)
		}
	}
}

// TestSeriesFitLineWithMakeSeries fits the series make-series makes, as
// the Sentinel rules do. Row x (1..10) is repeated x times at day x: U "a"
// counts [0,2,0,4,0,6,0,8,0,10] and U "b" [1,0,3,0,5,0,7,0,9,0]; the least
// squares lines (worked out separately from the closed form) have slopes
// 2/3 and 1/3, intercepts -2/3 and 2/3, r-squares 0.282 and 0.089.
func TestSeriesFitLineWithMakeSeries(t *testing.T) {
	res, err := Run(`range x from 1 to 10 step 1
| extend T = datetime(2025-01-01) + x * 1d, U = iff(x % 2 == 0, "a", "b")
| mv-expand k = range(1, x)
| make-series n = count() default = 0 on T from datetime(2025-01-02) to datetime(2025-01-12) step 1d by U
| extend (RSquare, Slope, Variance, RVariance, Interception, LineFit) = series_fit_line(n)
| where Slope > 0.5
| project U, n, Slope = round(Slope, 3), RSquare = round(RSquare, 3), Interception = round(Interception, 3)`, Options{Now: testNow})
	require.NoError(t, err)
	assert.Equal(t, normalize(`U:string | n:dynamic | Slope:real | RSquare:real | Interception:real
a | [0,2,0,4,0,6,0,8,0,10] | 0.667 | 0.282 | -0.667`, false), normalize(render(res), false))
}

// TestSeriesFitLineUnsupported: what the reference leaves open fails as
// not supported, at the call.
func TestSeriesFitLineUnsupported(t *testing.T) {
	for _, tc := range []struct{ query, msg string }{
		{`print y = dynamic([3, 3, 3]) | extend (a, b, c, d, e, f) = series_fit_line(y)`, "series_fit_line() of a constant series is not supported"},
		{`print y = dynamic([3]) | extend (a, b, c, d, e, f) = series_fit_line(y)`, "series_fit_line() of one value is not supported"},
		{`print y = dynamic([1, "x"]) | extend (a, b, c, d, e, f) = series_fit_line(y)`, "series_fit_line() of an array holding a value that is not a number"},
		{`print y = dynamic(null) | extend f = series_fit_line_dynamic(y)`, "series_fit_line_dynamic() of null is not supported"},
		{`print y = dynamic([1, 2]) | extend f = series_fit_line(y)`, "series_fit_line() is not supported: it returns several columns"},
	} {
		_, err := Run(tc.query, Options{Now: testNow})
		var e *Error
		require.True(t, errors.As(err, &e), "%s: got %v", tc.query, err)
		assert.True(t, e.Unsupported, tc.query)
		assert.Contains(t, e.Msg, tc.msg)
	}
	_, err := Run(`print y = dynamic([1, 2]) | extend (a, b) = series_fit_line(y)`, Options{Now: testNow})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "series_fit_line() returns 6 columns (rsquare, slope, variance, rvariance, interception, line_fit), and 2 names are given")
	_, err = Run(`print y = "1,2" | extend (a, b, c, d, e, f) = series_fit_line(y)`, Options{Now: testNow})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "takes a dynamic array of numbers, not a string")
}
