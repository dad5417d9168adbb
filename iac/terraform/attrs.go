package terraform

import (
	"math"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/slslint/slslint/iac/model"
)

// Conversions from evaluated values and document nodes to model attributes. A value that
// is null (or not written) is Absent at the block header; one that is not wholly known is
// Unknown at the expression; marks fill Ref and Secret either way.

func stringOf(v cty.Value, at model.Range) model.Attr[string] {
	uv, mi := marksOf(v)
	a := model.Attr[string]{At: at, Ref: mi.ref(), Secret: mi.secret}
	if !uv.IsWhollyKnown() {
		a.Origin = model.Unknown
		return a
	}
	sv, err := convert.Convert(uv, cty.String)
	if err != nil || sv.IsNull() {
		a.Origin = model.Unknown
		return a
	}
	a.Value, a.Origin = sv.AsString(), model.Explicit
	return a
}

func intOf(v cty.Value, at model.Range) model.Attr[int] {
	uv, mi := marksOf(v)
	a := model.Attr[int]{At: at, Ref: mi.ref(), Secret: mi.secret, Origin: model.Unknown}
	if !uv.IsWhollyKnown() {
		return a
	}
	nv, err := convert.Convert(uv, cty.Number)
	if err != nil || nv.IsNull() {
		return a
	}
	f, _ := nv.AsBigFloat().Float64()
	if f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
		return a
	}
	a.Value, a.Origin = int(f), model.Explicit
	return a
}

func floatOf(v cty.Value, at model.Range) model.Attr[float64] {
	uv, mi := marksOf(v)
	a := model.Attr[float64]{At: at, Ref: mi.ref(), Secret: mi.secret, Origin: model.Unknown}
	if !uv.IsWhollyKnown() {
		return a
	}
	nv, err := convert.Convert(uv, cty.Number)
	if err != nil || nv.IsNull() {
		return a
	}
	a.Value, _ = nv.AsBigFloat().Float64()
	a.Origin = model.Explicit
	return a
}

func boolOf(v cty.Value, at model.Range) model.Attr[bool] {
	uv, mi := marksOf(v)
	a := model.Attr[bool]{At: at, Ref: mi.ref(), Secret: mi.secret, Origin: model.Unknown}
	if !uv.IsWhollyKnown() {
		return a
	}
	bv, err := convert.Convert(uv, cty.Bool)
	if err != nil || bv.IsNull() {
		return a
	}
	a.Value, a.Origin = bv.True(), model.Explicit
	return a
}

func stringsOf(v cty.Value, at model.Range) model.Attr[[]string] {
	uv, mi := marksOf(v)
	a := model.Attr[[]string]{At: at, Ref: mi.ref(), Secret: mi.secret, Origin: model.Unknown}
	if !uv.IsWhollyKnown() || uv.IsNull() || !uv.CanIterateElements() {
		if uv.IsWhollyKnown() && !uv.IsNull() && uv.Type() == cty.String {
			a.Value, a.Origin = []string{uv.AsString()}, model.Explicit
		}
		return a
	}
	out := []string{}
	for it := uv.ElementIterator(); it.Next(); {
		_, ev := it.Element()
		sv, err := convert.Convert(ev, cty.String)
		if err != nil || sv.IsNull() {
			return a
		}
		out = append(out, sv.AsString())
	}
	a.Value, a.Origin = out, model.Explicit
	return a
}

// The view accessors return Absent at the block header when the attribute is not set.

func (b blockView) str(name string) model.Attr[string] {
	v, at, ok := b.value(name)
	if !ok {
		return model.Missing[string](b.at)
	}
	return stringOf(v, at)
}

func (b blockView) int(name string) model.Attr[int] {
	v, at, ok := b.value(name)
	if !ok {
		return model.Missing[int](b.at)
	}
	return intOf(v, at)
}

func (b blockView) float(name string) model.Attr[float64] {
	v, at, ok := b.value(name)
	if !ok {
		return model.Missing[float64](b.at)
	}
	return floatOf(v, at)
}

func (b blockView) bool(name string) model.Attr[bool] {
	v, at, ok := b.value(name)
	if !ok {
		return model.Missing[bool](b.at)
	}
	return boolOf(v, at)
}

func (b blockView) strings(name string) model.Attr[[]string] {
	v, at, ok := b.value(name)
	if !ok {
		return model.Missing[[]string](b.at)
	}
	return stringsOf(v, at)
}

// orDefault replaces an Absent attribute with the provider's default.
func orDefault[T any](a model.Attr[T], v T) model.Attr[T] {
	if a.Origin == model.Absent {
		return model.Defaulted(v, a.At)
	}
	return a
}

// Node conversions, for values inside documents.

func nodeString(n *node, at model.Range) model.Attr[string] {
	if n == nil || n.kind == nNull {
		return model.Missing[string](at)
	}
	a := model.Attr[string]{At: n.at, Ref: n.info.ref(), Secret: n.info.secret, Origin: model.Unknown, Shape: n.shape}
	switch n.kind {
	case nString:
		a.Value, a.Origin = n.str, model.Explicit
	case nNumber:
		a.Value, a.Origin = formatNumber(n.num), model.Explicit
	case nBool:
		if n.b {
			a.Value = "true"
		} else {
			a.Value = "false"
		}
		a.Origin = model.Explicit
	}
	return a
}

func nodeInt(n *node, at model.Range) model.Attr[int] {
	if n == nil || n.kind == nNull {
		return model.Missing[int](at)
	}
	a := model.Attr[int]{At: n.at, Ref: n.info.ref(), Secret: n.info.secret, Origin: model.Unknown}
	switch n.kind {
	case nNumber:
		if n.num == math.Trunc(n.num) && math.Abs(n.num) <= math.MaxInt32 {
			a.Value, a.Origin = int(n.num), model.Explicit
		}
	case nString:
		if v, err := convert.Convert(cty.StringVal(n.str), cty.Number); err == nil {
			return nodeInt(&node{kind: nNumber, num: bigToFloat(v), at: n.at, info: n.info}, at)
		}
	}
	return a
}

func nodeBool(n *node, at model.Range) model.Attr[bool] {
	if n == nil || n.kind == nNull {
		return model.Missing[bool](at)
	}
	a := model.Attr[bool]{At: n.at, Ref: n.info.ref(), Secret: n.info.secret, Origin: model.Unknown}
	switch n.kind {
	case nBool:
		a.Value, a.Origin = n.b, model.Explicit
	case nString:
		switch n.str {
		case "true":
			a.Value, a.Origin = true, model.Explicit
		case "false":
			a.Origin = model.Explicit
		}
	}
	return a
}

func nodeStrings(n *node, at model.Range) model.Attr[[]string] {
	if n == nil || n.kind == nNull {
		return model.Missing[[]string](at)
	}
	a := model.Attr[[]string]{At: n.at, Ref: n.info.ref(), Secret: n.info.secret, Origin: model.Unknown}
	if n.partial {
		return a
	}
	out := []string{}
	for _, e := range n.list() {
		s := nodeString(e, at)
		if s.Origin != model.Explicit {
			return a
		}
		out = append(out, s.Value)
	}
	a.Value, a.Origin = out, model.Explicit
	return a
}

func bigToFloat(v cty.Value) float64 {
	f, _ := v.AsBigFloat().Float64()
	return f
}

func formatNumber(f float64) string {
	return cty.NumberFloatVal(f).AsBigFloat().Text('f', -1)
}
