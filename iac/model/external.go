package model

import "strings"

// NameFromURLOrARN returns the physical name in a literal queue URL or a queue or topic ARN
// (its last segment), for a partner resource that is not declared beside the resource that
// names it. Anything else, a name still holding an interpolation included, is unknown.
func NameFromURLOrARN(s string, at Range) Attr[string] {
	var name string
	switch {
	case strings.HasPrefix(s, "https://"):
		name = s[strings.LastIndexByte(s, '/')+1:]
	case strings.HasPrefix(s, "arn:"):
		name = s[strings.LastIndexByte(s, ':')+1:]
	}
	if name == "" || strings.Contains(name, "${") {
		return Unresolved[string](at)
	}
	return Set(name, at)
}
