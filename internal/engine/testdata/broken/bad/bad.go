// Package bad does not type-check.
package bad

func Broken() int {
	return undefinedName + 1
}
