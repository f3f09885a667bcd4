# Evaluation metrics: every metric with a threshold must be reported and meet it, and when the
# settings ask for it, no metric with a known direction may be worse than the current
# production version's by more than its tolerance (absolute, in the metric's own units).
package cairn.guardrails

metrics_evidence := input.evidence.metrics if {
	is_object(input.evidence.metrics)
} else := {}

candidate_metrics := object.get(metrics_evidence, "candidate", {})

production_metrics := metrics_evidence.production if {
	is_object(metrics_evidence.production)
}

production_label := sprintf("production version %s", [metrics_evidence.productionVersion]) if {
	given(object.get(metrics_evidence, "productionVersion", null))
} else := "the production version"

metric_rules := settings.metrics.metrics

threshold_problems contains sprintf("%s was not reported (%s)", [name, bound(rule)]) if {
	some name, rule in metric_rules
	is_number(rule.threshold)

	# A ref inside a negated call would be hoisted out of the negation: object.get keeps it in.
	not is_number(object.get(candidate_metrics, name, null))
}

threshold_problems contains sprintf("%s is %v, %s", [name, candidate_metrics[name], bound(rule)]) if {
	some name, rule in metric_rules
	is_number(rule.threshold)
	is_number(candidate_metrics[name])
	not meets_threshold(rule, candidate_metrics[name])
}

threshold_met contains sprintf("%s %v %s %v", [name, candidate_metrics[name], comparator(rule), rule.threshold]) if {
	some name, rule in metric_rules
	meets_threshold(rule, candidate_metrics[name])
}

meets_threshold(rule, value) if {
	rule.direction == "higher"
	value >= rule.threshold
}

meets_threshold(rule, value) if {
	rule.direction == "lower"
	value <= rule.threshold
}

bound(rule) := sprintf("needs at least %v", [rule.threshold]) if rule.direction == "higher"

bound(rule) := sprintf("needs at most %v", [rule.threshold]) if rule.direction == "lower"

comparator(rule) := "≥" if rule.direction == "higher"

comparator(rule) := "≤" if rule.direction == "lower"

check_regression if {
	settings.metrics.checkRegression == true
	production_metrics
}

compared_metrics contains name if {
	check_regression
	some name, _ in metric_rules
	is_number(candidate_metrics[name])
	is_number(production_metrics[name])
}

regression_problems contains sprintf("%s regressed from %v (%s) to %v, beyond the tolerance of %v", [
	name,
	production_metrics[name],
	production_label,
	candidate_metrics[name],
	tolerance(metric_rules[name]),
]) if {
	some name in compared_metrics
	regressed(metric_rules[name], candidate_metrics[name], production_metrics[name])
}

regressed(rule, candidate, production) if {
	rule.direction == "higher"
	candidate < production - tolerance(rule)
}

regressed(rule, candidate, production) if {
	rule.direction == "lower"
	candidate > production + tolerance(rule)
}

tolerance(rule) := object.get(rule, "tolerance", 0)

regression_note := sprintf("regression not checked for %s", [target]) if {
	settings.metrics.checkRegression != true
} else := "no production version to compare against" if {
	not production_metrics
} else := sprintf("nothing in common with %s to compare", [production_label]) if {
	count(compared_metrics) == 0
} else := sprintf("no regression against %s (%s compared)", [production_label, listing(compared_metrics)])

metric_problems := array.concat(sort(threshold_problems), sort(regression_problems))

thresholds_note := "no thresholds apply" if {
	count(threshold_met) == 0
} else := sprintf("thresholds met: %s", [listing(threshold_met)])

metrics := result("metrics", false, sprintf("Evaluation metrics fall short for %s: %s", [
	target,
	concat("; ", metric_problems),
])) if {
	count(metric_problems) > 0
} else := result("metrics", true, sprintf("Evaluation metrics pass for %s: %s; %s", [
	target,
	thresholds_note,
	regression_note,
]))
