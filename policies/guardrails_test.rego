package cairn.guardrails_test

import data.cairn.guardrails

test_good_evidence_passes_everywhere if {
	every tier in tiers {
		every stage in stages {
			guardrails.allow with input as request(good_evidence, tier, stage)
		}
	}
}

test_every_check_reports_once if {
	names := [r.check | some r in guardrails.results] with input as request(good_evidence, "HIGH", "PRODUCTION")
	names == ["modelCard", "provenance", "signature", "metrics", "sensitiveData", "license", "dependencies"]
}

test_one_failing_check_denies if {
	evidence := evidence_with("license", "GPL-3.0-only")
	not guardrails.allow with input as request(evidence, "LOW", "STAGING")
	d := guardrails.decision with input as request(evidence, "LOW", "STAGING")
	d.allow == false
	[r.check | some r in d.results; not r.passed] == ["license"]
}

test_empty_evidence_fails_without_errors if {
	d := guardrails.decision with input as request({}, "MEDIUM", "STAGING")
	d.allow == false
	count(d.results) == 7
}

test_layers_apply_in_order if {
	layered := {
		"defaults": {"modelCard": {"fields": ["a"], "minCompleteness": 0.1, "requiredFields": []}, "licenses": {"allow": ["MIT"]}},
		"stages": {"PRODUCTION": {"modelCard": {"minCompleteness": 0.2}}},
		"tiers": {"HIGH": {"modelCard": {"minCompleteness": 0.3}, "licenses": {"allow": ["Apache-2.0"]}}},
		"tierStages": {"HIGH": {"PRODUCTION": {"modelCard": {"minCompleteness": 0.4}}}},
	}
	s := guardrails.settings with input as request({}, "HIGH", "PRODUCTION") with data.guardrails as layered
	s.modelCard == {"fields": ["a"], "minCompleteness": 0.4, "requiredFields": []}
	s.licenses.allow == ["Apache-2.0"]
	staging := guardrails.settings with input as request({}, "HIGH", "STAGING") with data.guardrails as layered
	staging.modelCard.minCompleteness == 0.3
	low := guardrails.settings with input as request({}, "LOW", "PRODUCTION") with data.guardrails as layered
	low.modelCard.minCompleteness == 0.2
}
