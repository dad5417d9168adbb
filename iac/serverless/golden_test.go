package serverless

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden loads each service under testdata/golden/<case>/ (its serverless.yml, with the
// files it includes) and compares the whole model, every attribute with its origin and
// position, with testdata/golden/<case>.golden. Run with -update after checking a change
// by reading the diff.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "golden", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dir := range dirs {
		info, err := os.Stat(dir)
		if err != nil || !info.IsDir() {
			continue
		}
		n++
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			abs, err := filepath.Abs(dir)
			if err != nil {
				t.Fatal(err)
			}
			main := "serverless.yml"
			if _, err := os.Stat(filepath.Join(abs, main)); err != nil {
				main = "serverless.yaml"
			}
			got := dump(loadDir(abs, main))
			golden := dir + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("model differs from %s (go test -run TestGolden/%s -update, then read the diff):\n%s", golden, name, lineDiff(string(want), got))
			}
		})
	}
	if n == 0 {
		t.Fatal("no golden cases")
	}
}

// lineDiff shows the first lines where two texts differ.
func lineDiff(want, got string) string {
	w, g := splitLines(want), splitLines(got)
	out := ""
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			out += "line " + strconv.Itoa(i+1) + "\n  want: " + wl + "\n  got:  " + gl + "\n"
			shown++
			if shown == 10 {
				break
			}
		}
	}
	return out
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
