package effects

import (
	"fmt"
	"go/ast"
	"go/types"
	"time"
)

// What the cross-layer checks (package crosslayer) need from the effects of a handler, on
// top of what the Go rules use: the resource each write goes to (target.go), the times the
// code waits or allows and the loops over batch records (budget.go), and whether the
// program reads environment variables whose names cannot be known (EnvAny).

// crossKnown are the functions recognized by name for the cross-layer effects.
var crossKnown = buildCrossKnown()

func buildCrossKnown() map[string]known {
	m := map[string]known{}
	add := func(kind Kind, name, op string) { m[name] = known{kind, op} }
	for _, name := range []string{"WithTimeout", "WithTimeoutCause", "WithDeadline", "WithDeadlineCause"} {
		add(TimeBudget, "context."+name, "context."+name)
	}
	for _, v := range []string{"github.com/avast/retry-go", "github.com/avast/retry-go/v4", "github.com/avast/retry-go/v5"} {
		add(TimeBudget, v+".Do", "retry.Do")
		add(TimeBudget, v+".DoWithData", "retry.DoWithData")
	}
	add(TimeBudget, "github.com/aws/aws-sdk-go-v2/aws/retry.NewStandard", "retry.NewStandard")
	for _, v := range []string{"github.com/cenkalti/backoff/v4", "github.com/cenkalti/backoff/v5"} {
		add(TimeBudget, v+".WithMaxRetries", "backoff.WithMaxRetries")
		add(TimeBudget, v+".Retry", "backoff.Retry")
	}

	add(EnvAny, "os.Environ", "os.Environ")
	add(EnvAny, "os.ExpandEnv", "os.ExpandEnv")
	add(EnvAny, "syscall.Environ", "syscall.Environ")
	for _, name := range []string{"Process", "MustProcess"} {
		add(EnvAny, "github.com/kelseyhightower/envconfig."+name, "envconfig."+name)
		add(EnvAny, "github.com/sethvargo/go-envconfig."+name, "envconfig."+name)
	}
	for _, v := range []string{"", "/v6", "/v7", "/v8", "/v9", "/v10", "/v11"} {
		for _, name := range []string{"Parse", "ParseWithOptions", "ParseAs", "ParseAsWithOptions", "Must"} {
			add(EnvAny, "github.com/caarlos0/env"+v+"."+name, "env."+name)
		}
	}
	add(EnvAny, "github.com/spf13/viper.AutomaticEnv", "viper.AutomaticEnv")
	add(EnvAny, "(*github.com/spf13/viper.Viper).AutomaticEnv", "viper.Viper.AutomaticEnv")
	add(EnvAny, "github.com/ilyakaznacheev/cleanenv.ReadEnv", "cleanenv.ReadEnv")
	add(EnvAny, "github.com/knadh/koanf/providers/env.Provider", "env.Provider")
	add(EnvAny, "github.com/knadh/koanf/providers/env/v2.Provider", "env.Provider")
	return m
}

// crossLayer adds to a recognized call what the cross-layer checks need: the duration of a
// sleep, the timeout of the http.Client a request goes through, and (after scanning, when
// every helper's effects are known) the target of a write.
func (s *scanner) crossLayer(n *node, call *ast.CallExpr, e *Effect) {
	switch e.Kind {
	case Sleep:
		if len(call.Args) == 1 {
			if d, ok := s.constDuration(call.Args[0]); ok && d > 0 {
				e.Duration = int64(d)
			}
		}
	case Network:
		if d, ok := s.clientTimeout(call); ok {
			e.Duration = int64(d)
		}
	case Write:
		if targetField(e.Op) != "" {
			s.targets = append(s.targets, pendingInvoke{n: n, idx: len(n.local), call: call})
		}
	}
}

// crossString is the cross-layer part of Effect.String, for fact tests. Durations of
// sleeps and HTTP calls are not shown, so that the facts of the Go rules' tests stay as
// they are; TimeBudget effects always have one.
func (e *Effect) crossString() string {
	out := ""
	if e.TargetEnv != "" {
		out += " target $" + e.TargetEnv
	}
	if e.TargetField != "" {
		out += " target field " + e.TargetField
	}
	if e.TargetKey != "" {
		out += fmt.Sprintf(" key %q", e.TargetKey)
	}
	if e.Kind == TimeBudget && e.Duration > 0 {
		out += " " + time.Duration(e.Duration).String()
	}
	return out
}

// FieldEnv returns the environment variable this package assigns to the struct field key
// ("pkg/path.Type.field"), for a write whose target is that field (Effect.TargetField):
// `&notify.Notifier{Topic: os.Getenv("TOPIC_ARN")}` in main answers "TOPIC_ARN" for
// "example.com/app/notify.Notifier.Topic". It returns "" when the package assigns the field
// no value read from one known variable.
func (r *Result) FieldEnv(key string) string {
	if r == nil || key == "" {
		return ""
	}
	var fields []*types.Var
	for v, k := range r.s.index.fieldKeys {
		if k == key {
			fields = append(fields, v)
		}
	}
	name := ""
	for _, v := range fields {
		for _, a := range r.s.index.of(v) {
			if a.tuple >= 0 {
				continue
			}
			o := r.s.envOrigin(a.expr, 0, map[types.Object]bool{})
			switch {
			case o.name == "":
				continue
			case name != "" && name != o.name:
				return "" // two different variables: which one is used is not known
			}
			name = o.name
		}
	}
	return name
}

// DurationValue is Duration as a time.Duration.
func (e *Effect) DurationValue() time.Duration { return time.Duration(e.Duration) }
