package rules

// Cross-layer rules: reported by checks that read a function's template and its Go code.
var crossRules = []*Rule{}
