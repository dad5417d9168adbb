// Package bigsdk stands for an in-house dependency configured as heavy with -heavy.
package bigsdk

func Client() int { return 0 }
