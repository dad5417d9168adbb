// Package pure is the idiomatic domain package: no provider, no finding.
package pure

import "time"

type Cents int64

type Clock interface{ Now() time.Time }
