package serverless

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slslint/slslint/iac/model"
)

// The attribute readers turn resolved nodes into model attributes: a missing node is Absent
// at header, an unresolved variable Unknown at the node, an intrinsic function resolved
// through the CloudFormation seam.

func (ld *loader) str(n *node, header model.Range) model.Attr[string] {
	switch {
	case n == nil:
		return model.Missing[string](header)
	case n.unknown:
		return model.Attr[string]{Origin: model.Unknown, At: n.at, Secret: n.secret}
	case n.kind == nullNode:
		return model.Missing[string](header)
	case n.kind == scalarNode:
		return model.Set(n.value, n.at)
	case n.intrinsic() != "" && ld.cfnResolver != nil:
		y := ld.tree.convert(n)
		if y == nil {
			return model.Unresolved[string](n.at)
		}
		a := ld.cfnResolver.String(y)
		a.At = n.at
		if a.Origin != model.Explicit && a.Origin != model.Unknown {
			a.Origin = model.Unknown
		}
		return a
	}
	return model.Unresolved[string](n.at)
}

func (ld *loader) integer(n *node, header model.Range) model.Attr[int] {
	if n != nil && n.intrinsic() != "" {
		s := ld.str(n, header)
		if s.Origin == model.Explicit {
			if i, ok := parseInt(s.Value); ok {
				return model.Set(i, n.at)
			}
		}
		return model.Attr[int]{Origin: model.Unknown, At: n.at, Ref: s.Ref, Secret: s.Secret}
	}
	switch {
	case n == nil || n.kind == nullNode:
		return model.Missing[int](header)
	case n.unknown:
		return model.Attr[int]{Origin: model.Unknown, At: n.at, Secret: n.secret}
	case n.kind == scalarNode:
		if i, ok := parseInt(n.value); ok {
			return model.Set(i, n.at)
		}
	}
	return model.Unresolved[int](n.at)
}

func parseInt(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if i, err := strconv.Atoi(s); err == nil {
		return i, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<31 {
		return int(f), true
	}
	return 0, false
}

func (ld *loader) float(n *node, header model.Range) model.Attr[float64] {
	switch {
	case n == nil || n.kind == nullNode:
		return model.Missing[float64](header)
	case n.unknown:
		return model.Attr[float64]{Origin: model.Unknown, At: n.at, Secret: n.secret}
	case n.kind == scalarNode:
		if f, err := strconv.ParseFloat(strings.TrimSpace(n.value), 64); err == nil {
			return model.Set(f, n.at)
		}
	}
	return model.Unresolved[float64](n.at)
}

func (ld *loader) boolean(n *node, header model.Range) model.Attr[bool] {
	switch {
	case n == nil || n.kind == nullNode:
		return model.Missing[bool](header)
	case n.unknown:
		return model.Attr[bool]{Origin: model.Unknown, At: n.at, Secret: n.secret}
	case n.kind == scalarNode:
		if b, ok := parseBool(n.value); ok {
			return model.Set(b, n.at)
		}
	}
	return model.Unresolved[bool](n.at)
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// strList reads a list of strings, or a single string as a list of one.
func (ld *loader) strList(n *node, header model.Range) model.Attr[[]string] {
	switch {
	case n == nil || n.kind == nullNode:
		return model.Missing[[]string](header)
	case n.unknown:
		return model.Attr[[]string]{Origin: model.Unknown, At: n.at, Secret: n.secret}
	case n.kind == scalarNode:
		return model.Set([]string{n.value}, n.at)
	case n.kind == seqNode:
		var out []string
		for _, it := range n.items {
			s, ok := it.str()
			if !ok {
				return model.Unresolved[[]string](n.at)
			}
			out = append(out, s)
		}
		return model.Set(out, n.at)
	}
	return model.Unresolved[[]string](n.at)
}

// orDefault gives an absent attribute the framework's default.
func orDefault[T any](a model.Attr[T], def T) model.Attr[T] {
	if a.Origin == model.Absent {
		return model.Defaulted(def, a.At)
	}
	return a
}

// truthy returns the first node the framework would take from value || value || ...:
// present, not null, and not false, 0 or "".
func truthy(nodes ...*node) *node {
	for _, n := range nodes {
		if n == nil || n.kind == nullNode {
			continue
		}
		if n.kind == scalarNode && !n.unknown {
			switch strings.TrimSpace(n.value) {
			case "", "0", "false":
				continue
			}
		}
		return n
	}
	return nil
}

// present returns the first node that is set and not null.
func present(nodes ...*node) *node {
	for _, n := range nodes {
		if n != nil && n.kind != nullNode {
			return n
		}
	}
	return nil
}

// keyRange returns the range of key in mapping n, or fallback.
func keyRange(n *node, key string, fallback model.Range) model.Range {
	if p, ok := n.entry(key); ok {
		return p.keyAt
	}
	return fallback
}

// normalizeName is the framework's getNormalizedFunctionName: "-" and "_" spelled out,
// first letter upper-cased (hello-world → HelloDashworld).
func normalizeName(s string) string {
	s = strings.ReplaceAll(s, "-", "Dash")
	s = strings.ReplaceAll(s, "_", "Underscore")
	return upperFirst(s)
}

// normalizeAlphaNumeric is the framework's normalizeNameToAlphaNumericOnly.
func normalizeAlphaNumeric(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return upperFirst(b.String())
}

func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
