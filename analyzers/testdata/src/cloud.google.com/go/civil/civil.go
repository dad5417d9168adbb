// Package civil is a stub of cloud.google.com/go/civil: dates without a cloud behind them.
package civil

type Date struct {
	Year, Month, Day int
}
