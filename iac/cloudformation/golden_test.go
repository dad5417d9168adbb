package cloudformation

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden loads every template under testdata/templates and compares what the loader
// reads from it, every attribute with its origin and range, with testdata/golden.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/templates/*")
	if len(files) == 0 {
		t.Fatal("no templates")
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".asl.json") {
			continue // a state machine definition, read through its template
		}
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			root, _ := filepath.Abs("testdata")
			got := dump(loadTemplate(data, "templates/"+name, root), false)
			golden := filepath.Join("testdata", "golden", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("model differs from %s (go test -update rewrites it):\n%s", golden, diff(string(want), got))
			}
		})
	}
}

// TestYAMLAndJSONAgree loads each YAML template and its JSON twin: the models must be the
// same but for positions.
func TestYAMLAndJSONAgree(t *testing.T) {
	files, _ := filepath.Glob("testdata/templates/*.yaml")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			root, _ := filepath.Abs("testdata")
			y := dump(loadTemplate(data, "templates/t.yaml", root), false)
			j := dump(loadTemplate([]byte(yamlToJSON(t, string(data))), "templates/t.json", root), false)
			if withoutPositions(y) != withoutPositions(j) {
				t.Errorf("YAML and JSON models differ:\n%s", diff(withoutPositions(y), withoutPositions(j)))
			}
		})
	}
}

// diff shows the first lines where two texts differ.
func diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(wl), len(gl)) && shown < 20; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			b.WriteString("line " + itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g + "\n")
			shown++
		}
	}
	return b.String()
}

func itoa(i int) string {
	s := ""
	for {
		s = string(rune('0'+i%10)) + s
		i /= 10
		if i == 0 {
			return s
		}
	}
}
