package listflag

import (
	"errors"
	"strings"
	"testing"
)

func TestSet(t *testing.T) {
	l := New("a", "b")
	if l.String() != "a,b" {
		t.Fatalf("String() = %q", l.String())
	}
	if err := l.Set(" x , ,y "); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(l.Items(), "|"); got != "x|y" {
		t.Errorf("Set replaced the list with %q, want x|y", got)
	}
	if err := l.Set(""); err != nil || len(l.Items()) != 0 {
		t.Errorf("Set(\"\") = %v, items %v", err, l.Items())
	}
	l.Check = func(s string) error {
		if s == "bad" {
			return errors.New("bad item")
		}
		return nil
	}
	if err := l.Set("ok,bad"); err == nil {
		t.Error("Set accepted a bad item")
	}
}
