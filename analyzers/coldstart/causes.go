package coldstart

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/internal/srcpos"
)

// blockingCause recognizes a call that blocks: network I/O, a sleep or a subprocess. It
// deliberately does not recognize client construction and configuration loading
// (config.LoadDefaultConfig, NewFromConfig, session.NewSession, sql.Open), which is what
// start-up code should do.
func blockingCause(pass *analysis.Pass, call *ast.CallExpr) (step, bool) {
	fn := calleeFunc(pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return step{}, false
	}
	kind := causeKind(fn)
	if kind == "" {
		return step{}, false
	}
	return step{Pkg: fn.Pkg().Path(), PkgName: fn.Pkg().Name(), Name: funcName(fn),
		At: srcpos.Of(pass.Fset, call.Pos()), End: srcpos.Of(pass.Fset, call.End()), Kind: kind}, true
}

func causeKind(fn *types.Func) string {
	pkg, name := fn.Pkg().Path(), fn.Name()
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return ""
	}
	recv := ""
	if sig.Recv() != nil {
		if n := namedOf(sig.Recv().Type()); n != nil {
			recv = n.Obj().Name()
		}
	}
	switch pkg {
	case "time":
		if recv == "" && name == "Sleep" {
			return kindSleep
		}
	case "os/exec":
		if recv == "" && (name == "Command" || name == "CommandContext") ||
			recv == "Cmd" && (name == "Run" || name == "Output" || name == "CombinedOutput" || name == "Start") {
			return kindProcess
		}
	case "net/http":
		switch recv {
		case "":
			if name == "Get" || name == "Head" || name == "Post" || name == "PostForm" {
				return kindNetwork
			}
		case "Client":
			if name == "Do" || name == "Get" || name == "Head" || name == "Post" || name == "PostForm" {
				return kindNetwork
			}
		case "Transport":
			if name == "RoundTrip" {
				return kindNetwork
			}
		}
	case "net":
		switch recv {
		case "":
			if strings.HasPrefix(name, "Dial") || strings.HasPrefix(name, "Lookup") {
				return kindNetwork
			}
		case "Dialer":
			if strings.HasPrefix(name, "Dial") {
				return kindNetwork
			}
		case "Resolver":
			if strings.HasPrefix(name, "Lookup") {
				return kindNetwork
			}
		}
	case "crypto/tls":
		if (recv == "" || recv == "Dialer") && strings.HasPrefix(name, "Dial") {
			return kindNetwork
		}
	case "database/sql":
		if recv == "DB" || recv == "Conn" {
			for _, p := range []string{"Ping", "Exec", "Query", "Begin", "Prepare"} {
				if strings.HasPrefix(name, p) {
					return kindNetwork
				}
			}
			if recv == "DB" && name == "Conn" {
				return kindNetwork
			}
		}
	case "github.com/jackc/pgx/v4", "github.com/jackc/pgx/v5", "github.com/jackc/pgx/v4/pgxpool":
		if recv == "" && (name == "Connect" || name == "ConnectConfig") {
			return kindNetwork
		}
	}
	if recv != "" && (name == "Ping" || name == "PingContext") && firstParamIsContext(sig) && hasPrefix(pkg, dbClientPackages) {
		return kindNetwork
	}
	if isSDKOperation(pkg, recv, name, sig) {
		if isConfigFetch(pkg, recv, name) {
			return kindConfig
		}
		return kindNetwork
	}
	return ""
}

// configFetches are the AWS operations that fetch configuration or secrets, by service
// package name (the same in aws-sdk-go-v2 and aws-sdk-go): fetching at start-up what every
// invocation needs is the practice AWS documents, and moving it later shortens no request.
var configFetches = map[string][]string{
	"secretsmanager": {"GetSecretValue", "BatchGetSecretValue"},
	"ssm":            {"GetParameter", "GetParameters", "GetParametersByPath"},
	"kms":            {"Decrypt"},
	"appconfig":      {"GetConfiguration"},
	"appconfigdata":  {"StartConfigurationSession", "GetLatestConfiguration"},
}

// isConfigFetch recognizes a configuration or secret fetch of an AWS SDK service package
// (v1 names may end in WithContext or Pages; v2 paginators' NextPage is the service's
// paginated operation).
func isConfigFetch(pkg, recv, name string) bool {
	if op, ok := strings.CutSuffix(recv, "Paginator"); ok && name == "NextPage" {
		name = op
	}
	var service string
	switch {
	case strings.HasPrefix(pkg, "github.com/aws/aws-sdk-go-v2/service/"):
		service = strings.TrimPrefix(pkg, "github.com/aws/aws-sdk-go-v2/service/")
	case strings.HasPrefix(pkg, "github.com/aws/aws-sdk-go/service/"):
		service = strings.TrimPrefix(pkg, "github.com/aws/aws-sdk-go/service/")
		name = strings.TrimSuffix(strings.TrimSuffix(name, "WithContext"), "Pages")
	default:
		return false
	}
	for _, op := range configFetches[service] {
		if name == op {
			return true
		}
	}
	return false
}

// dbClientPackages are database clients whose Ping method connects.
var dbClientPackages = []string{
	"github.com/jackc/pgx",
	"github.com/redis/go-redis",
	"github.com/go-redis/redis",
	"go.mongodb.org/mongo-driver",
}

// isSDKOperation recognizes a call that sends an AWS API request:
//   - aws-sdk-go-v2 service operations: methods of a service package's Client taking
//     (context.Context, *XxxInput, ...func(*Options)), and its paginators' NextPage and
//     waiters' Wait;
//   - aws-sdk-go-v2's S3 transfer manager and EC2 instance metadata client;
//   - aws-sdk-go (v1) operations: methods of a service client taking a *XxxInput and
//     returning an error (XxxRequest methods only build a request and are not included).
func isSDKOperation(pkg, recv, name string, sig *types.Signature) bool {
	if recv == "" || !lastResultIsError(sig) {
		return false
	}
	switch {
	case strings.HasPrefix(pkg, "github.com/aws/aws-sdk-go-v2/service/"):
		if recv == "Client" {
			return sig.Params().Len() >= 2 && firstParamIsContext(sig) && isInputPointer(sig.Params().At(1).Type())
		}
		if (strings.HasSuffix(recv, "Paginator") && name == "NextPage") || (strings.HasSuffix(recv, "Waiter") && strings.HasPrefix(name, "Wait")) {
			return firstParamIsContext(sig)
		}
	case pkg == "github.com/aws/aws-sdk-go-v2/feature/s3/manager":
		return (recv == "Uploader" && name == "Upload") || (recv == "Downloader" && name == "Download")
	case pkg == "github.com/aws/aws-sdk-go-v2/feature/ec2/imds":
		return recv == "Client" && firstParamIsContext(sig)
	case strings.HasPrefix(pkg, "github.com/aws/aws-sdk-go/service/"):
		for i := 0; i < sig.Params().Len(); i++ {
			if isInputPointer(sig.Params().At(i).Type()) {
				return true
			}
		}
	}
	return false
}

func isInputPointer(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && strings.HasSuffix(n.Obj().Name(), "Input")
}

func firstParamIsContext(sig *types.Signature) bool {
	if sig.Params().Len() == 0 {
		return false
	}
	n := namedOf(sig.Params().At(0).Type())
	return n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

func lastResultIsError(sig *types.Signature) bool {
	n := sig.Results().Len()
	if n == 0 {
		return false
	}
	t := sig.Results().At(n - 1).Type()
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

func hasPrefix(path string, prefixes []string) bool {
	for _, p := range prefixes {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}
