package checks

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

// SLS501: a function URL that anyone can call. Every URL counts, those of aliases and
// those of functions declared elsewhere: the evidence is in the URL itself.
func checkFunctionURLs(ps *pass) {
	for _, u := range ps.functionURLs() {
		if !u.AuthType.Known() || !strings.EqualFold(u.AuthType.Value, "NONE") {
			continue
		}
		ps.reportFunction(rules.PublicFunctionURL, rules.PublicFunctionURL.Level, where(u.AuthType, u.At), u.name, func(s subject) string {
			return fmt.Sprintf(
				"%s %s with AuthType NONE\nanyone on the internet can invoke %s, billed per call and up to its "+
					"concurrency, with no identity to trace; use AWS_IAM (sign requests, or put CloudFront with origin access control "+
					"in front) or authenticate every request in the handler and say so in a suppression.",
				s, s.verb("has a URL", "have URLs"), s.verb("it", "them"))
		})
	}
}

// SLS502: a Lambda permission for everyone, or for a service without a source condition.
func checkInvokePermissions(ps *pass) {
	for _, p := range ps.project.Permissions {
		if p == nil || !p.Principal.Known() {
			continue
		}
		// A function URL's permission is principal "*" by design; SLS501 reports a public URL.
		if p.Action.Known() && strings.EqualFold(p.Action.Value, "lambda:InvokeFunctionUrl") {
			continue
		}
		target := p.Function
		if target == "" {
			target = "its function"
		}
		principal := strings.TrimSpace(p.Principal.Value)
		switch {
		case principal == "*":
			ps.report(rules.PublicInvokePermission, where(p.Principal, p.At), fmt.Sprintf(
				"permission %s lets principal \"*\" invoke %s\nany AWS account can call it, billed to you; name the "+
					"calling service or account as the principal and set SourceArn.", p.ID, target))
		case isServicePrincipal(principal) && !p.SourceArn.IsSet() && !p.SourceAccount.IsSet():
			ps.report(rules.PublicInvokePermission, where(p.Principal, p.At), fmt.Sprintf(
				"permission %s lets %s invoke %s from any account's resources\nwithout SourceArn or SourceAccount, "+
					"another account's %s resource can trigger it (the confused-deputy problem); set SourceArn to your resource.",
				p.ID, principal, target, serviceOf(principal)))
		}
	}
}

func isServicePrincipal(p string) bool {
	_, ok := servicePrincipal(p)
	return ok
}

// serviceOf names a service principal's service for a message ("S3" for
// "s3.amazonaws.com").
func serviceOf(principal string) string {
	svc, _ := servicePrincipal(principal)
	if name, ok := asyncServices[svc]; ok {
		return name
	}
	return svc
}

// SLS503: API routes that anyone can call.
func checkAPIAuthorization(ps *pass) {
	for _, api := range ps.project.APIs {
		if api == nil {
			continue
		}
		for _, r := range api.Routes {
			if r == nil || (r.Method.Known() && strings.EqualFold(r.Method.Value, "OPTIONS")) || routeAuthorized(api, r) {
				continue
			}
			lacks := "has no authorizer and requires no API key"
			fix := setting{
				"an authorizer (SAM Auth.DefaultAuthorizer or the method's AuthorizationType) or ApiKeyRequired",
				`an authorization other than "NONE" or api_key_required = true`,
				"an authorizer or private: true",
			}
			if api.Kind == model.HTTPAPI {
				lacks = "has no authorizer" // HTTP APIs have no API keys
				fix = setting{
					"an authorizer (SAM Auth.DefaultAuthorizer or the route's AuthorizationType)",
					`an authorization_type (JWT, AWS_IAM or CUSTOM)`,
					"an authorizer",
				}
			}
			target := ""
			if r.Function != "" {
				target = " and invoke function " + r.Function
			}
			ps.report(rules.APINoAuthorization, where(r.AuthorizationType, r.At), fmt.Sprintf(
				"route %s of %s %s %s\nanyone who finds the URL can call it%s, "+
					"billed per request; add %s, or suppress with a reason if it is public on purpose.",
				routeName(r), apiKindName(api.Kind), api.ID, lacks, target, fix.in(ps.project)))
		}
	}
}

// routeAuthorized reports whether a route has, or may have, an authorizer or API key.
func routeAuthorized(api *model.API, r *model.Route) bool {
	none := func(a model.Attr[string]) bool {
		return a.Known() && (a.Value == "" || strings.EqualFold(a.Value, "NONE"))
	}
	if r.AuthorizationType.IsSet() && !none(r.AuthorizationType) {
		return true
	}
	if r.Authorizer.IsSet() && !none(r.Authorizer) {
		return true
	}
	if setOrUnknown(r.APIKeyRequired) || setOrUnknown(r.Private) {
		return true
	}
	// An authorization written as NONE on the route (SAM's Auth.Authorizer: NONE on an
	// event) opts it out of the API's default authorizer; see model.Route.
	optedOut := r.Authorizer.Origin == model.Explicit && none(r.Authorizer) ||
		r.AuthorizationType.Origin == model.Explicit && none(r.AuthorizationType)
	if !optedOut && api.DefaultAuthorizer.IsSet() && !none(api.DefaultAuthorizer) {
		return true
	}
	return setOrUnknown(api.APIKeyRequired)
}

func routeName(r *model.Route) string {
	m, p := "ANY", "?"
	if r.Method.Known() && r.Method.Value != "" {
		m = strings.ToUpper(r.Method.Value)
	}
	if r.Path.Known() && r.Path.Value != "" {
		p = r.Path.Value
	}
	return m + " " + p
}

// secretWords are the name parts (of an environment variable split at "_", "-" and ".")
// that say the variable holds a secret; secretPairs are two-part ones ("API_KEY").
var (
	secretWords = map[string]bool{
		"password": true, "passwd": true, "pass": true, "pwd": true, "passphrase": true,
		"secret": true, "token": true, "apikey": true, "privatekey": true, "accesskey": true,
		"credential": true, "credentials": true, "authkey": true, "signingkey": true,
	}
	secretPairs = map[[2]string]bool{
		{"api", "key"}: true, {"private", "key"}: true, {"access", "key"}: true, {"auth", "key"}: true,
		{"signing", "key"}: true, {"encryption", "key"}: true, {"session", "key"}: true, {"master", "key"}: true,
		{"client", "key"}: true,
	}
	// referenceWords are name parts that say the variable names or configures a secret
	// rather than holding it: SECRET_ARN, TOKEN_TABLE, PASSWORD_PARAMETER, TOKEN_TTL.
	referenceWords = map[string]bool{
		"arn": true, "name": true, "names": true, "id": true, "param": true, "parameter": true, "ssm": true,
		"path": true, "table": true, "url": true, "uri": true, "endpoint": true, "host": true, "port": true,
		"ttl": true, "expiry": true, "expires": true, "expiration": true, "lifetime": true, "length": true,
		"header": true, "issuer": true, "audience": true, "region": true, "enabled": true, "enable": true,
		"cache": true, "size": true, "timeout": true, "version": true, "file": true, "location": true,
		"bucket": true, "queue": true, "topic": true, "type": true, "field": true, "algorithm": true,
		"prefix": true, "ref": true, "provider": true, "kms": true, "store": true, "extension": true, "mode": true,
		"stage": true, "format": true, "scope": true, "scopes": true, "duration": true,
	}
	accessKeyPattern = regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`)
)

// secretName reports whether an environment variable's name says it holds a secret.
func secretName(name string) bool {
	parts := nameParts(name)
	secret := false
	for i, p := range parts {
		if referenceWords[p] {
			return false
		}
		if secretWords[p] || (i+1 < len(parts) && secretPairs[[2]string{p, parts[i+1]}]) {
			secret = true
		}
	}
	return secret
}

// nameParts splits a variable name into lower-case words at "_", "-", "." and camelCase
// boundaries: "DB_PASSWORD" and "dbPassword" both give "db", "password".
func nameParts(name string) []string {
	var parts []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, strings.ToLower(cur.String()))
			cur.Reset()
		}
	}
	prevLower := false
	for _, r := range name {
		switch {
		case r == '_' || r == '-' || r == '.' || r == ' ':
			flush()
			prevLower = false
			continue
		case unicode.IsUpper(r) && prevLower:
			flush()
		}
		cur.WriteRune(r)
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	flush()
	return parts
}

// literalSecretValue reports whether a value could be a secret written in the template: not
// empty, not a number or boolean, not an ARN or a parameter path.
func literalSecretValue(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" || strings.HasPrefix(v, "arn:") || strings.HasPrefix(v, "/") ||
		strings.Contains(v, "{{resolve:") || strings.Contains(v, "${") {
		return false
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return false
	}
	if _, err := strconv.ParseBool(v); err == nil {
		return false
	}
	return true
}

// placeholderWords are values that stand in for a secret to be filled in, compared with
// separators removed and in lower case.
var placeholderWords = map[string]bool{
	"changeme": true, "replaceme": true, "todo": true, "tbd": true, "placeholder": true, "dummy": true,
	"example": true, "none": true, "null": true, "nil": true, "undefined": true, "secret": true,
	"password": true, "token": true, "apikey": true, "redacted": true, "notset": true, "unset": true,
}

// placeholderValue reports whether a value is an obvious stand-in rather than a secret: the
// variable's own name ("SlackToken" for SLACK_TOKEN), one character repeated ("xxxx",
// "****"), a value in angle brackets ("<token>"), "your…" or "replace…", or a word such as
// "changeme". Sample templates are full of them, and reporting them teaches users to ignore
// the rule.
func placeholderValue(name, v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return true
	}
	if strings.HasPrefix(v, "<") && strings.HasSuffix(v, ">") {
		return true
	}
	if len(v) > 1 && strings.Trim(v, v[:1]) == "" {
		return true
	}
	if maskedKey(v) || awsExampleKey(v) {
		return true
	}
	norm := strings.Join(nameParts(v), "")
	if norm == strings.Join(nameParts(name), "") || placeholderWords[norm] {
		return true
	}
	return strings.HasPrefix(norm, "your") || strings.HasPrefix(norm, "replace")
}

// maskedKey reports whether a value is a vendor's key prefix followed by a run of X's (or
// *'s) standing in for the key's random part — sk_live_XXXXXXXXXXXX, AIzaXXXXXXXXXXXXXXXX,
// xoxb-XXXX-XXXX, AKIAXXXXXXXXXXXXXXXX — as samples and READMEs write a key to be filled in.
// At least four X's, at least as many as the characters before them, and a prefix of at
// most 12 characters: a real key has no such run.
func maskedKey(v string) bool {
	i, xs := len(v), 0
	for ; i > 0; i-- {
		switch v[i-1] {
		case 'X', 'x', '*':
			xs++
			continue
		case '-', '_', '.':
			continue
		}
		break
	}
	return xs >= 4 && i <= 12 && xs >= i
}

// awsExampleKey reports whether a value is one of the example credentials of AWS's
// documentation (AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, ...): they
// end in EXAMPLE or EXAMPLEKEY and unlock nothing.
func awsExampleKey(v string) bool {
	return strings.HasSuffix(v, "EXAMPLE") || strings.HasSuffix(v, "EXAMPLEKEY")
}

// SLS505: secrets written into functions' environment variables.
func checkSecretEnv(ps *pass) {
	for _, f := range ps.functions() {
		for _, e := range f.Environment {
			v := e.Value
			if !v.Known() || v.Secret || v.Ref != "" {
				continue // a secret reference, a NoEcho parameter, a resource's name or ARN
			}
			at := where(v, f.At)
			if k := accessKeyPattern.FindString(v.Value); k != "" && !awsExampleKey(k) && !maskedKey(k) {
				ps.reportFunction(rules.PlaintextSecretEnv, rules.PlaintextSecretEnv.Level, at, f.ID, func(s subject) string {
					return fmt.Sprintf(
						"environment variable %s of %s holds what looks like an AWS access key ID (%s…)\nlong-lived "+
							"keys in a template end up in version control and in every console view of the function; remove it and "+
							"let the function's execution role grant the access.", e.Name, s, k[:4])
				})
				continue
			}
			if secretName(e.Name) && literalSecretValue(v.Value) && !placeholderValue(e.Name, v.Value) {
				ps.reportFunction(rules.PlaintextSecretEnv, rules.PlaintextSecretEnv.Level, at, f.ID, func(s subject) string {
					return fmt.Sprintf(
						"environment variable %s of %s is set to a literal value\na secret in a template ends up in "+
							"version control and is readable by anyone who can read the function's configuration; keep it in "+
							"Secrets Manager or SSM Parameter Store and pass a reference (a dynamic reference, a NoEcho parameter, "+
							"a sensitive variable or the secret's ARN).", e.Name, s)
				})
			}
		}
	}
}

// hasKMSKey reports whether a KMS key setting names a key, or may: written and not known
// to be empty. An empty KmsMasterKeyId (often a parameter's "" default that turns
// encryption off) is no key.
func hasKMSKey(a model.Attr[string]) bool {
	return a.IsSet() && (!a.Known() || strings.TrimSpace(a.Value) != "")
}

// SLS506: SNS topics without a KMS key and SQS queues with server-side encryption off.
func checkMessagingEncryption(ps *pass) {
	for _, t := range ps.project.Topics {
		if t == nil || hasKMSKey(t.KMSKey) {
			continue
		}
		what := "has no KMS key"
		if t.KMSKey.Known() {
			what = "has an empty KMS key, which is no key"
		}
		ps.report(rules.UnencryptedMessaging, where(t.KMSKey, t.At), fmt.Sprintf(
			"topic %s %s\nits messages are stored without server-side encryption while SNS delivers and retries "+
				"them; set %s (alias/aws/sns, or a customer managed key that the publishing services may use).",
			t.ID, what, settingKMS.in(ps.project)))
	}
	for _, q := range ps.project.Queues {
		if q == nil || hasKMSKey(q.KMSKey) || !q.ManagedSSE.Known() || q.ManagedSSE.Value {
			continue
		}
		ps.report(rules.UnencryptedMessaging, where(q.ManagedSSE, q.At), fmt.Sprintf(
			"queue %s turns server-side encryption off\nmessages wait unencrypted for up to the retention period; set %s.",
			q.ID, settingManagedSSE.in(ps.project)))
	}
}

// SLS507: a deprecated runtime.
func checkRuntimes(ps *pass) {
	for _, f := range ps.functions() {
		if !f.Runtime.Known() {
			continue
		}
		date, ok := deprecation(f.Runtime.Value)
		if !ok || ps.today.Before(date) {
			continue
		}
		rt := strings.ToLower(f.Runtime.Value)
		var advice string
		switch {
		case rt == "go1.x":
			advice = "build the handler as a binary named bootstrap (GOOS=linux GOARCH=arm64 -tags lambda.norpc) and use provided.al2023"
		case isOSOnlyRuntime(rt):
			advice = "use provided.al2023"
		default:
			if next := newestRuntime(runtimeFamily(rt), ps.today); next != "" {
				advice = "move to " + next
			} else {
				advice = "move to a supported runtime"
			}
		}
		ps.reportFunction(rules.DeprecatedRuntime, rules.DeprecatedRuntime.Level, where(f.Runtime, f.At), f.ID, func(s subject) string {
			return fmt.Sprintf(
				"%s %s runtime %s, deprecated on %s\nit gets no security patches, and Lambda then blocks creating and "+
					"updating functions that use it, so a fix cannot be deployed; %s.",
				s, s.verb("uses", "use"), f.Runtime.Value, date.Format("2006-01-02"), advice)
		})
	}
}

// publicActions are the queue and topic actions that a policy must not grant to everyone.
var publicActions = []string{"sqs:SendMessage", "sqs:ReceiveMessage", "sns:Publish", "sns:Subscribe"}

// SLS508: queue and topic policies that let anyone send, receive, publish or subscribe.
func checkResourcePolicies(ps *pass) {
	check := func(kind, id string, policy []*model.Statement) {
		for _, st := range policy {
			if !allows(st) || st.HasCondition {
				continue
			}
			var public *model.Attr[string]
			for i, p := range st.Principals {
				if p.Known() && isEveryone(p.Value) {
					public = &st.Principals[i]
					break
				}
			}
			if public == nil {
				continue
			}
			var granted []string
			for _, a := range publicActions {
				if _, ok := grantingAction(st, a); ok {
					granted = append(granted, a)
				}
			}
			if len(granted) == 0 {
				continue
			}
			at := public.At
			if at.IsZero() {
				at = st.At
			}
			ps.report(rules.PublicResourcePolicy, at, fmt.Sprintf(
				"the policy of %s %s allows principal \"*\" %s without a condition\nany AWS account can inject or read "+
					"messages that your functions trust; name the principals, or add a Condition on aws:SourceArn, "+
					"aws:SourceAccount or aws:PrincipalOrgID.", kind, id, strings.Join(granted, ", ")),
				Related{At: st.At, Message: "statement"})
		}
	}
	for _, q := range ps.project.Queues {
		if q != nil {
			check("queue", q.ID, q.Policy)
		}
	}
	for _, t := range ps.project.Topics {
		if t != nil {
			check("topic", t.ID, t.Policy)
		}
	}
}

// isEveryone reports whether a principal value means everyone.
func isEveryone(p string) bool {
	p = strings.TrimSpace(p)
	return p == "*" || p == "arn:aws:iam::*:root"
}

// SLS509: CORS that allows any origin together with credentials.
func checkCORS(ps *pass) {
	check := func(c *model.CORS, what string) {
		if c == nil || !isTrue(c.AllowCredentials) || !c.AllowOrigins.Known() {
			return
		}
		if slices.ContainsFunc(c.AllowOrigins.Value, anyOrigin) {
			ps.report(rules.CORSWildcardCredentials, where(c.AllowCredentials, c.At), corsMessage(what),
				Related{At: where(c.AllowOrigins, c.At), Message: "allowed origins"})
		}
	}
	for _, api := range ps.project.APIs {
		if api != nil {
			check(api.CORS, "API "+api.ID)
		}
	}
	for _, u := range ps.functionURLs() {
		c := u.CORS
		if c == nil || !isTrue(c.AllowCredentials) || !c.AllowOrigins.Known() || !slices.ContainsFunc(c.AllowOrigins.Value, anyOrigin) {
			continue
		}
		ps.reportFunction(rules.CORSWildcardCredentials, rules.CORSWildcardCredentials.Level, where(c.AllowCredentials, c.At), u.name,
			func(s subject) string { return corsMessage(s.verb("the URL of ", "the URLs of ") + s.String()) },
			Related{At: where(c.AllowOrigins, c.At), Message: "allowed origins"})
	}
}

// anyOrigin reports whether an allowed origin is "*" (SAM quotes it: "'*'").
func anyOrigin(o string) bool { return strings.Trim(strings.TrimSpace(o), `'"`) == "*" }

func corsMessage(what string) string {
	return fmt.Sprintf("the CORS configuration of %s allows origin \"*\" together with credentials\nbrowsers refuse the "+
		"combination, so credentialed calls fail, and the usual fix of reflecting any origin lets every site act "+
		"with your users' cookies; list the allowed origins.", what)
}

// SLS504: overly permissive function role policies.
func checkIAM(ps *pass) {
	for _, f := range ps.functions() {
		for _, p := range ps.policiesOf(f) {
			ps.checkManagedPolicy(f, p)
			ps.checkTemplatePolicy(f, p)
			for _, st := range p.Statements {
				if allows(st) {
					ps.checkStatement(f, st)
				}
			}
		}
	}
}

// reportPolicy reports an SLS504 finding about function id's role once per position,
// naming every function whose role shares it.
func (ps *pass) reportPolicy(at model.Range, id string, msg func(subject) string) {
	ps.reportFunction(rules.OverlyPermissiveIAM, rules.OverlyPermissiveIAM.Level, at, id, msg)
}

// broadManagedPolicy reports whether an AWS managed policy (its ARN or, in SAM and the
// Serverless Framework, its bare name) grants administrator, power-user or full access.
func broadManagedPolicy(arn string) (string, bool) {
	name := arn
	if strings.HasPrefix(arn, "arn:") {
		// Only AWS managed policies: arn:<partition>:iam::aws:policy/[path/]Name.
		if !strings.Contains(arn, ":iam::aws:policy/") {
			return "", false
		}
		name = arn[strings.LastIndexByte(arn, '/')+1:]
	} else if strings.Contains(arn, "/") || strings.Contains(arn, ":") {
		return "", false
	}
	switch {
	case name == "AdministratorAccess", name == "PowerUserAccess", strings.HasSuffix(name, "FullAccess"):
		return name, true
	}
	return "", false
}

func (ps *pass) checkManagedPolicy(f *model.Function, p *model.Policy) {
	if p.Template || !p.ManagedARN.Known() {
		return
	}
	name, broad := broadManagedPolicy(strings.TrimSpace(p.ManagedARN.Value))
	if !broad {
		return
	}
	ps.reportPolicy(where(p.ManagedARN, p.At), f.ID, func(s subject) string {
		return fmt.Sprintf("the role of %s has the AWS managed policy %s\na bug or an injected input in the function can "+
			"then do anything that policy allows across the account; grant only the actions and resources the function uses.",
			s, name)
	})
}

func (ps *pass) checkTemplatePolicy(f *model.Function, p *model.Policy) {
	name := templateName(p)
	tpl, ok := samTemplates[name]
	if !ok || !tpl.broad || !p.TemplateResource.Known() || strings.TrimSpace(p.TemplateResource.Value) != "*" {
		return
	}
	ps.reportPolicy(where(p.TemplateResource, p.At), f.ID, func(s subject) string {
		return fmt.Sprintf("policy template %s of %s is given \"*\" as its resource\nit grants write and delete actions on "+
			"every such resource of the account; name the one resource the function uses.", name, s)
	})
}

func (ps *pass) checkStatement(f *model.Function, st *model.Statement) {
	for _, a := range st.Actions {
		if !a.Known() || !isFullWildcard(strings.TrimSpace(a.Value)) {
			continue
		}
		what := "every action of every service"
		if a.Value != "*" {
			what = "every " + strings.TrimSuffix(a.Value, ":*") + " action, including deletes and permission changes"
		}
		ps.reportPolicy(where(a, st.At), f.ID, func(s subject) string {
			return fmt.Sprintf("a statement of the role of %s allows Action %q, %s\na bug or an injected input can do far "+
				"more than the function needs; list the actions it uses.", s, a.Value, what)
		})
	}
	var wildcard *model.Attr[string]
	for i, r := range st.Resources {
		if r.Known() && strings.TrimSpace(r.Value) == "*" {
			wildcard = &st.Resources[i]
			break
		}
	}
	if wildcard == nil {
		return
	}
	var writes []string
	for _, a := range st.Actions {
		if a.Known() && !isFullWildcard(a.Value) && isWriteAction(strings.TrimSpace(a.Value)) {
			writes = append(writes, a.Value)
		}
	}
	if len(writes) == 0 {
		return
	}
	list := strings.Join(writes, ", ")
	if len(writes) > 3 {
		list = strings.Join(writes[:3], ", ") + fmt.Sprintf(" and %d more", len(writes)-3)
	}
	ps.reportPolicy(where(*wildcard, st.At), f.ID, func(s subject) string {
		return fmt.Sprintf("a statement of the role of %s allows %s on Resource \"*\"\nthe function can change or delete "+
			"every such resource of the account, not just its own; name the resources (their ARNs or references).", s, list)
	})
}
