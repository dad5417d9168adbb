package model

// Origin says how an attribute's value was obtained.
type Origin int

// Origins.
const (
	// Absent: not written and the provider has no default (an optional setting left out).
	Absent Origin = iota
	// Default: not written; Value holds the provider's documented default.
	Default
	// Explicit: written, and resolved statically to Value (literals, parameters' defaults,
	// SAM Globals, Terraform variables and locals, serverless ${self:} variables).
	Explicit
	// Unknown: written, but not resolvable statically (an import, an SSM lookup, a
	// variable with no default). Checks never report on an unknown value alone.
	Unknown
)

func (o Origin) String() string {
	switch o {
	case Absent:
		return "absent"
	case Default:
		return "default"
	case Explicit:
		return "explicit"
	case Unknown:
		return "unknown"
	}
	return "?"
}

// Attr is an attribute of a model entity with its provenance.
type Attr[T any] struct {
	Value  T
	Origin Origin
	// At is where the value is written; for an Absent or Default attribute it is the
	// entity's header, where a finding about the missing setting belongs.
	At Range
	// Ref is the ID of the project resource the value refers to, when it came from a
	// reference (!Ref Queue, !GetAtt Queue.Arn, aws_sqs_queue.q.arn, ${self:...} to a
	// resource): it lets checks follow links without knowing any format.
	Ref string
	// Secret marks a value that comes from a secret store or a sensitive input: a dynamic
	// reference ({{resolve:secretsmanager:...}}), a NoEcho parameter, an SSM or Secrets
	// Manager lookup, a Terraform sensitive variable.
	Secret bool
	// Shape is, for an Unknown string, what is known of it: its text with each part that is
	// not known statically written ${...}. A reference to a resource of the project is
	// written as the format writes it (${Uploads.Arn}, ${aws_s3_bucket.uploads.arn},
	// ${Uploads}); the deployment's partition, region and account are ${AWS::Partition},
	// ${AWS::Region} and ${AWS::AccountId} in every format. IAM resources are matched through
	// it ("${Uploads.Arn}/*" is the bucket's objects, not the bucket). "" when nothing of the
	// value is known or the loader does not say.
	Shape string
}

// Known reports whether Value is meaningful: written and resolved, or a provider default.
func (a Attr[T]) Known() bool { return a.Origin == Explicit || a.Origin == Default }

// IsSet reports whether the attribute was written at all (resolved or not).
func (a Attr[T]) IsSet() bool { return a.Origin == Explicit || a.Origin == Unknown }

// Set returns an explicit attribute.
func Set[T any](v T, at Range) Attr[T] { return Attr[T]{Value: v, Origin: Explicit, At: at} }

// Defaulted returns an attribute holding the provider default, reported at the entity
// header at.
func Defaulted[T any](v T, at Range) Attr[T] { return Attr[T]{Value: v, Origin: Default, At: at} }

// Missing returns an absent attribute, reported at the entity header at.
func Missing[T any](at Range) Attr[T] { return Attr[T]{Origin: Absent, At: at} }

// Unresolved returns an attribute written at at whose value is not known statically.
func Unresolved[T any](at Range) Attr[T] { return Attr[T]{Origin: Unknown, At: at} }
