// Package serverless loads Serverless Framework services (serverless.yml) into the
// provider-neutral model.
//
// Each serverless.yml (or .yaml) is one project: the service's functions with their
// settings merged from provider:, their events as triggers, the APIs, role, log groups,
// topics and buckets the framework generates for them, and the raw CloudFormation under
// resources:, which is read through the CloudFormation seam (see CloudFormation). The
// service's variables are resolved first, as far as that is possible statically (see
// resolver); what cannot be resolved is Unknown.
//
// # Defaults
//
// The framework's defaults differ from CloudFormation's, and are the same in v3 and v4
// (v3 lib/plugins/aws/package/compile/functions.js and provider.js; v4 keeps them):
//
//   - timeout 6 s and memorySize 1024 MB (CloudFormation: 3 s and 128 MB), read as
//     function value || provider value || default, so 0 falls through like unset;
//   - architecture x86_64 (the framework sets no Architectures; Lambda's default);
//   - runtime nodejs20.x in v4 and nodejs16.x in v3 (nodejs12.x before), by
//     frameworkVersion, v4's when it is not set; a function with image: has no runtime;
//   - tracing PassThrough, unless function tracing or provider.tracing.lambda (true means
//     Active); a function's false does not override the provider's true (the framework
//     reads function || provider);
//   - stage "dev" and region "us-east-1"; the function name <service>-<stage>-<key>, its
//     log group /aws/lambda/<name>, which never expires unless logRetentionInDays (function,
//     else provider) is set, and does not exist with disableLogs;
//   - asynchronous invocation: 2 retries and a maximum event age of 21,600 s (Lambda's);
//   - sqs events: batch size 10, enabled; stream events: batch size 10, maximum retry
//     attempts -1 (until the record expires), maximum record age -1, no bisection;
//   - http events: REST API ApiGatewayRestApi, payload 1.0, no authorization; httpApi
//     events: HTTP API HttpApi, stage $default, payload 2.0 (provider.httpApi.payload or
//     the function's httpApi.payload), no authorization;
//   - s3 events: event s3:ObjectCreated:*, a bucket created by the framework unless
//     existing: true; sns events with a topic name create the topic;
//   - a function URL (url: true) has authorization NONE.
package serverless

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/repofile"
)

// Options control loading.
type Options struct {
	// Root is the repository root: no file outside it is ever read (${file(...)}).
	Root string
	// CloudFormation reads the raw CloudFormation under resources: and resolves intrinsic
	// functions (the CloudFormation loader's cloudformation.ServerlessResources). When nil,
	// resources: is not read and every intrinsic function is an unknown value.
	CloudFormation CloudFormation
}

// Framework defaults (see the package documentation).
const (
	defaultTimeout       = 6
	defaultMemoryMB      = 1024
	defaultArchitecture  = "x86_64"
	defaultStage         = "dev"
	defaultRegion        = "us-east-1"
	defaultTracing       = "PassThrough"
	defaultRuntimeV4     = "nodejs20.x"
	defaultRuntimeV3     = "nodejs16.x"
	defaultRuntimeV2     = "nodejs12.x"
	defaultAsyncRetries  = 2
	defaultAsyncEventAge = 21600
	defaultRecursiveLoop = "Terminate"
	defaultSQSBatch      = 10
	defaultStreamBatch   = 10
	defaultBrokerBatch   = 100
	defaultS3Event       = "s3:ObjectCreated:*"
	restAPIID            = "ApiGatewayRestApi"
	httpAPIID            = "HttpApi"
	defaultRoleID        = "IamRoleLambdaExecution"
	functionType         = "serverless:function"
)

// Load reads each serverless.yml into a project of m. A file that cannot be parsed becomes
// a problem of m at the error's position.
func Load(ctx context.Context, m *model.Model, files []model.Source, opts Options) {
	root := filepath.Clean(opts.Root)
	rootReal, err := filepath.EvalSymlinks(root)
	if err != nil {
		rootReal = root
	}
	repo := repofile.New(root)
	cfn := opts.CloudFormation
	if cfn == nil {
		cfn = noCloudFormation{}
	}
	for _, f := range serviceFiles(files) {
		if ctx.Err() != nil {
			return
		}
		if programFile(f.Rel) {
			m.Problems = append(m.Problems, model.Problem{
				Range: model.Range{File: f.Rel, Line: 1, Column: 1, EndLine: 1, EndColumn: 1},
				Message: "the service is configured by a program (" + path.Base(f.Rel) + "), which only the Serverless Framework can run; " +
					"slslint never runs repository code, so this service is not analyzed",
				Level: model.ProblemNote,
			})
			continue
		}
		ld := &loader{
			ctx: ctx, m: m, root: root, rootReal: rootReal, repo: repo, cfn: cfn,
			src: f, dir: filepath.Dir(f.Abs), files: map[string]parsedFile{},
		}
		ld.load()
	}
}

// servicePrecedence is the order in which the Serverless Framework (v3 and v4) looks for a
// service's configuration in its directory: the first file found is the service's.
var servicePrecedence = []string{"serverless.yml", "serverless.yaml", "serverless.json", "serverless.js", "serverless.mjs", "serverless.cjs", "serverless.ts"}

// serviceFiles keeps, of each directory's service files, the one the framework reads; the
// others are never deployed.
func serviceFiles(files []model.Source) []model.Source {
	rank := func(f model.Source) int {
		name := strings.ToLower(path.Base(f.Rel))
		for i, n := range servicePrecedence {
			if n == name {
				return i
			}
		}
		return len(servicePrecedence)
	}
	best := map[string]model.Source{}
	var dirs []string
	for _, f := range files {
		dir := path.Dir(f.Rel)
		cur, ok := best[dir]
		if !ok {
			dirs = append(dirs, dir)
		}
		if !ok || rank(f) < rank(cur) {
			best[dir] = f
		}
	}
	out := make([]model.Source, 0, len(dirs))
	for _, d := range dirs {
		out = append(out, best[d])
	}
	return out
}

// programFile reports whether a service file is JavaScript or TypeScript.
func programFile(rel string) bool {
	switch strings.ToLower(path.Ext(rel)) {
	case ".js", ".mjs", ".cjs", ".ts":
		return true
	}
	return false
}

// A loader reads one service.
type loader struct {
	ctx            context.Context
	m              *model.Model
	root, rootReal string
	// repo reads the repository's files: the service file and every ${file()}.
	repo repofile.Root
	cfn  CloudFormation
	src  model.Source
	// dir is the service's directory: ${file()} paths, handlers and artifacts are
	// relative to it.
	dir   string
	files map[string]parsedFile
	p     *model.Project

	// The resolved configuration and what the whole service shares.
	cfg              *node
	service, stage   string
	serviceKnown     bool
	stageKnown       bool
	region           string
	regionKnown      bool
	frameworkVersion string
	plugins          map[string]pair
	tree             *yamlTree
	cfnResolver      Resolver
	generated        map[string]Generated
	fnNodes          map[string]*node
	topicsByName     map[string]*model.Topic
	bucketsByName    map[string]*model.Bucket
	rest, http       *model.API
	names            map[string][]named
	// resourcesLoaded is set once the raw CloudFormation is in the project.
	resourcesLoaded bool
}

func (ld *loader) problem(at model.Range, msg string) { ld.problemAt(at, msg, model.ProblemError) }

func (ld *loader) problemAt(at model.Range, msg string, level model.ProblemLevel) {
	if at.File == "" {
		at = model.Range{File: ld.src.Rel, Line: 1, Column: 1, EndLine: 1, EndColumn: 1}
	}
	ld.m.Problems = append(ld.m.Problems, model.Problem{Range: at, Message: msg, Level: level})
}

// relToRoot returns abs relative to the repository root, and whether it lies inside it.
func (ld *loader) relToRoot(abs string) (string, bool) {
	for _, root := range []string{ld.root, ld.rootReal} {
		r, err := filepath.Rel(root, abs)
		if err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r) {
			return filepath.ToSlash(r), true
		}
	}
	return "", false
}

// repoPath returns a path written relative to the service directory as a repository path.
func (ld *loader) repoPath(p string) (string, bool) {
	if p == "" || filepath.IsAbs(p) {
		return "", false
	}
	return ld.relToRoot(filepath.Clean(filepath.Join(ld.dir, filepath.FromSlash(p))))
}

func (ld *loader) addFile(rel string) {
	if ld.p == nil {
		return
	}
	for _, f := range ld.p.Files {
		if f == rel {
			return
		}
	}
	ld.p.Files = append(ld.p.Files, rel)
}

func (ld *loader) fileStart() model.Range {
	return model.Range{File: ld.src.Rel, Line: 1, Column: 1, EndLine: 1, EndColumn: 1}
}

// read reads the service file within the size bound.
func (ld *loader) read() ([]byte, bool) {
	if ld.src.Content != nil {
		return ld.src.Content, true
	}
	src, err := ld.repo.ReadFile(ld.src.Abs, model.MaxFileSize)
	switch {
	case errors.Is(err, repofile.ErrTooLarge):
		ld.problem(ld.fileStart(), fmt.Sprintf("file is larger than %d bytes", model.MaxFileSize))
		return nil, false
	case err != nil:
		ld.problem(ld.fileStart(), "the file "+repofile.Describe(err)+" and is not read")
		return nil, false
	}
	return src, true
}

func (ld *loader) load() {
	src, ok := ld.read()
	if !ok {
		return
	}
	ld.loadBytes(src)
}

// loadBytes loads the service from its source text.
func (ld *loader) loadBytes(src []byte) {
	var pf parsedFile
	if strings.EqualFold(path.Ext(ld.src.Rel), ".json") {
		pf = parseJSON(ld.src.Rel, src)
	} else {
		pf = parseYAML(ld.src.Rel, src)
	}
	if pf.problem != nil {
		ld.m.Problems = append(ld.m.Problems, *pf.problem)
		return
	}
	ld.m.Problems = append(ld.m.Problems, pf.warnings...)
	raw := pf.root
	if raw.kind != mapNode {
		if raw.kind != nullNode {
			ld.problem(raw.at, "serverless.yml must be a mapping of service settings")
		}
		return
	}
	ld.p = &model.Project{Format: model.Serverless, Path: ld.src.Rel, At: ld.fileStart(), Files: []string{ld.src.Rel}}
	ld.files[filepath.Clean(ld.src.Abs)] = pf
	res := newResolver(ld, raw)
	ld.cfg = res.resolve(raw, 0)
	if name, ok := ld.cfg.path("provider", "name").str(); ok && name != "aws" {
		// Another provider (v3 and earlier supported Azure, Google, ...): nothing to model.
		return
	}
	ld.build()
	ld.m.Projects = append(ld.m.Projects, ld.p)
}
