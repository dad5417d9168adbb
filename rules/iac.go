package rules

// IaC rules: reported by the checks under iac/checks against the provider-neutral model.
var iacRules = []*Rule{}
