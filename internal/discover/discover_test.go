package discover

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/internal/fixture"
)

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	fixture.Write(t, root, map[string]string{rel: content})
}

func TestWalk(t *testing.T) {
	root := t.TempDir()
	write(t, root, "template.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n")
	write(t, root, "sam.yml", "Transform: AWS::Serverless-2016-10-31\n")
	write(t, root, "broken.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n   bad: [\n") // broken, still found
	write(t, root, "cdk.out/App.template.json", `{"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}`)
	write(t, root, "infra/main.tf", "resource \"aws_sqs_queue\" \"q\" {}\n")
	write(t, root, "infra/prod.tfvars", "x = 1\n")
	write(t, root, "svc/serverless.yml", "service: svc\n")
	write(t, root, "package.json", `{"name":"x"}`)
	write(t, root, ".github/workflows/ci.yml", "on: push\n")
	write(t, root, "docs/openapi.yaml", "openapi: 3.0.0\n")
	write(t, root, "cmd/api/main.go", "package main\n")
	write(t, root, "node_modules/x/template.yaml", "AWSTemplateFormatVersion: x\n")
	write(t, root, "vendor/x/main.tf", "")
	write(t, root, ".aws-sam/build/template.yaml", "AWSTemplateFormatVersion: x\n")
	write(t, root, ".terraform/modules/x/main.tf", "")
	write(t, root, "testdata/fixture.tf", "")
	write(t, root, "legacy/old.tf", "")

	res := Walk(Options{Root: root, Exclude: func(rel string) bool { return rel == "legacy" }},
		[]Target{{Abs: root, Recursive: true}})
	var got []string
	for _, f := range res.Files {
		got = append(got, f.Rel+"="+f.Format.String())
	}
	want := []string{
		"broken.yaml=cloudformation",
		"cdk.out/App.template.json=cloudformation",
		"infra/main.tf=terraform",
		"infra/prod.tfvars=terraform-vars",
		"sam.yml=cloudformation",
		"svc/serverless.yml=serverless",
		"template.yaml=cloudformation",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Join(res.GoDirs, ",") != "cmd/api" {
		t.Errorf("GoDirs = %v", res.GoDirs)
	}
	if len(res.Problems) != 0 {
		t.Errorf("problems: %v", res.Problems)
	}
}

func TestNonRecursiveAndFileTargets(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a/main.tf", "")
	write(t, root, "a/sub/other.tf", "")
	write(t, root, "b/template.yaml", "AWSTemplateFormatVersion: x\n")
	res := Walk(Options{Root: root}, []Target{
		{Abs: filepath.Join(root, "a")},
		{Abs: filepath.Join(root, "b", "template.yaml")},
		{Abs: filepath.Join(root, "a")}, // twice: found once
	})
	if len(res.Files) != 2 || res.Files[0].Rel != "a/main.tf" || res.Files[1].Rel != "b/template.yaml" {
		t.Errorf("files = %+v", res.Files)
	}
	res = Walk(Options{Root: root}, []Target{{Abs: filepath.Join(root, "missing")}})
	if len(res.Problems) != 1 {
		t.Errorf("a missing target is not a problem: %+v", res)
	}
}

func TestSymlinksStayInsideRoot(t *testing.T) {
	outside := t.TempDir()
	write(t, outside, "secret.tf", "resource \"x\" \"y\" {}\n")
	root := t.TempDir()
	write(t, root, "real/main.tf", "")
	mustSymlink(t, filepath.Join(outside, "secret.tf"), filepath.Join(root, "escape.tf"))
	mustSymlink(t, outside, filepath.Join(root, "escapedir"))
	mustSymlink(t, filepath.Join(root, "real", "main.tf"), filepath.Join(root, "inside.tf"))
	mustSymlink(t, filepath.Join(root, "loop"), filepath.Join(root, "loop")) // a link to itself
	mustSymlink(t, root, filepath.Join(root, "real", "up"))                  // a directory cycle

	res := Walk(Options{Root: root}, []Target{{Abs: root, Recursive: true}})
	var got []string
	for _, f := range res.Files {
		got = append(got, f.Rel)
	}
	if strings.Join(got, ",") != "inside.tf,real/main.tf" {
		t.Errorf("files = %v (links outside the root must not be read, directory links not entered)", got)
	}
}

func TestUnreadableFileIsAProblem(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can read any file")
	}
	root := t.TempDir()
	write(t, root, "t.yaml", "AWSTemplateFormatVersion: x\n")
	if err := os.Chmod(filepath.Join(root, "t.yaml"), 0); err != nil {
		t.Fatal(err)
	}
	res := Walk(Options{Root: root}, []Target{{Abs: root, Recursive: true}})
	if len(res.Problems) != 1 || res.Problems[0].Rel != "t.yaml" {
		t.Errorf("problems = %+v", res.Problems)
	}
}

func TestSniff(t *testing.T) {
	for in, want := range map[string]bool{
		"AWSTemplateFormatVersion: '2010-09-09'":                     true,
		"Transform: AWS::Serverless-2016-10-31":                      true,
		`{"Resources": {"A": {"Type": "AWS::S3::Bucket"}}}`:          true,
		"openapi: 3.0.0\npaths: {}":                                  false,
		`{"name": "pkg", "dependencies": {}}`:                        false,
		"Resources:\n  - k8s thing\n":                                false,
		"kind: Deployment\nmetadata: {annotations: {a: AWS::thing}}": false,
	} {
		if got := looksLikeCloudFormation([]byte(in)); got != want {
			t.Errorf("looksLikeCloudFormation(%q) = %v, want %v", in, got, want)
		}
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
}

// TestContentHoldsOnlyTheFile: a small file's content is kept (so it is read once), in a
// slice of its own size: the 64 KiB sniff buffer is not pinned once per file.
func TestContentHoldsOnlyTheFile(t *testing.T) {
	root := t.TempDir()
	const tmpl = "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"
	for i := range 3 {
		write(t, root, filepath.Join("t", string(rune('a'+i)), "template.yaml"), tmpl)
	}
	write(t, root, "big/template.yaml", tmpl+strings.Repeat("# padding\n", sniffSize/10+1))
	write(t, root, "empty/main.tf", "")
	res := Walk(Options{Root: root}, []Target{{Abs: root, Recursive: true}})
	if len(res.Files) != 5 {
		t.Fatalf("files = %+v", res.Files)
	}
	for _, f := range res.Files {
		switch f.Rel {
		case "big/template.yaml":
			if f.Content != nil {
				t.Errorf("%s: content kept for a file larger than the sniff buffer", f.Rel)
			}
		case "empty/main.tf":
			if f.Content == nil || len(f.Content) != 0 {
				t.Errorf("%s: content %q, want empty and kept", f.Rel, f.Content)
			}
		default:
			if string(f.Content) != tmpl || cap(f.Content) > len(tmpl)+16 {
				t.Errorf("%s: content of %d bytes in a buffer of %d", f.Rel, len(f.Content), cap(f.Content))
			}
		}
	}
}

// TestFormats: the file names and encodings that make a file IaC.
func TestFormats(t *testing.T) {
	root := t.TempDir()
	utf16le := func(s string) string {
		b := []byte{0xFF, 0xFE}
		for _, c := range []byte(s) {
			b = append(b, c, 0)
		}
		return string(b)
	}
	utf16beBare := func(s string) string {
		var b []byte
		for _, c := range []byte(s) {
			b = append(b, 0, c)
		}
		return string(b)
	}
	write(t, root, "cdktf.out/stacks/app/cdk.tf.json", `{"resource": {}}`)
	write(t, root, "sls/json/serverless.json", `{"service": "s"}`)
	write(t, root, "sls/ts/serverless.ts", `export default {}`)
	write(t, root, "sls/js/serverless.js", `module.exports = {}`)
	write(t, root, "u16/le/template.yaml", utf16le("AWSTemplateFormatVersion: '2010-09-09'\n"))
	write(t, root, "u16/be/template.yaml", utf16beBare("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"))
	write(t, root, "u16/other/config.yaml", utf16le("name: not a template\n"))
	write(t, root, "other/package.json", `{"name": "x"}`)
	res := Walk(Options{Root: root}, []Target{{Abs: root, Recursive: true}})
	var got []string
	for _, f := range res.Files {
		got = append(got, f.Rel+"="+f.Format.String())
	}
	want := []string{
		"cdktf.out/stacks/app/cdk.tf.json=terraform",
		"sls/js/serverless.js=serverless",
		"sls/json/serverless.json=serverless",
		"sls/ts/serverless.ts=serverless",
		"u16/be/template.yaml=cloudformation",
		"u16/le/template.yaml=cloudformation",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
