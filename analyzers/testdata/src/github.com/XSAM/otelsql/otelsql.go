// Package otelsql is a stub of github.com/XSAM/otelsql: sql.Open with OpenTelemetry.
package otelsql

import "database/sql"

type Option interface{}

func Open(driverName, dataSourceName string, options ...Option) (*sql.DB, error) {
	return sql.Open(driverName, dataSourceName)
}
