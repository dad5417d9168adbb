// Package jsii is a stub of github.com/aws/jsii-runtime-go: pointer helpers, no init.
package jsii

func String(v string) *string { return &v }

func Number(v float64) *float64 { return &v }
