// Package sql is a stub of gopkg.in/DataDog/dd-trace-go.v1/contrib/database/sql: sql.Open
// with tracing.
package sql

import "database/sql"

type Option func()

func Open(driverName, dataSourceName string, opts ...Option) (*sql.DB, error) {
	return sql.Open(driverName, dataSourceName)
}
