package cloudformation

import (
	"github.com/slslint/slslint/iac/model"
)

// logGroup declares an AWS::Logs::LogGroup, or the CDK's Custom::LogRetention that sets a
// function log group's retention.
func (b *builder) logGroup(r *resource) {
	lg := &model.LogGroup{
		Resource:      b.header(r, "LogGroupName"),
		RetentionDays: b.tp.integer(r.props.get("RetentionInDays"), r.key.rng, "RetentionInDays"),
	}
	b.logGroups[r.id] = lg
	b.p.LogGroups = append(b.p.LogGroups, lg)
}

// alarm declares an AWS::CloudWatch::Alarm; its function is found once all are declared.
func (b *builder) alarm(r *resource) {
	a := &model.Alarm{
		Resource:   b.header(r, "AlarmName"),
		Namespace:  b.tp.str(r.props.get("Namespace"), r.key.rng),
		MetricName: b.tp.str(r.props.get("MetricName"), r.key.rng),
	}
	if !a.MetricName.IsSet() {
		// A metric math alarm: the first metric with a FunctionName dimension.
		for _, m := range b.tp.items(r.props.get("Metrics")) {
			metric := b.tp.obj(b.tp.obj(m, "MetricStat"), "Metric")
			if metric != nil && functionDimension(b.tp, metric.get("Dimensions")) != nil {
				a.Namespace = b.tp.str(metric.get("Namespace"), r.key.rng)
				a.MetricName = b.tp.str(metric.get("MetricName"), r.key.rng)
				break
			}
		}
	}
	b.p.Alarms = append(b.p.Alarms, a)
	b.alarmRes[a] = r
}

// functionDimension returns the value of a FunctionName dimension.
func functionDimension(tp *template, dims *node) *node {
	for _, d := range tp.items(dims) {
		if tp.str(d.get("Name"), d.rng).Value == "FunctionName" {
			return d.get("Value")
		}
	}
	return nil
}

func (b *builder) linkAlarms() {
	for _, a := range b.p.Alarms {
		r := b.alarmRes[a]
		if r == nil {
			continue // declared by another loader
		}
		dim := functionDimension(b.tp, r.props.get("Dimensions"))
		if dim == nil {
			for _, m := range b.tp.items(r.props.get("Metrics")) {
				metric := b.tp.obj(b.tp.obj(m, "MetricStat"), "Metric")
				if d := functionDimension(b.tp, metric.get("Dimensions")); d != nil {
					dim = d
					break
				}
			}
		}
		if dim != nil {
			a.Function = b.functionOf(b.tp.str(dim, r.key.rng))
		}
	}
}

// linkLogGroups finds each function's log group: the one its LoggingConfig names, else
// the one named /aws/lambda/<function name>.
func (b *builder) linkLogGroups() {
	for _, f := range b.p.Functions {
		r := b.fnRes[f.ID]
		if r == nil {
			continue // declared by another loader, which finds its log group
		}
		var lg *model.LogGroup
		if n := b.tp.obj(r.props, "LoggingConfig").get("LogGroup"); n != nil {
			a := b.tp.str(n, r.key.rng)
			lg = b.logGroups[a.Ref]
			if lg == nil && a.Known() {
				lg = b.logGroupNamed(a.Value)
			}
			if lg == nil {
				// Logs go to a group this template does not manage: its retention is
				// unknown here.
				f.LogGroup = a
				f.LogRetentionDays = model.Unresolved[int](n.rng)
				continue
			}
		}
		if lg == nil {
			lg = b.defaultLogGroup(f)
		}
		if lg == nil {
			continue
		}
		f.LogGroup = model.Attr[string]{Value: lg.ID, Origin: model.Explicit, At: lg.At, Ref: lg.ID}
		f.LogRetentionDays = lg.RetentionDays
	}
}

func (b *builder) logGroupNamed(name string) *model.LogGroup {
	for _, lg := range b.p.LogGroups {
		if lg.Name.Known() && lg.Name.Value == name {
			return lg
		}
	}
	return nil
}

// defaultLogGroup finds the log group named /aws/lambda/<name>: by the function's known
// name, or by a name built from a reference to the function
// (!Sub /aws/lambda/${Fn}, Fn::Join ["", ["/aws/lambda/", !Ref Fn]]).
func (b *builder) defaultLogGroup(f *model.Function) *model.LogGroup {
	if f.Name.Known() {
		if lg := b.logGroupNamed("/aws/lambda/" + f.Name.Value); lg != nil {
			return lg
		}
	}
	for _, r := range b.tp.order {
		lg := b.logGroups[r.id]
		if lg == nil || lg.Name.Known() {
			continue
		}
		shape := b.tp.eval(r.props.get("LogGroupName")).s
		if shape == "/aws/lambda/${"+f.ID+"}" {
			return lg
		}
	}
	return nil
}
