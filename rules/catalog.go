package rules

import (
	"embed"
	"sort"
	"strings"
)

//go:generate go run ../internal/rulesdoc/gendocs/main.go -root ..

//go:embed help/*.md
var helpFiles embed.FS

// catalog lists every rule, in ID order. Each layer's rules are declared in their own file
// (core.go, golang.go, iac.go, cross.go); this is the one place that gathers them.
var catalog = build(coreRules, goRules, iacRules, crossRules)

func build(groups ...[]*Rule) []*Rule {
	var all []*Rule
	for _, g := range groups {
		all = append(all, g...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	for _, r := range all {
		// A missing help file leaves help empty; TestCatalog reports it.
		if b, err := helpFiles.ReadFile("help/" + r.ID + ".md"); err == nil {
			r.help = string(b)
		}
	}
	return all
}

// All returns every rule in ID order. The slice is a copy; the rules are shared and must
// not be modified.
func All() []*Rule { return append([]*Rule(nil), catalog...) }

// Lookup finds a rule by ID ("SLS101", case-insensitive) or by name
// ("nondeterministic-write-key").
func Lookup(idOrName string) (*Rule, bool) {
	key := strings.TrimSpace(idOrName)
	for _, r := range catalog {
		if strings.EqualFold(r.ID, key) || r.Name == key {
			return r, true
		}
	}
	return nil, false
}
