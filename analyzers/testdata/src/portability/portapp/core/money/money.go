// Package money uses civil dates, which tie nothing to a cloud: no finding.
package money

import "cloud.google.com/go/civil"

type Statement struct{ On civil.Date }

func Due(s Statement) civil.Date { return s.On }
