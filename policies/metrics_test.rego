package cairn.guardrails_test

test_metrics_pass_with_explanation if {
	r := check("metrics", good_evidence, "MEDIUM", "PRODUCTION")
	r.passed
	r.explanation == "Evaluation metrics pass for MEDIUM → PRODUCTION: no thresholds apply; no regression against production version 3 (accuracy, loss compared)"
}

# Thresholds are settings: none by default (not every model reports accuracy), so these tests
# set one, as a deployment would in data.json.
accuracy_threshold := object.union(data.guardrails, {"defaults": {"metrics": {"metrics": {"accuracy": {"threshold": 0.7}}}}})

test_below_threshold_fails if {
	evidence := evidence_with("metrics", {"candidate": {"accuracy": 0.65}})
	r := check("metrics", evidence, "MEDIUM", "STAGING") with data.guardrails as accuracy_threshold
	not r.passed
	r.explanation == "Evaluation metrics fall short for MEDIUM → STAGING: accuracy is 0.65, needs at least 0.7"
}

test_unreported_metric_fails if {
	evidence := evidence_with("metrics", {"candidate": {"loss": 0.1}})
	r := check("metrics", evidence, "LOW", "STAGING") with data.guardrails as accuracy_threshold
	not r.passed
	contains(r.explanation, "accuracy was not reported (needs at least 0.7)")
}

test_critical_production_needs_accuracy if {
	evidence := evidence_with("metrics", {"candidate": {"accuracy": 0.85}})
	check("metrics", evidence, "HIGH", "PRODUCTION").passed
	check("metrics", evidence, "CRITICAL", "STAGING").passed
	r := check("metrics", evidence, "CRITICAL", "PRODUCTION")
	not r.passed
	contains(r.explanation, "accuracy is 0.85, needs at least 0.9")
}

test_regression_beyond_tolerance_fails_in_production if {
	m := {"candidate": {"accuracy": 0.9, "loss": 0.3}, "production": {"accuracy": 0.93, "loss": 0.25}, "productionVersion": "7"}
	evidence := evidence_with("metrics", m)

	# Staging does not compare with production.
	staging := check("metrics", evidence, "MEDIUM", "STAGING")
	staging.passed
	contains(staging.explanation, "regression not checked for MEDIUM → STAGING")
	r := check("metrics", evidence, "MEDIUM", "PRODUCTION")
	not r.passed
	r.explanation == concat("", [
		"Evaluation metrics fall short for MEDIUM → PRODUCTION: ",
		"accuracy regressed from 0.93 (production version 7) to 0.9, beyond the tolerance of 0.01; ",
		"loss regressed from 0.25 (production version 7) to 0.3, beyond the tolerance of 0.02",
	])
}

test_regression_within_tolerance_passes if {
	m := {"candidate": {"accuracy": 0.935}, "production": {"accuracy": 0.94}}
	r := check("metrics", evidence_with("metrics", m), "HIGH", "PRODUCTION")
	r.passed
	contains(r.explanation, "no regression against the production version (accuracy compared)")
}

test_critical_tolerates_no_regression_even_in_staging if {
	m := {"candidate": {"accuracy": 0.935}, "production": {"accuracy": 0.94}}
	r := check("metrics", evidence_with("metrics", m), "CRITICAL", "STAGING")
	not r.passed
	contains(r.explanation, "accuracy regressed from 0.94 (the production version) to 0.935, beyond the tolerance of 0")
}

test_lower_is_better_threshold if {
	strict := object.union(data.guardrails, {"defaults": {"metrics": {"metrics": {"latency_p95_ms": {"threshold": 200}}}}})
	fast := evidence_with("metrics", {"candidate": {"accuracy": 0.9, "latency_p95_ms": 150}})
	check("metrics", fast, "LOW", "STAGING").passed with data.guardrails as strict
	slow := evidence_with("metrics", {"candidate": {"accuracy": 0.9, "latency_p95_ms": 250}})
	r := check("metrics", slow, "LOW", "STAGING") with data.guardrails as strict
	not r.passed
	r.explanation == "Evaluation metrics fall short for LOW → STAGING: latency_p95_ms is 250, needs at most 200"
}

test_first_production_version_has_nothing_to_regress_against if {
	r := check("metrics", evidence_with("metrics", {"candidate": {"accuracy": 0.9}}), "HIGH", "PRODUCTION")
	r.passed
	contains(r.explanation, "no production version to compare against")
}
