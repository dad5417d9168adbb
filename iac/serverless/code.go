package serverless

import (
	"path"
	"strconv"
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// goPluginDefaults are serverless-go-plugin's settings when custom.go does not set them
// (the plugin's ConfigDefaults): it builds each function whose runtime is one of
// supportedRuntimes with `cd <baseDir> && <cmd> -o <binDir>/<function> <handler>`, where
// handler is a Go package directory or main file relative to baseDir, and packages the
// binary (as bootstrap in <binDir>/<function>.zip with buildProvidedRuntimeAsBootstrap on
// a provided.al2 or provided.al2023 function).
var goPluginDefaults = map[string]string{
	"baseDir":                         ".",
	"binDir":                          ".bin",
	"cgo":                             "0",
	"cmd":                             `GOOS=linux go build -ldflags="-s -w"`,
	"monorepo":                        "false",
	"supportedRuntimes":               "go1.x",
	"buildProvidedRuntimeAsBootstrap": "false",
}

const goPlugin = "serverless-go-plugin"

// code records where a function's code comes from, for linking it to its Go package:
//
//   - with serverless-go-plugin: Dir is the Go package the plugin builds (baseDir joined
//     with the handler, or the handler's directory when it names a .go file), File the
//     binary or zip it writes, BuildMethod "serverless-go-plugin" and BuildProperties the
//     plugin's settings;
//   - otherwise File is package.artifact (function's, else service's) when set, or, for a
//     Go runtime (go1.x, provided.*), the handler path (bin/orders, bootstrap);
//     BuildProperties holds the handler and packaging settings.
//
// Paths are repository-relative; a path outside the repository is Unknown.
func (ld *loader) code(d *fnDecl) {
	f, n, hdr := d.fn, d.n, d.keyAt
	c := &f.Code
	c.Dir, c.File, c.BuildMethod = model.Missing[string](hdr), model.Missing[string](hdr), model.Missing[string](hdr)
	props := map[string]string{}
	handler := n.get("handler")
	if s, ok := handler.str(); ok {
		props["handler"] = s
	}
	pkg, svcPkg := n.get("package"), ld.cfg.get("package")
	artifact := present(pkg.get("artifact"), svcPkg.get("artifact"))
	individually := ld.boolean(present(pkg.get("individually"), svcPkg.get("individually")), hdr)
	if individually.Known() {
		props["package.individually"] = strconv.FormatBool(individually.Value)
	}
	var patterns []string
	for _, pats := range []*node{svcPkg.get("patterns"), svcPkg.get("include"), pkg.get("patterns"), pkg.get("include")} {
		if l := ld.strList(pats, hdr); l.Known() {
			patterns = append(patterns, l.Value...)
		}
	}
	if len(patterns) > 0 {
		props["package.patterns"] = strings.Join(patterns, ",")
	}
	if a, ok := artifact.str(); ok {
		props["package.artifact"] = a
	}
	runtime, _ := f.Runtime.Value, f.Runtime.Known()

	if plugin, ok := ld.plugins[goPlugin]; ok && handler != nil && ld.goPluginBuilds(runtime) {
		settings := ld.goPluginSettings()
		for k, v := range settings {
			props["go."+k] = v
		}
		c.BuildMethod = model.Set(goPlugin, plugin.keyAt)
		if h, ok := handler.str(); ok {
			src := path.Join(settings["baseDir"], h)
			if strings.HasSuffix(h, ".go") {
				if rel, ok := ld.repoPath(src); ok {
					props["go.main"] = rel
				}
				src = path.Dir(src)
			}
			c.Dir = ld.pathAttr(src, handler.at)
			bin := path.Join(settings["binDir"], d.key)
			if settings["buildProvidedRuntimeAsBootstrap"] == "true" && (runtime == "provided.al2" || runtime == "provided.al2023") {
				bin += ".zip"
			}
			c.File = ld.pathAttr(bin, handler.at)
			c.File.Origin = model.Default // the plugin's output, not written in serverless.yml
		} else {
			c.Dir = ld.str(handler, hdr)
		}
	} else if !artifact.isNull() {
		if a, ok := artifact.str(); ok {
			c.File = ld.pathAttr(a, artifact.at)
		} else {
			c.File = ld.str(artifact, hdr)
		}
	} else if isGoRuntime(runtime) && handler != nil {
		if h, ok := handler.str(); ok {
			c.File = ld.pathAttr(h, handler.at)
		} else {
			c.File = ld.str(handler, hdr)
		}
	}
	if len(props) > 0 {
		c.BuildProperties = props
	}
}

// isGoRuntime reports whether a runtime may run a Go binary.
func isGoRuntime(runtime string) bool {
	return runtime == "go1.x" || strings.HasPrefix(runtime, "provided")
}

// goPluginBuilds reports whether serverless-go-plugin builds a function of this runtime.
func (ld *loader) goPluginBuilds(runtime string) bool {
	for _, r := range strings.Split(ld.goPluginSettings()["supportedRuntimes"], ",") {
		if r == runtime {
			return true
		}
	}
	return false
}

// goPluginSettings are custom.go merged over the plugin's defaults.
func (ld *loader) goPluginSettings() map[string]string {
	out := map[string]string{}
	for k, v := range goPluginDefaults {
		out[k] = v
	}
	cfg := ld.cfg.path("custom", "go")
	if cfg == nil || cfg.kind != mapNode {
		return out
	}
	for _, p := range cfg.pairs {
		switch p.val.kind {
		case scalarNode:
			if !p.val.unknown {
				out[p.key] = p.val.value
			}
		case seqNode:
			var items []string
			for _, it := range p.val.items {
				if s, ok := it.str(); ok {
					items = append(items, s)
				}
			}
			out[p.key] = strings.Join(items, ",")
		}
	}
	return out
}

// pathAttr turns a path relative to the service directory into a repository path.
func (ld *loader) pathAttr(p string, at model.Range) model.Attr[string] {
	if rel, ok := ld.repoPath(p); ok {
		return model.Set(rel, at)
	}
	return model.Unresolved[string](at)
}
