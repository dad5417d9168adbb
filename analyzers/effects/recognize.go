package effects

import (
	"go/types"
	"strings"
)

// What the effects analyzer knows by name. Third-party and SDK functions are never
// analyzed: a call is recognized by its callee's full name (types.Func.FullName of the
// origin) or, for AWS SDK operations, by its input type.

type known struct {
	kind Kind
	op   string
}

// byName maps full function names to effects.
var byName = buildKnown()

func buildKnown() map[string]known {
	m := map[string]known{}
	// add maps the function's full name to its kind and display name.
	add := func(kind Kind, name, op string) { m[name] = known{kind, op} }
	// each adds a family: % in the name and display formats stands for each of names.
	each := func(kind Kind, format string, opFormat string, names ...string) {
		for _, n := range names {
			add(kind, strings.ReplaceAll(format, "%", n), strings.ReplaceAll(opFormat, "%", n))
		}
	}
	fatal := []string{"Fatal", "Fatalf", "Fatalln"}
	panics := []string{"Panic", "Panicf", "Panicln"}

	// Standard library.
	each(Fatal, "log.%", "log.%", fatal...)
	each(Fatal, "(*log.Logger).%", "log.Logger.%", fatal...)
	add(Fatal, "os.Exit", "os.Exit")
	add(Fatal, "syscall.Exit", "syscall.Exit")
	each(Panic, "log.%", "log.%", panics...)
	each(Panic, "(*log.Logger).%", "log.Logger.%", panics...)
	add(Sleep, "time.Sleep", "time.Sleep")
	add(Sleep, "time.After", "time.After")
	add(Sleep, "time.NewTimer", "time.NewTimer")
	each(Network, "net/http.%", "http.%", "Get", "Head", "Post", "PostForm")
	each(Network, "(*net/http.Client).%", "http.Client.%", "Do", "Get", "Head", "Post", "PostForm")
	each(Network, "(*net/http.Transport).%", "http.Transport.%", "RoundTrip")
	each(Network, "net.%", "net.%", "Dial", "DialTimeout", "DialTCP", "DialUDP", "DialIP", "DialUnix")
	each(Network, "(*net.Dialer).%", "net.Dialer.%", "Dial", "DialContext")
	for _, recv := range []string{"DB", "Tx", "Stmt", "Conn"} {
		each(Write, "(*database/sql."+recv+").%", "sql."+recv+".%", "Exec", "ExecContext")
		each(Network, "(*database/sql."+recv+").%", "sql."+recv+".%", "Query", "QueryContext", "QueryRow", "QueryRowContext")
	}
	each(Network, "(*database/sql.DB).%", "sql.DB.%", "Ping", "PingContext", "Begin", "BeginTx")
	add(NewContext, "context.Background", "context.Background")
	add(NewContext, "context.TODO", "context.TODO")
	each(ContextCheck, "(context.Context).%", "ctx.%", "Done", "Err", "Deadline")
	add(EnvRead, "os.Getenv", "os.Getenv")
	add(EnvRead, "os.LookupEnv", "os.LookupEnv")
	add(EnvRead, "syscall.Getenv", "syscall.Getenv")
	add(Goroutine, "(*sync.WaitGroup).Go", "sync.WaitGroup.Go")
	add(Goroutine, "(*golang.org/x/sync/errgroup.Group).Go", "errgroup.Group.Go")
	add(Goroutine, "(*golang.org/x/sync/errgroup.Group).TryGo", "errgroup.Group.TryGo")

	// Logging libraries whose Fatal exits and whose Panic panics.
	const logrus = "github.com/sirupsen/logrus"
	for _, recv := range []string{"", "(*" + logrus + ".Logger).", "(*" + logrus + ".Entry).", "(" + logrus + ".FieldLogger).", "(" + logrus + ".Ext1FieldLogger)."} {
		prefix := recv
		if prefix == "" {
			prefix = logrus + "."
		}
		each(Fatal, prefix+"%", "logrus.%", append(fatal, "Exit")...)
		each(Panic, prefix+"%", "logrus.%", panics...)
	}
	add(Fatal, "(*go.uber.org/zap.Logger).Fatal", "zap.Logger.Fatal")
	add(Panic, "(*go.uber.org/zap.Logger).Panic", "zap.Logger.Panic")
	each(Fatal, "(*go.uber.org/zap.SugaredLogger).%", "zap.SugaredLogger.%", "Fatal", "Fatalf", "Fatalw", "Fatalln")
	each(Panic, "(*go.uber.org/zap.SugaredLogger).%", "zap.SugaredLogger.%", "Panic", "Panicf", "Panicw", "Panicln")
	add(Fatal, "(*github.com/rs/zerolog.Logger).Fatal", "zerolog.Logger.Fatal")
	add(Panic, "(*github.com/rs/zerolog.Logger).Panic", "zerolog.Logger.Panic")
	add(Fatal, "github.com/rs/zerolog/log.Fatal", "zerolog/log.Fatal")
	add(Panic, "github.com/rs/zerolog/log.Panic", "zerolog/log.Panic")
	for _, klog := range []string{"k8s.io/klog", "k8s.io/klog/v2", "github.com/golang/glog"} {
		name := "klog"
		if strings.HasSuffix(klog, "glog") {
			name = "glog"
		}
		each(Fatal, klog+".%", name+".%", append(fatal, "Exit", "Exitf", "Exitln")...)
	}

	// SQL drivers with their own Exec.
	for _, pgx := range []string{"github.com/jackc/pgx/v4", "github.com/jackc/pgx/v5"} {
		add(Write, "(*"+pgx+".Conn).Exec", "pgx.Conn.Exec")
		add(Write, "(*"+pgx+"/pgxpool.Pool).Exec", "pgxpool.Pool.Exec")
		add(Write, "("+pgx+".Tx).Exec", "pgx.Tx.Exec")
		each(Network, "(*"+pgx+".Conn).%", "pgx.Conn.%", "Query", "QueryRow")
		each(Network, "(*"+pgx+"/pgxpool.Pool).%", "pgxpool.Pool.%", "Query", "QueryRow")
	}
	for _, recv := range []string{"DB", "Tx"} {
		each(Write, "(*github.com/jmoiron/sqlx."+recv+").%", "sqlx."+recv+".%", "MustExec", "MustExecContext", "NamedExec", "NamedExecContext")
	}
	return m
}

// Lambda function-name origins that are the running function itself.
const (
	functionNameEnv = "AWS_LAMBDA_FUNCTION_NAME"
	lambdaContext   = "github.com/aws/aws-lambda-go/lambdacontext"
)

// AWS SDK operations, recognized by their input type so that calls through a client
// interface (`type DynamoAPI interface{ PutItem(...) }`) and through wrappers that keep the
// SDK's method names are recognized too.

var sdkPrefixes = []string{
	"github.com/aws/aws-sdk-go-v2/service/",
	"github.com/aws/aws-sdk-go/service/",
}

// writeOps lists, per service package name, the operations that write.
var writeOps = map[string]map[string]bool{
	"dynamodb":    set("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"),
	"s3":          set("PutObject", "CopyObject", "DeleteObject", "DeleteObjects", "CompleteMultipartUpload"),
	"sqs":         set("SendMessage", "SendMessageBatch"),
	"sns":         set("Publish", "PublishBatch"),
	"ses":         set("SendEmail", "SendRawEmail", "SendTemplatedEmail", "SendBulkTemplatedEmail"),
	"sesv2":       set("SendEmail", "SendBulkEmail"),
	"eventbridge": set("PutEvents"),
	"kinesis":     set("PutRecord", "PutRecords"),
	"firehose":    set("PutRecord", "PutRecordBatch"),
	"sfn":         set("StartExecution", "StartSyncExecution"),
}

var invokeOps = set("Invoke", "InvokeAsync", "InvokeWithResponseStream")

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

// sdkService returns the service package name ("dynamodb") of an AWS SDK service package
// path, or "".
func sdkService(pkgPath string) string {
	for _, p := range sdkPrefixes {
		if rest, ok := strings.CutPrefix(pkgPath, p); ok {
			svc, _, _ := strings.Cut(rest, "/")
			return svc
		}
	}
	return ""
}

// sdkOperation recognizes a call of an AWS SDK operation by an argument of type
// *<service>.<Op>Input (v2: method Op; v1: Op or OpWithContext). Methods of the SDK's
// own service packages that take a context (paginators' NextPage, waiters' Wait) are
// network I/O too.
func sdkOperation(fn *types.Func) (kind Kind, op string, ok bool) {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return 0, "", false
	}
	// v1 names an operation's forms Op, OpWithContext, OpRequest, OpPages and
	// OpPagesWithContext; each takes *OpInput.
	name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(fn.Name(), "WithContext"), "Pages"), "Request")
	inSDK := fn.Pkg() != nil && sdkService(fn.Pkg().Path()) != ""
	params := sig.Params()
	for i := 0; i < params.Len(); i++ {
		ptr, ok := types.Unalias(params.At(i).Type()).(*types.Pointer)
		if !ok {
			continue
		}
		named, ok := types.Unalias(ptr.Elem()).(*types.Named)
		if !ok || named.Obj().Pkg() == nil {
			continue
		}
		svc := sdkService(named.Obj().Pkg().Path())
		if svc == "" || !strings.HasSuffix(named.Obj().Name(), "Input") {
			continue
		}
		if named.Obj().Name() != name+"Input" {
			// Other methods of the SDK that take an operation's input make that call: v1
			// waiters (WaitUntilObjectExists), presigners. v2 waiters take a context and
			// are recognized below.
			if inSDK && (strings.HasPrefix(fn.Name(), "WaitUntil") || strings.HasPrefix(fn.Name(), "Presign")) {
				return Network, svc + "." + fn.Name(), true
			}
			continue
		}
		op := svc + "." + name
		switch {
		case svc == "lambda" && invokeOps[name]:
			return Invoke, op, true
		case writeOps[svc][name]:
			return Write, op, true
		}
		return Network, op, true
	}
	if fn.Pkg() != nil && sdkService(fn.Pkg().Path()) != "" && params.Len() > 0 && isContext(params.At(0).Type()) {
		return Network, fn.Pkg().Name() + "." + recvName(fn) + "." + fn.Name(), true
	}
	return 0, "", false
}

// s3 transfer managers: uploads write, downloads read.
var managerOps = map[string]known{
	"(*github.com/aws/aws-sdk-go-v2/feature/s3/manager.Uploader).Upload":                {Write, "s3.manager.Upload"},
	"(*github.com/aws/aws-sdk-go-v2/feature/s3/manager.Downloader).Download":            {Network, "s3.manager.Download"},
	"(*github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager.Client).UploadObject":    {Write, "s3.transfermanager.UploadObject"},
	"(*github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager.Client).DownloadObject":  {Network, "s3.transfermanager.DownloadObject"},
	"(*github.com/aws/aws-sdk-go/service/s3/s3manager.Uploader).Upload":                 {Write, "s3manager.Upload"},
	"(*github.com/aws/aws-sdk-go/service/s3/s3manager.Uploader).UploadWithContext":      {Write, "s3manager.Upload"},
	"(*github.com/aws/aws-sdk-go/service/s3/s3manager.Downloader).Download":             {Network, "s3manager.Download"},
	"(*github.com/aws/aws-sdk-go/service/s3/s3manager.Downloader).DownloadWithContext":  {Network, "s3manager.Download"},
	"(*github.com/aws/aws-sdk-go-v2/feature/s3/manager.Uploader).UploadWithIterator":    {Write, "s3.manager.Upload"},
	"(*github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager.Client).UploadDirectory": {Write, "s3.transfermanager.UploadDirectory"},
}

// recognize classifies a call of fn (the origin of the callee).
func recognize(fn *types.Func) (known, bool) {
	full, listed := tableName(fn)
	if listed {
		if k, ok := byName[full]; ok {
			return k, true
		}
		if k, ok := managerOps[full]; ok {
			return k, true
		}
	}
	if k, ok := stripeOp(fn); ok {
		return k, true
	}
	if listed {
		if k, ok := crossKnown[full]; ok {
			return k, true
		}
	}
	if kind, op, ok := sdkOperation(fn); ok {
		return known{kind, op}, true
	}
	return execKnown(fn)
}

// tablePackages holds the package of every function the name tables list. Most calls a
// package makes are to functions of no listed package; for them tableName skips building
// the full name, an allocation per call site that dominated the analyzer's garbage on large
// modules.
var tablePackages = func() map[string]bool {
	pkgs := map[string]bool{}
	for _, table := range []map[string]known{byName, managerOps, crossKnown} {
		for name := range table {
			pkgs[packageOfFullName(name)] = true
		}
	}
	for name := range setupByName {
		pkgs[packageOfFullName(name)] = true
	}
	for name := range syncMapStores {
		pkgs[packageOfFullName(name)] = true
	}
	return pkgs
}()

// packageOfFullName returns the package path of a types.Func.FullName: "net/http.Get",
// "(*net/http.Client).Do" and "(gopkg.in/yaml.v3.Node).Decode" name net/http, net/http and
// gopkg.in/yaml.v3.
func packageOfFullName(name string) string {
	name = strings.TrimPrefix(strings.TrimPrefix(name, "("), "*")
	if i := strings.IndexByte(name, ')'); i >= 0 {
		name = name[:i]
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[:i]
	}
	return name
}

// tableName returns fn's full name and true when its package is one the name tables list;
// "" and false when no table can hold it.
func tableName(fn *types.Func) (string, bool) {
	if fn.Pkg() == nil || !tablePackages[fn.Pkg().Path()] {
		return "", false
	}
	return fn.FullName(), true
}

// recvName is the name of a method's receiver type without pointer and type arguments.
func recvName(fn *types.Func) string {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return ""
	}
	t := types.Unalias(sig.Recv().Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// goroutineStarters are functions whose function-literal argument runs in a new goroutine.
var goroutineStarters = set("(*sync.WaitGroup).Go", "(*golang.org/x/sync/errgroup.Group).Go", "(*golang.org/x/sync/errgroup.Group).TryGo")

// valueWrappers pass a value through (pointer helpers), for FunctionName origins.
func isValueWrapper(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "github.com/aws/aws-sdk-go-v2/aws", "github.com/aws/aws-sdk-go/aws":
		switch fn.Name() {
		case "String", "ToString", "StringValue":
			return true
		}
	case "fmt":
		return strings.HasPrefix(fn.Name(), "Sprint")
	case "strings":
		switch fn.Name() {
		case "Join", "TrimSpace", "Clone", "ToLower", "ToUpper", "Trim", "TrimPrefix", "TrimSuffix":
			return true
		}
	}
	return false
}
