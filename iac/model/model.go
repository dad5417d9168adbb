// Package model is slslint's provider-neutral picture of a serverless deployment: the
// functions, their triggers and the resources around them, as read from CloudFormation/SAM,
// Terraform and the Serverless Framework. Every attribute carries its source range and
// whether it was set explicitly, defaulted, or could not be resolved statically (see Attr).
//
// Checks read the model, never the syntax, so one check covers every format. Loaders fill
// the model: each resolves what it can statically and marks the rest Unknown.
//
// Resources refer to each other by ID: the CloudFormation logical ID, the Terraform
// address (aws_sqs_queue.orders, module.api.aws_lambda_function.this), or the Serverless
// Framework function name. IDs are unique within a project.
//
// # Conventions every loader follows
//
// The same concept is written differently in each format; loaders agree on one form, so
// that checks need not know the format:
//
//   - Positions. An attribute that is written is at its value; one that is not (Absent or
//     Default) is at the header of the entity that lacks it: the resource's logical ID, the
//     block's first line, the serverless function's key. Settings of the APIs the
//     Serverless Framework creates are at the provider key. A project's At is the first
//     line of its template, the first line of its root module's first file, or the
//     serverless service key.
//   - Resource types. Type is the source type: a raw CloudFormation resource under a
//     serverless service's resources: keeps its CloudFormation type (AWS::Lambda::Function)
//     and its CloudFormation defaults (a 3 s timeout), while the framework's own functions
//     are "serverless:function".
//   - Principals. A policy statement's Principal is flattened into its values: "*",
//     {AWS: "*"}, Terraform's principals { type = "*" } and {AWS = "*"} all give "*".
//   - Authorization. A route's AuthorizationType is Explicit when written on the route;
//     an Explicit "NONE" (SAM's Auth.Authorizer: NONE) opts the route out of the API's
//     DefaultAuthorizer, a Default "NONE" leaves the API's defaults in force.
//   - Log retention. A function's LogRetentionDays is Absent when its logs never expire:
//     no log group with a retention (at the function's header), a log group without
//     RetentionInDays (at that log group's header), or Terraform's retention_in_days = 0
//     (at the 0). It is Unknown when a log group the loader cannot identify may be the
//     function's.
//   - Triggers and permissions. A Lambda permission is a Permission; a loader may also
//     record the trigger it implies when no declared trigger of that service reads the
//     same source (the CloudFormation loader does; its S3 filters are then Unknown), so
//     checks that look at both count a source once.
//   - Go builds. Code.BuildMethod "go1.x", "go" and "serverless-go-plugin" mean a Go build
//     whatever the runtime; the go1.x runtime always does.
package model

import "strings"

// Format is the format of an IaC source file.
type Format int

// Formats.
const (
	CloudFormation Format = iota + 1 // CloudFormation or SAM template, YAML or JSON
	Terraform                        // *.tf
	TerraformVars                    // *.tfvars, *.tfvars.json
	Serverless                       // serverless.yml / serverless.yaml
	// CDK is an AWS CDK app written in Go, read from its type-checked code: a project per
	// stack, every range in the .go files.
	CDK
	// Pulumi is a Pulumi program written in Go, read likewise: one project per program.
	Pulumi
)

func (f Format) String() string {
	switch f {
	case CloudFormation:
		return "cloudformation"
	case Terraform:
		return "terraform"
	case TerraformVars:
		return "terraform-vars"
	case Serverless:
		return "serverless"
	case CDK:
		return "cdk"
	case Pulumi:
		return "pulumi"
	}
	return "unknown"
}

// A Range locates a value in a source file. Lines and columns are 1-based, columns count
// bytes, and the end is exclusive. File is relative to the repository root, with forward
// slashes.
type Range struct {
	File               string
	Line, Column       int
	EndLine, EndColumn int
}

// IsZero reports whether the range locates nothing.
func (r Range) IsZero() bool { return r.File == "" }

// A Source is one file to load.
type Source struct {
	Format Format
	// Abs is the file's absolute path; Rel is relative to the repository root, with
	// forward slashes, and is what ranges report.
	Abs, Rel string
	// Content is the file's content when the caller has read it already (discovery reads
	// small files whole), so that it is read once; loaders read Abs when it is nil.
	Content []byte
}

// MaxFileSize bounds the size of a file a loader reads; a larger file is a Problem. Real
// templates are far smaller (CloudFormation accepts 1 MB), so this only stops hostile or
// accidental input from exhausting memory.
const MaxFileSize = 10 << 20

// A Problem is a file, or part of one, that could not be read: reported as SLS000.
type Problem struct {
	Range
	Message string
	// Level lowers the finding below SLS000's error level; the zero value keeps it.
	Level ProblemLevel
}

// ProblemLevel is the level of a Problem that is not an error.
type ProblemLevel int8

// Problem levels.
const (
	// ProblemError is the default: the file is broken and was not analyzed.
	ProblemError ProblemLevel = iota
	// ProblemWarning is a file deliberately not read although the configuration names
	// it: a path that leads out of the repository, a named pipe or device.
	ProblemWarning
	// ProblemNote is a file slslint cannot read by design although it is valid
	// (serverless.ts, which only its program can evaluate).
	ProblemNote
)

// A Suppression is a CloudFormation resource's Metadata.slslint.ignore entry.
type Suppression struct {
	// At is the entry itself; Scope is the resource it covers.
	At, Scope Range
	RuleID    string
	Reason    string
}

// Model is everything loaded in one run.
type Model struct {
	// Projects are sorted by Path.
	Projects     []*Project
	Problems     []Problem
	Suppressions []Suppression
	// Failures are crashes of a loader (bugs in slslint), reported as SLS003; the other
	// loaders still ran.
	Failures []Problem
	// GoStatements are the ranges of the Go calls that declare resources (the constructs
	// of a CDK app, the resources of a Pulumi program): a suppression comment on the line
	// of one, or above it, covers the whole call, whose settings are on the lines below.
	GoStatements []Range
}

// Functions returns every function of every project, in project order.
func (m *Model) Functions() []*Function {
	var fs []*Function
	for _, p := range m.Projects {
		fs = append(fs, p.Functions...)
	}
	return fs
}

// A Project is one unit of deployment: a CloudFormation/SAM template, a Terraform root
// module (with the local modules it instantiates), a Serverless Framework service, a stack
// of an AWS CDK app or a Pulumi program.
type Project struct {
	Format Format
	// Name is the stack, root module directory or service name.
	Name string
	// Path is the main file (template, serverless.yml) or the root module's directory,
	// relative to the repository root. For a CDK stack it is the app's folder (where
	// cdk.json is) joined with the stack's name; for a Pulumi program, its folder.
	Path string
	// At is where project-wide findings (SLS301 no-budget) are reported: the template's
	// first line, the root module's first file's first line, the service key.
	At Range
	// Files are every file read for the project.
	Files []string
	// ReusableModule is set for a Terraform directory that nothing in the repository calls
	// but that reads like a module meant to be called: it requires variables that have no
	// default and no variables file gives, and it configures no provider, backend or cloud.
	// Its resources are checked; what only a deployed root has (a budget) is not asked of it.
	ReusableModule bool
	// ResourcesUnknown is set when some of the project's resources cannot be read: an
	// AWS::Include transform, a CloudFormation loop over a collection that is not known
	// statically. A check must then not conclude that a resource (a budget, an alarm, a
	// log group, an invoke configuration) is missing.
	ResourcesUnknown bool

	Functions     []*Function
	Queues        []*Queue
	Topics        []*Topic
	Buckets       []*Bucket
	Tables        []*Table
	Streams       []*Stream
	APIs          []*API
	StateMachines []*StateMachine
	LogGroups     []*LogGroup
	Alarms        []*Alarm
	Budgets       []*Budget
	Roles         []*Role
	Permissions   []*Permission
	// FunctionURLs are every function URL of the project: those of its functions (also in
	// Function.URLs) and those of functions declared elsewhere (Function "").
	FunctionURLs []*FunctionURL
	// Rules are EventBridge/CloudWatch Events rules and EventBridge Scheduler schedules whose
	// targets are functions; loaders also record them as the functions' triggers.
	Rules []*EventRule
}

// Resource is the header every entity has.
type Resource struct {
	// ID is the logical ID, Terraform address or serverless name.
	ID string
	// Type is the source type ("AWS::Serverless::Function", "aws_lambda_function",
	// "serverless:function").
	Type string
	// At is the resource's header: its key in a template, its block's first line in HCL.
	At Range
	// Name is the physical name, when the template sets one.
	Name Attr[string]
	// External is set for a partner that the project configures or refers to but does not
	// declare: the API of a stage, method or route declared here, or the queue or topic of
	// a policy declared here, when the API, queue or topic comes from a parameter, an
	// import, an SSM lookup, a Terraform variable or data source, or a literal ID, ARN or
	// URL. Its ID is that reference as written ("ApiId", "ImportValue shared-api-id",
	// "var.api_id", "data.aws_sqs_queue.jobs"), its At where the reference is first
	// written, and every setting of its own is Unknown: checks whose evidence is in the
	// resources declared here still apply, checks that need the partner's settings stay
	// silent.
	External bool
}

// A Function is a Lambda function.
type Function struct {
	Resource
	// Runtime ("provided.al2023", "go1.x"); Handler ("bootstrap"); Architecture ("x86_64"
	// by default, or "arm64").
	Runtime      Attr[string]
	Handler      Attr[string]
	Architecture Attr[string]
	// MemoryMB defaults to 128 (1024 in the Serverless Framework); TimeoutSeconds to 3 (6 in
	// the Serverless Framework).
	MemoryMB       Attr[int]
	TimeoutSeconds Attr[int]
	// ReservedConcurrency is Absent when the function has none.
	ReservedConcurrency Attr[int]
	// Tracing is "Active" or "PassThrough" (the default).
	Tracing Attr[string]
	// Environment lists the function's variables, globals or provider-level ones merged in;
	// EnvironmentUnknown is set when some variables cannot be listed (a merge with an
	// unknown map), so that "not defined" cannot be concluded.
	Environment        []EnvVar
	EnvironmentUnknown bool
	// DeadLetterTarget is the DLQ (DeadLetterConfig.TargetArn, SAM DeadLetterQueue,
	// dead_letter_config, serverless onError).
	DeadLetterTarget Attr[string]
	// Async invocation settings (EventInvokeConfig, aws_lambda_function_event_invoke_config,
	// serverless destinations / maximumRetryAttempts / maximumEventAge).
	OnFailure            Attr[string]
	OnSuccess            Attr[string]
	AsyncMaxRetries      Attr[int]
	AsyncMaxEventAgeSecs Attr[int]
	// URLs are the function's URLs: the unqualified one and those of its aliases (each
	// function URL resource is one entry, also listed in Project.FunctionURLs).
	URLs []*FunctionURL
	// Triggers are the event sources that invoke the function, from its own events and
	// from resources elsewhere in the project that target it.
	Triggers []*Trigger
	// Role is the execution role's ID when it is a resource of the project; Policies are
	// the statements and managed policies attached to it or to the function (SAM Policies,
	// serverless iam.role.statements, Terraform attachments).
	Role     Attr[string]
	Policies []*Policy
	// LogGroup is the ID of the function's log group resource, found by its name
	// (/aws/lambda/<function name>) or the function's LoggingConfig; LogRetentionDays is the
	// retention the project gives the function's logs (from that log group, or serverless
	// logRetentionInDays), Absent when the logs never expire.
	LogGroup         Attr[string]
	LogRetentionDays Attr[int]
	// RecursiveLoop is "Terminate" (the default) or "Allow".
	RecursiveLoop Attr[string]
	// Code says where the function's code comes from, for linking it to its Go package.
	Code Code
	// Alias is set when the function publishes an alias (SAM AutoPublishAlias,
	// aws_lambda_alias), which is where provisioned concurrency and triggers may attach.
	Alias Attr[string]
}

// Env looks up an environment variable by name.
func (f *Function) Env(name string) (EnvVar, bool) {
	for _, e := range f.Environment {
		if e.Name == name {
			return e, true
		}
	}
	return EnvVar{}, false
}

// An EnvVar is one environment variable; Value.Ref names the resource it refers to
// (Environment.Variables.BUCKET: !Ref Uploads).
type EnvVar struct {
	Name  string
	Value Attr[string]
}

// Code locates a function's code and how it is built. Paths are relative to the repository
// root, with forward slashes, already resolved against the template's directory.
type Code struct {
	// Dir is a source directory (SAM CodeUri, archive_file source_dir, module source_path).
	Dir Attr[string]
	// File is a built artifact or single source (archive_file source_file, filename,
	// serverless package.artifact, a handler path like bin/orders).
	File Attr[string]
	// BuildMethod is how the function is built: SAM's Metadata.BuildMethod ("go1.x",
	// "makefile"), or "serverless-go-plugin" for a serverless function that plugin builds.
	// "go1.x", "go" and "serverless-go-plugin" mean a Go build, whatever the runtime.
	BuildMethod Attr[string]
	// BuildProperties holds SAM's Metadata.BuildProperties or a plugin's settings.
	BuildProperties map[string]string
}

// A FunctionURL is a function's HTTPS endpoint.
type FunctionURL struct {
	At Range
	// Function is the ID of the function the URL invokes when it is a function of the
	// project; otherwise ExternalFunction is that function as written (a parameter, an
	// import, a Terraform variable, a name or an ARN: "ImportValue api-fn",
	// "var.function_name").
	Function         string
	ExternalFunction string
	// Qualifier is the alias the URL invokes (Absent for the unqualified function).
	Qualifier Attr[string]
	// AuthType is "AWS_IAM" or "NONE".
	AuthType Attr[string]
	CORS     *CORS
}

// Name names the URL's function for messages, with the alias of a qualified URL.
func (u *FunctionURL) Name() string {
	name := u.Function
	if name == "" {
		name = u.ExternalFunction
	}
	if u.Qualifier.Known() && u.Qualifier.Value != "" {
		name += ":" + u.Qualifier.Value
	}
	return name
}

// TriggerKind is the kind of event source invoking a function.
type TriggerKind string

// Trigger kinds.
const (
	TriggerSQS            TriggerKind = "sqs"
	TriggerKinesis        TriggerKind = "kinesis"
	TriggerDynamoDB       TriggerKind = "dynamodb"
	TriggerKafka          TriggerKind = "kafka" // MSK and self-managed Kafka
	TriggerMQ             TriggerKind = "mq"
	TriggerS3             TriggerKind = "s3"
	TriggerSNS            TriggerKind = "sns"
	TriggerEventBridge    TriggerKind = "eventbridge" // EventBridge and CloudWatch Events rules
	TriggerSchedule       TriggerKind = "schedule"    // schedule rules and EventBridge Scheduler
	TriggerRESTAPI        TriggerKind = "rest-api"    // API Gateway REST (v1)
	TriggerHTTPAPI        TriggerKind = "http-api"    // API Gateway HTTP (v2)
	TriggerALB            TriggerKind = "alb"
	TriggerFunctionURL    TriggerKind = "function-url"
	TriggerCloudWatchLogs TriggerKind = "cloudwatch-logs"
	TriggerIoT            TriggerKind = "iot"
	TriggerSES            TriggerKind = "ses"
	TriggerCognito        TriggerKind = "cognito"
	TriggerStepFunctions  TriggerKind = "step-functions"
	TriggerOther          TriggerKind = "other"
)

// Async reports whether the trigger invokes the function asynchronously: Lambda queues the
// event, retries a failed invocation twice, then drops it unless a DLQ or on-failure
// destination exists.
func (k TriggerKind) Async() bool {
	switch k {
	case TriggerS3, TriggerSNS, TriggerEventBridge, TriggerSchedule, TriggerCloudWatchLogs, TriggerIoT, TriggerSES:
		return true
	}
	return false
}

// Polled reports whether the trigger is an event source mapping that Lambda polls.
func (k TriggerKind) Polled() bool {
	switch k {
	case TriggerSQS, TriggerKinesis, TriggerDynamoDB, TriggerKafka, TriggerMQ:
		return true
	}
	return false
}

// Stream reports whether the trigger reads a shard-ordered stream.
func (k TriggerKind) Stream() bool {
	return k == TriggerKinesis || k == TriggerDynamoDB || k == TriggerKafka
}

// AtLeastOnce reports whether the trigger may deliver the same event more than once.
func (k TriggerKind) AtLeastOnce() bool {
	return k.Polled() || k.Async()
}

// Synchronous reports whether a caller waits for the function's response.
func (k TriggerKind) Synchronous() bool {
	switch k {
	case TriggerRESTAPI, TriggerHTTPAPI, TriggerALB, TriggerFunctionURL, TriggerCognito:
		return true
	}
	return false
}

// A Trigger is an event source of a function.
type Trigger struct {
	Kind TriggerKind
	// At is the event's declaration: the SAM event, the event source mapping, the
	// notification, the rule target, the serverless event.
	At Range
	// Name is the SAM event name, or the resource ID of a separately declared source.
	Name string
	// Source is the queue, stream, table, topic, bucket, API or rule; Source.Ref is its ID
	// when it is a resource of the project.
	Source Attr[string]

	// Event source mapping settings (SQS, Kinesis, DynamoDB, Kafka).
	BatchSize                  Attr[int]
	MaxBatchingWindowSecs      Attr[int]
	FunctionResponseTypes      Attr[[]string]
	MaximumRetryAttempts       Attr[int]
	BisectBatchOnFunctionError Attr[bool]
	MaximumRecordAgeSecs       Attr[int]
	// OnFailure is the stream's on-failure destination (DestinationConfig.OnFailure).
	OnFailure Attr[string]
	// MaximumConcurrency is SQS's ScalingConfig.MaximumConcurrency.
	MaximumConcurrency Attr[int]
	// ParallelizationFactor is how many batches of one shard a stream trigger (Kinesis,
	// DynamoDB) processes at once: 1 by default, at most 10.
	ParallelizationFactor Attr[int]
	Enabled               Attr[bool]

	// S3 notification filters and events.
	FilterPrefix Attr[string]
	FilterSuffix Attr[string]
	Events       Attr[[]string]

	// API routes (REST, HTTP API, ALB).
	API    Attr[string] // the API resource ID, Ref set when known
	Method Attr[string]
	Path   Attr[string]
	// PayloadFormatVersion is the HTTP API integration's payload format: "2.0" by default
	// for HTTP APIs, "1.0" for REST.
	PayloadFormatVersion Attr[string]
	// Route is the route this trigger is, for authorization checks (nil for non-API
	// triggers).
	Route *Route
}

// NewTrigger returns a trigger whose settings are all absent, reported at its declaration
// at: loaders fill what the template sets.
func NewTrigger(kind TriggerKind, at Range, name string) *Trigger {
	return &Trigger{
		Kind: kind, At: at, Name: name,
		Source:                     Missing[string](at),
		BatchSize:                  Missing[int](at),
		MaxBatchingWindowSecs:      Missing[int](at),
		FunctionResponseTypes:      Missing[[]string](at),
		MaximumRetryAttempts:       Missing[int](at),
		BisectBatchOnFunctionError: Missing[bool](at),
		MaximumRecordAgeSecs:       Missing[int](at),
		OnFailure:                  Missing[string](at),
		MaximumConcurrency:         Missing[int](at),
		ParallelizationFactor:      Missing[int](at),
		Enabled:                    Missing[bool](at),
		FilterPrefix:               Missing[string](at),
		FilterSuffix:               Missing[string](at),
		Events:                     Missing[[]string](at),
		API:                        Missing[string](at),
		Method:                     Missing[string](at),
		Path:                       Missing[string](at),
		PayloadFormatVersion:       Missing[string](at),
	}
}

// A Queue is an SQS queue.
type Queue struct {
	Resource
	// VisibilityTimeoutSecs defaults to 30.
	VisibilityTimeoutSecs Attr[int]
	// RedriveTarget is the dead-letter queue; MaxReceiveCount its threshold.
	RedriveTarget   Attr[string]
	MaxReceiveCount Attr[int]
	FIFO            Attr[bool]
	// KMSKey is KmsMasterKeyId; ManagedSSE is SqsManagedSseEnabled (on by default for new
	// queues since 2023: Default true).
	KMSKey     Attr[string]
	ManagedSSE Attr[bool]
	// Policy holds the queue policy's statements.
	Policy []*Statement
}

// A Topic is an SNS topic.
type Topic struct {
	Resource
	KMSKey Attr[string]
	Policy []*Statement
}

// A Bucket is an S3 bucket.
type Bucket struct {
	Resource
}

// A Table is a DynamoDB table.
type Table struct {
	Resource
	// HashKey and RangeKey are the key schema's attribute names; the cross-layer checks use
	// them to tell key attributes from others.
	HashKey  Attr[string]
	RangeKey Attr[string]
	// StreamView is the stream's view type when a stream is enabled.
	StreamView Attr[string]
}

// A Stream is a Kinesis data stream.
type Stream struct {
	Resource
	// ShardCount is the provisioned number of shards; Unknown for an on-demand stream,
	// whose shards AWS adds and removes.
	ShardCount Attr[int]
}

// APIKind distinguishes API Gateway's two products.
type APIKind string

// API kinds.
const (
	RESTAPI APIKind = "rest"
	HTTPAPI APIKind = "http"
)

// An API is an API Gateway REST or HTTP API, explicit or implicit (SAM's ServerlessRestApi,
// serverless http/httpApi events).
type API struct {
	Resource
	Kind   APIKind
	Stages []*Stage
	Routes []*Route
	// DefaultAuthorizer and APIKeyRequired are API-wide defaults (SAM Auth, serverless
	// provider.httpApi.authorizers).
	DefaultAuthorizer Attr[string]
	APIKeyRequired    Attr[bool]
	CORS              *CORS
	// UsagePlan is set when a usage plan with throttling covers the API's stages.
	UsagePlan Attr[bool]
}

// A Stage is a deployed stage of an API.
type Stage struct {
	At   Range
	Name Attr[string]
	// NameExpr is how a name that is not known statically is written ("${StageName}",
	// "var.stage", "${sls:stage}"), to name the stage in messages.
	NameExpr string
	// Throttling: REST method settings or HTTP API default route settings.
	ThrottlingBurstLimit Attr[int]
	ThrottlingRateLimit  Attr[float64]
	// TracingEnabled is X-Ray tracing (REST only).
	TracingEnabled Attr[bool]
	// AccessLogDestination is the access log destination; Absent when logging is off.
	AccessLogDestination Attr[string]
}

// A Route is one method and path of an API.
type Route struct {
	At     Range
	Method Attr[string]
	Path   Attr[string]
	// AuthorizationType ("NONE", "AWS_IAM", "JWT", "CUSTOM", "COGNITO_USER_POOLS") and
	// Authorizer (its ID or name). An Explicit "NONE" was written on the route (SAM's
	// Auth.Authorizer: NONE, a method's AuthorizationType: NONE): the route opts out of
	// the API's DefaultAuthorizer. A Default "NONE" means nothing was written, and the
	// API-wide defaults apply.
	AuthorizationType Attr[string]
	Authorizer        Attr[string]
	APIKeyRequired    Attr[bool]
	// Private is serverless's private: true (API key required).
	Private Attr[bool]
	// Function is the ID of the function integrated, when known.
	Function string
}

// CORS is an API's or function URL's cross-origin configuration.
type CORS struct {
	At               Range
	AllowOrigins     Attr[[]string]
	AllowCredentials Attr[bool]
}

// A StateMachine is a Step Functions state machine with its parsed definition.
type StateMachine struct {
	Resource
	// Definition is set when the definition could be read; DefinitionAt is where it is.
	DefinitionAt Range
	// Tasks are the Task states, at any depth (Parallel branches, Map iterators).
	Tasks []*TaskState
	// DefinitionUnknown is set when the definition could not be resolved statically.
	DefinitionUnknown bool
}

// A TaskState is a Task state of a state machine.
type TaskState struct {
	Name string
	At   Range
	// Resource is the task's resource ARN ("arn:aws:states:::lambda:invoke.waitForTaskToken").
	Resource Attr[string]
	// TimeoutSeconds or TimeoutSecondsPath; HeartbeatSeconds or HeartbeatSecondsPath.
	TimeoutSeconds   Attr[int]
	TimeoutPath      Attr[string]
	HeartbeatSeconds Attr[int]
	HeartbeatPath    Attr[string]
	// Function is the ID of the project's function the task invokes (lambda:invoke, with
	// or without .waitForTaskToken, or the function's ARN as the resource), when known.
	Function string
}

// WaitsForTaskToken reports whether the task pauses until a task token is returned.
func (t *TaskState) WaitsForTaskToken() bool {
	return strings.HasSuffix(t.Resource.Value, ".waitForTaskToken")
}

// A LogGroup is a CloudWatch Logs log group.
type LogGroup struct {
	Resource
	// RetentionDays is Absent when the logs never expire.
	RetentionDays Attr[int]
}

// An Alarm is a CloudWatch metric alarm.
type Alarm struct {
	Resource
	Namespace  Attr[string]
	MetricName Attr[string]
	// Function is the ID of the function named by the FunctionName dimension, when known.
	Function string
}

// A Budget is an AWS Budgets budget.
type Budget struct {
	Resource
}

// A Role is an IAM role.
type Role struct {
	Resource
	Policies []*Policy
}

// A Policy is a set of statements or a managed policy.
type Policy struct {
	At Range
	// ManagedARN is set for a managed policy attachment (arn:aws:iam::aws:policy/...), or a
	// SAM policy template name ("DynamoDBCrudPolicy") with Template set.
	ManagedARN Attr[string]
	Template   bool
	// TemplateResource is the resource a SAM policy template grants access to (its
	// QueueName, TopicName, BucketName, TableName parameter), Ref set when known.
	TemplateResource Attr[string]
	Statements       []*Statement
}

// A Statement is one IAM policy statement.
type Statement struct {
	At     Range
	Effect Attr[string]
	// Actions and Resources are the statement's lists; each element carries its own range
	// and, for resources, the ID of the project resource it refers to (Ref).
	Actions   []Attr[string]
	Resources []Attr[string]
	// NotActions and NotResources are the NotAction and NotResource lists: the statement
	// applies to every action (resource) except those listed. A statement has Actions or
	// NotActions, and Resources or NotResources.
	NotActions   []Attr[string]
	NotResources []Attr[string]
	// Principals are the principal values ("*", service principals, account ARNs), the
	// Principal element flattened: "*" and {"AWS": "*"} both give "*".
	Principals []Attr[string]
	// HasCondition is set when the statement has a Condition.
	HasCondition bool
	// Unknown is set when the statement could not be read completely.
	Unknown bool
}

// A Permission is a resource-based permission to invoke a function.
type Permission struct {
	Resource
	// Function is the ID of the function it grants, when known.
	Function      string
	Action        Attr[string]
	Principal     Attr[string]
	SourceArn     Attr[string]
	SourceAccount Attr[string]
}

// An EventRule is an EventBridge or CloudWatch Events rule, or a Scheduler schedule.
type EventRule struct {
	Resource
	Schedule     Attr[string]
	EventPattern Attr[string]
	// Targets are the IDs of the functions it invokes, when known.
	Targets []string
}

// AddFunctionURL records a function URL: in the project's list, and in f's when the URL's
// function is a function of the project (f not nil).
func (p *Project) AddFunctionURL(f *Function, u *FunctionURL) {
	if f != nil {
		u.Function = f.ID
		f.URLs = append(f.URLs, u)
	}
	p.FunctionURLs = append(p.FunctionURLs, u)
}

// Function returns the project's function with the given ID.
func (p *Project) Function(id string) (*Function, bool) {
	for _, f := range p.Functions {
		if f.ID == id {
			return f, true
		}
	}
	return nil, false
}
