package engine

import (
	"fmt"
	"strings"

	"github.com/slslint/slslint/internal/config"
	"github.com/slslint/slslint/rules"
)

// selection is the set of rules a run reports and their levels.
type selection struct {
	enabled map[string]bool
	levels  map[string]rules.Level
}

func (s *selection) level(r *rules.Rule) rules.Level {
	if l, ok := s.levels[r.ID]; ok {
		return l
	}
	return r.Level
}

// selectRules applies, in order: every rule on; the configuration's on/off and levels;
// --only (nothing else on); --enable; --disable.
func selectRules(cfg *config.Config, enable, disable, only []string) (*selection, error) {
	s := &selection{enabled: map[string]bool{}, levels: map[string]rules.Level{}}
	for _, r := range rules.All() {
		s.enabled[r.ID] = true
		if set, ok := cfg.Rules[r.ID]; ok {
			if set.Enabled != nil {
				s.enabled[r.ID] = *set.Enabled
			}
			if set.Level != "" {
				s.levels[r.ID] = set.Level
			}
		}
	}
	lookup := func(flag string, names []string) ([]*rules.Rule, error) {
		var out []*rules.Rule
		for _, list := range names {
			for _, n := range strings.Split(list, ",") {
				if n = strings.TrimSpace(n); n == "" {
					continue
				}
				r, ok := rules.Lookup(n)
				if !ok {
					return nil, fmt.Errorf("--%s: unknown rule %q; run `slslint rules` for the list", flag, n)
				}
				out = append(out, r)
			}
		}
		return out, nil
	}
	onlyRules, err := lookup("only", only)
	if err != nil {
		return nil, err
	}
	if len(onlyRules) > 0 {
		for id := range s.enabled {
			s.enabled[id] = false
		}
		for _, r := range onlyRules {
			s.enabled[r.ID] = true
		}
		// Parse errors stay on: a file that was not read must never look clean.
		s.enabled[rules.ParseError.ID] = true
		s.enabled[rules.AnalysisFailure.ID] = true
		s.enabled[rules.GoNotAnalyzed.ID] = true
	}
	enableRules, err := lookup("enable", enable)
	if err != nil {
		return nil, err
	}
	for _, r := range enableRules {
		s.enabled[r.ID] = true
	}
	disableRules, err := lookup("disable", disable)
	if err != nil {
		return nil, err
	}
	for _, r := range disableRules {
		s.enabled[r.ID] = false
	}
	return s, nil
}
