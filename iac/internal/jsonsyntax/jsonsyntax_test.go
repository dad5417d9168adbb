package jsonsyntax

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseRanges(t *testing.T) {
	src := "\xEF\xBB\xBF {\"a\": [1, -2.5e3, true, null], \"b\\u00e9\": \"x\\ud83d\\ude00\"}\n"
	v, err := Parse([]byte(src), 10)
	if err != nil {
		t.Fatal(err)
	}
	if v.Kind != Object || src[v.Start:v.End] != src[4:len(src)-1] {
		t.Fatalf("object at [%d,%d): %q", v.Start, v.End, src[v.Start:v.End])
	}
	if len(v.Fields) != 2 {
		t.Fatalf("fields: %+v", v.Fields)
	}
	a, b := v.Fields[0], v.Fields[1]
	if a.Key != "a" || src[a.KeyStart:a.KeyEnd] != `"a"` {
		t.Errorf("key a: %q at %q", a.Key, src[a.KeyStart:a.KeyEnd])
	}
	var texts []string
	for _, e := range a.Value.Elems {
		texts = append(texts, src[e.Start:e.End])
	}
	if want := []string{"1", "-2.5e3", "true", "null"}; !reflect.DeepEqual(texts, want) {
		t.Errorf("array elements %q, want %q", texts, want)
	}
	if k := a.Value.Elems; k[0].Kind != Number || k[0].Text != "1" || k[2].Kind != Bool || k[2].Text != "true" || k[3].Kind != Null {
		t.Errorf("array kinds: %+v %+v %+v", k[0], k[2], k[3])
	}
	if b.Key != "bé" || b.Value.Text != "x😀" {
		t.Errorf("escapes: key %q value %q", b.Key, b.Value.Text)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		src    string
		offset int
		msg    string
	}{
		{"", 0, "no JSON value"},
		{" \n ", 0, "no JSON value"},
		{`{"a": 1,}`, 8, "expected a string key, found character '}'"},
		{`{"a" 1}`, 5, "expected ':' after object key"},
		{`[1 2]`, 3, "expected ',' or ']' in array"},
		{`{"a": 1} x`, 9, "after the top-level value"},
		{`"abc`, 0, "unterminated string"},
		{"\"a\x01\"", 2, "control character U+0001"},
		{`"\q"`, 1, `invalid escape \q`},
		{`"\u12"`, 3, "truncated"},
		{`01x`, 1, "after the top-level value"},
		{`-`, 1, "invalid number"},
		{`1.`, 2, "invalid number"},
		{`tru`, 0, "unexpected character 't'"},
		{"\"a\xff\"", 2, "invalid UTF-8 byte 0xff"},
		{`[[[[1]]]]`, 3, "nest deeper than 3 levels"},
	} {
		_, err := Parse([]byte(tc.src), 3)
		if err == nil {
			t.Errorf("%q: no error", tc.src)
			continue
		}
		if err.Offset != tc.offset || !strings.Contains(err.Msg, tc.msg) {
			t.Errorf("%q: error at %d %q, want at %d containing %q", tc.src, err.Offset, err.Msg, tc.offset, tc.msg)
		}
	}
}

// FuzzParse: the parser accepts exactly what encoding/json accepts (within the depth limit)
// and decodes strings and structure the same way.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5,"x\u00e9\ud83d\ude00"],"b":{"c":null,"d":false}}`, `[]`, `"\/"`, `-0.1e+5`, `{"a":1,"a":2}`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		v, err := Parse(src, 64)
		trimmed := strings.TrimPrefix(string(src), "\xEF\xBB\xBF")
		// encoding/json replaces invalid UTF-8 with U+FFFD; JSON text must be UTF-8 and
		// Parse rejects it.
		valid := json.Valid([]byte(trimmed)) && utf8.ValidString(trimmed)
		if err != nil {
			if err.Offset < 0 || err.Offset > len(src) {
				t.Fatalf("error offset %d outside [0,%d]", err.Offset, len(src))
			}
			if valid && !strings.Contains(err.Msg, "nest deeper") {
				t.Fatalf("rejected valid JSON %q: %v", src, err)
			}
			return
		}
		if !valid {
			t.Fatalf("accepted invalid JSON %q", src)
		}
		var want any
		d := json.NewDecoder(strings.NewReader(trimmed))
		d.UseNumber()
		if err := d.Decode(&want); err != nil {
			t.Fatal(err)
		}
		if got := toAny(v); !reflect.DeepEqual(got, want) {
			t.Fatalf("decoded %#v, encoding/json %#v", got, want)
		}
	})
}

// toAny converts a Value into what encoding/json decodes (the last duplicate key wins).
func toAny(v *Value) any {
	switch v.Kind {
	case Object:
		m := map[string]any{}
		for _, f := range v.Fields {
			m[f.Key] = toAny(f.Value)
		}
		return m
	case Array:
		s := make([]any, 0, len(v.Elems))
		for _, e := range v.Elems {
			s = append(s, toAny(e))
		}
		return s
	case String:
		return v.Text
	case Number:
		return json.Number(v.Text)
	case Bool:
		return v.Text == "true"
	}
	return nil
}
