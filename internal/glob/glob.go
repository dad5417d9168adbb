// Package glob matches slash-separated paths against the glob patterns used in slslint's
// configuration and analyzer settings.
//
// Syntax: "*" matches any run of characters within one path segment, "?" one character,
// "[...]" a class, as in path.Match; a "**" segment matches zero or more whole segments. A
// pattern without "/" matches a path whose last segment matches it, at any depth, as in
// .gitignore ("*_test.go", "generated"). A pattern also matches everything below a path it
// matches, so "legacy/**" and "legacy" both exclude the legacy tree.
package glob

import (
	"fmt"
	"path"
	"strings"
)

// A Pattern is a compiled glob.
type Pattern struct {
	text     string
	segments []string
	anyDepth bool
}

// Compile checks a pattern's syntax.
func Compile(pattern string) (*Pattern, error) {
	p := strings.TrimPrefix(strings.TrimSpace(pattern), "./")
	if p == "" {
		return nil, fmt.Errorf("empty pattern")
	}
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for _, s := range segs {
		if s == "**" {
			continue
		}
		if _, err := path.Match(s, ""); err != nil {
			return nil, fmt.Errorf("bad pattern %q: %w", pattern, err)
		}
	}
	return &Pattern{text: pattern, segments: segs, anyDepth: !strings.Contains(strings.Trim(p, "/"), "/")}, nil
}

// String returns the pattern as written.
func (p *Pattern) String() string { return p.text }

// Match reports whether the slash-separated relative path, or one of its parent
// directories, matches the pattern.
func (p *Pattern) Match(name string) bool {
	segs := strings.Split(strings.Trim(path.Clean(name), "/"), "/")
	if p.anyDepth {
		for _, s := range segs {
			if ok, _ := path.Match(p.segments[0], s); ok {
				return true
			}
		}
		return false
	}
	// A match of any prefix of the path covers the whole subtree under it.
	for n := 1; n <= len(segs); n++ {
		if matchSegments(p.segments, segs[:n]) {
			return true
		}
	}
	return false
}

func matchSegments(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			for i := 0; i <= len(segs); i++ {
				if matchSegments(rest, segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// Set is a list of patterns; it matches when any pattern does.
type Set []*Pattern

// CompileAll compiles each pattern, failing on the first bad one.
func CompileAll(patterns []string) (Set, error) {
	var s Set
	for _, p := range patterns {
		c, err := Compile(p)
		if err != nil {
			return nil, err
		}
		s = append(s, c)
	}
	return s, nil
}

// Match reports whether any pattern matches name.
func (s Set) Match(name string) bool {
	for _, p := range s {
		if p.Match(name) {
			return true
		}
	}
	return false
}
