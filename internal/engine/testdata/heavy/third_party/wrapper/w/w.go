package w

import "example.com/wrapper/inner"

func New() (any, error) { return inner.New() }
