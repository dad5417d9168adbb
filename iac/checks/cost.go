package checks

import (
	"fmt"
	"strings"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

// SLS301: a project that deploys functions and defines no budget, reported once at the
// project's main file. Each project is judged on its own: a budget elsewhere in the
// repository may cover another account. A reusable Terraform module is deployed by its
// callers, which are the ones to define the budget.
func checkBudget(ps *pass) {
	if len(ps.functions()) == 0 || len(ps.project.Budgets) > 0 || ps.project.ReusableModule || ps.project.ResourcesUnknown {
		return
	}
	n := len(ps.functions())
	what := "1 Lambda function"
	if n != 1 {
		what = fmt.Sprintf("%d Lambda functions", n)
	}
	ps.report(rules.NoBudget, ps.project.At, fmt.Sprintf(
		"project %s deploys %s but defines no budget\nnothing alerts anyone when a retry storm or a "+
			"traffic spike multiplies the bill; add %s with a notification.",
		projectName(ps.project), what, settingBudget.in(ps.project)))
}

func projectName(p *model.Project) string {
	if p.Name != "" {
		return p.Name
	}
	return p.Path
}

// onlyPolled returns a function's triggers when event source mappings are the only way it
// is invoked: no URL, no asynchronous source, no permission for anything else to invoke
// it. nil otherwise.
func (ps *pass) onlyPolled(f *model.Function) []*model.Trigger {
	ts := triggers(f)
	if len(ts) == 0 || len(f.URLs) > 0 || len(ps.asyncSources(f)) > 0 {
		return nil
	}
	for _, p := range ps.project.Permissions {
		if p != nil && p.Function == f.ID {
			return nil // something else may invoke it
		}
	}
	for _, t := range ts {
		if !t.Kind.Polled() {
			return nil
		}
	}
	return ts
}

// sqsBound returns the concurrency a function's SQS triggers limit it to when they are the
// only way it is invoked and each sets ScalingConfig.MaximumConcurrency. set is true when
// every trigger sets it (resolved or not); known is true when every value is resolved.
func (ps *pass) sqsBound(f *model.Function) (limit int, set, known bool) {
	ts := ps.onlyPolled(f)
	if ts == nil {
		return 0, false, false
	}
	known = true
	for _, t := range ts {
		if t.Kind != model.TriggerSQS || !t.MaximumConcurrency.IsSet() {
			return 0, false, false
		}
		if t.MaximumConcurrency.Known() {
			limit += t.MaximumConcurrency.Value
		} else {
			known = false
		}
	}
	return limit, true, known
}

// streamBound returns the concurrency a function's Kinesis and DynamoDB stream triggers
// limit it to when they are the only way it is invoked: Lambda processes each shard with at
// most ParallelizationFactor concurrent invocations, so the bound is the shards times the
// factor, summed over the triggers. only is true when stream triggers are the only way the
// function is invoked; known is true when every stream's shard count and every factor are
// known (a DynamoDB stream's shards, and an on-demand stream's, never are).
func (ps *pass) streamBound(f *model.Function) (limit int, only, known bool) {
	ts := ps.onlyPolled(f)
	if ts == nil {
		return 0, false, false
	}
	known = true
	for _, t := range ts {
		if t.Kind != model.TriggerKinesis && t.Kind != model.TriggerDynamoDB {
			return 0, false, false
		}
		s, ok := ps.streams[t.Source.Ref]
		if !ok || t.Kind != model.TriggerKinesis || t.Source.Ref == "" || !s.ShardCount.Known() || !t.ParallelizationFactor.Known() {
			known = false
			continue
		}
		limit += s.ShardCount.Value * max(t.ParallelizationFactor.Value, 1)
	}
	return limit, true, known
}

// SLS302: a function whose concurrency nothing limits. A function that only stream
// triggers invoke is bounded by the streams' shards, and reserved concurrency below that
// bound would stall its shards: it is not reported.
func checkConcurrencyLimit(ps *pass) {
	limit := ps.settings.Cost.AccountConcurrencyLimit
	for _, f := range ps.functions() {
		if f.ReservedConcurrency.IsSet() {
			continue
		}
		if _, bounded, _ := ps.sqsBound(f); bounded {
			continue
		}
		if _, streamOnly, _ := ps.streamBound(f); streamOnly {
			continue
		}
		extra := ""
		for _, t := range triggers(f) {
			if t.Kind == model.TriggerSQS {
				extra = fmt.Sprintf(" (or %s on its SQS trigger)", settingMaxConcurrency.of(ps.project, f.Type))
				break
			}
		}
		ps.report(rules.NoConcurrencyLimit, where(f.ReservedConcurrency, f.At), fmt.Sprintf(
			"function %s has no reserved concurrency\na traffic spike or retry storm scales it up to the account limit "+
				"(%s concurrent executions) and starves every other function of the account; set %s%s.",
			f.ID, thousands(limit), settingReserved.of(ps.project, f.Type), extra))
	}
}

// SLS303: an API stage without throttling.
func checkAPIThrottling(ps *pass) {
	for _, api := range ps.project.APIs {
		if api == nil {
			continue
		}
		for _, st := range api.Stages {
			if st == nil || st.ThrottlingBurstLimit.IsSet() || st.ThrottlingRateLimit.IsSet() {
				continue
			}
			if api.Kind == model.RESTAPI && (isTrue(api.UsagePlan) || api.UsagePlan.Origin == model.Unknown) {
				continue
			}
			at := where(st.ThrottlingRateLimit, st.At)
			if at.IsZero() {
				at = api.At
			}
			fix := settingThrottling
			if api.Kind == model.HTTPAPI {
				fix = settingHTTPThrottling
			}
			consequence := "every request it accepts invokes a function, so a client loop or a flood scales Lambda (and the bill)"
			if !ps.invokesFunction(api) {
				consequence = "every request it accepts is passed to its integration, so a client loop or a flood reaches the " +
					"backend (and the bill)"
			}
			ps.report(rules.APINoThrottling, at, fmt.Sprintf(
				"stage %s of %s %s has no throttling\n%s up to the account's API limit of 10,000 requests per second; set %s.",
				stageName(st), apiKindName(api.Kind), api.ID, consequence, fix.in(ps.project)))
		}
	}
}

func stageName(st *model.Stage) string {
	switch {
	case st.Name.Known() && st.Name.Value != "":
		return st.Name.Value
	case st.NameExpr != "":
		return st.NameExpr
	}
	return "(unnamed)"
}

// invokesFunction reports whether an API is known to invoke a function: one of its routes
// integrates one, or a function's trigger is the API. An API whose routes integrate
// services directly (or whose integrations are not known) is not said to.
func (ps *pass) invokesFunction(api *model.API) bool {
	for _, r := range api.Routes {
		if r != nil && r.Function != "" {
			return true
		}
	}
	for _, f := range ps.functions() {
		for _, t := range f.Triggers {
			if t != nil && t.API.Ref != "" && t.API.Ref == api.ID {
				return true
			}
		}
	}
	return false
}

// SLS304: a function whose logs never expire. A function whose role denies writing its
// logs stores none (they leave through an extension, or not at all).
func checkLogRetention(ps *pass) {
	for _, f := range ps.functions() {
		r := f.LogRetentionDays
		if r.Origin == model.Explicit || r.Origin == model.Unknown || (r.Origin == model.Default && r.Value > 0) {
			continue
		}
		if ps.logsDenied(f) {
			continue
		}
		if r.Origin == model.Absent && ps.project.ResourcesUnknown {
			continue // the log group may be among the resources that cannot be read
		}
		var related []Related
		if g, ok := ps.logGroups[f.LogGroup.Ref]; ok && f.LogGroup.Ref != "" {
			related = append(related, Related{At: where(g.RetentionDays, g.At), Message: "log group " + g.ID + " has no retention"})
		}
		ps.report(rules.LogRetentionUnset, where(r, f.At), fmt.Sprintf(
			"the logs of function %s never expire\nCloudWatch Logs keeps every line, billed per GB-month, for as long as the "+
				"account exists; add %s.",
			f.ID, settingRetention.of(ps.project, f.Type)), related...)
	}
}

// pricePerGBSecond returns the GB-second price of an architecture and its name; an
// unresolved architecture is priced as arm64, the lower, so that a finding holds for either.
func (ps *pass) pricePerGBSecond(arch model.Attr[string]) (float64, string, bool) {
	prices := ps.settings.Cost.GBSecondUSD
	switch {
	case !arch.Known():
		return prices.ARM64, "arm64 (the lower price; the architecture is not known)", true
	case strings.EqualFold(arch.Value, "arm64"):
		return prices.ARM64, "arm64", true
	case strings.EqualFold(arch.Value, "x86_64"), arch.Value == "":
		return prices.X86, "x86_64", true
	}
	return 0, "", false
}

// WorstCase is a function's worst-case hourly compute cost and its inputs, as SLS305
// computes it: concurrency × memory in GB × 3,600 s × the GB-second price.
type WorstCase struct {
	HourlyUSD float64
	// Concurrency is the cap the figure assumes; ConcurrencySource says where it comes
	// from ("its reserved concurrency", "the account limit, as nothing caps it").
	Concurrency       int
	ConcurrencySource string
	MemoryGB          float64
	PricePerGBSecond  float64
	// Architecture names the price used ("arm64", "x86_64", or arm64 when unknown).
	Architecture string
}

// WorstCaseCost computes a function's worst-case hourly compute cost as SLS305 does, for
// reports such as slslint inventory; false when an input is not known statically.
func WorstCaseCost(p *model.Project, f *model.Function, s Settings) (WorstCase, bool) {
	if p == nil || f == nil {
		return WorstCase{}, false
	}
	s = settingsOrDefaults(s)
	ps := &pass{project: p, settings: &s}
	ps.index()
	return ps.worstCase(f)
}

// worstCase is SLS305's computation.
func (ps *pass) worstCase(f *model.Function) (WorstCase, bool) {
	cost := ps.settings.Cost
	if !f.MemoryMB.Known() || f.MemoryMB.Value <= 0 {
		return WorstCase{}, false
	}
	var concurrency int
	var source string
	switch rc := f.ReservedConcurrency; {
	case rc.Known():
		concurrency, source = rc.Value, "its reserved concurrency"
	case rc.Origin == model.Unknown:
		return WorstCase{}, false
	default:
		limit, bounded, known := ps.sqsBound(f)
		shards, streamOnly, shardsKnown := ps.streamBound(f)
		switch {
		case bounded && !known:
			return WorstCase{}, false
		case bounded:
			concurrency, source = min(limit, cost.AccountConcurrencyLimit), "the maximum concurrency of its SQS triggers"
		case streamOnly && !shardsKnown:
			return WorstCase{}, false // bounded by the stream's shards, whose number is not known
		case streamOnly:
			concurrency, source = min(shards, cost.AccountConcurrencyLimit), "its streams' shards × ParallelizationFactor"
		default:
			concurrency, source = cost.AccountConcurrencyLimit, "the account limit, as nothing caps it"
		}
	}
	price, archName, ok := ps.pricePerGBSecond(f.Architecture)
	if !ok || concurrency <= 0 {
		return WorstCase{}, false
	}
	gb := float64(f.MemoryMB.Value) / 1024
	return WorstCase{
		HourlyUSD: float64(concurrency) * gb * 3600 * price, Concurrency: concurrency, ConcurrencySource: source,
		MemoryGB: gb, PricePerGBSecond: price, Architecture: archName,
	}, true
}

// SLS305: a function whose worst-case hourly compute cost exceeds cost.max-hourly-usd.
func checkWorstCaseCost(ps *pass) {
	cost := ps.settings.Cost
	for _, f := range ps.functions() {
		wc, ok := ps.worstCase(f)
		if !ok || wc.HourlyUSD <= cost.MaxHourlyUSD {
			continue
		}
		fix := "cap it with " + settingReserved.of(ps.project, f.Type) + " or lower its memory"
		if f.ReservedConcurrency.Known() {
			fix = "lower " + settingReserved.of(ps.project, f.Type) + " or the memory"
		}
		related := []Related{{At: f.MemoryMB.At, Message: fmt.Sprintf("memory %d MB", f.MemoryMB.Value)}}
		if f.MemoryMB.Origin != model.Explicit {
			related = nil
		}
		ps.reportFunction(rules.WorstCaseCost, rules.WorstCaseCost.Level, where(f.ReservedConcurrency, f.At), f.ID, func(s subject) string {
			return fmt.Sprintf(
				"%s %s $%.2f per hour at full load, above cost.max-hourly-usd $%s\n%s concurrent executions "+
					"(%s) × %s GB × 3,600 s × $%s per GB-s on %s, before request charges ($%.2f per million); "+
					"%s.",
				s, s.verb("can cost", "can each cost"), wc.HourlyUSD, trimFloat(cost.MaxHourlyUSD), thousands(wc.Concurrency), wc.ConcurrencySource,
				trimFloat(wc.MemoryGB), trimFloat(wc.PricePerGBSecond), wc.Architecture, cost.MillionRequestsUSD, fix)
		}, related...)
	}
}

// trimFloat formats a figure without trailing zeros (0.0000166667, 1.5, 50).
func trimFloat(v float64) string {
	s := fmt.Sprintf("%.10f", v)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// SLS306: a Go function on x86_64.
func checkArchitecture(ps *pass) {
	prices := ps.settings.Cost.GBSecondUSD
	for _, f := range ps.functions() {
		if !isGoFunction(f) || !f.Architecture.Known() || !strings.EqualFold(f.Architecture.Value, "x86_64") {
			continue
		}
		saving := (1 - prices.ARM64/prices.X86) * 100
		fix := settingArchitectures.of(ps.project, f.Type)
		if strings.EqualFold(f.Runtime.Value, "go1.x") {
			fix = "provided.al2023 (go1.x runs only on x86_64) and " + fix
		}
		ps.reportFunction(rules.X86Architecture, rules.X86Architecture.Level, where(f.Architecture, f.At), f.ID, func(s subject) string {
			return fmt.Sprintf(
				"Go %s %s on x86_64\narm64 (Graviton) runs the same Go code, built with GOARCH=arm64, at $%s instead of "+
					"$%s per GB-s (%.0f%% less); use %s.",
				s, s.verb("runs", "run"), trimFloat(prices.ARM64), trimFloat(prices.X86), saving, fix)
		})
	}
}
