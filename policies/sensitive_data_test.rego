package cairn.guardrails_test

test_clean_scan_passes if {
	r := check("sensitiveData", good_evidence, "LOW", "STAGING")
	r.passed
	r.explanation == "The sensitive-data scan is clean"
}

test_findings_fail_and_are_named if {
	scan := {"scanned": true, "findings": [
		{"rule": "secret/aws", "path": "hyperparameters.aws_key"},
		{"rule": "pii/email", "path": "card.limitations"},
	]}
	r := check("sensitiveData", evidence_with("sensitiveData", scan), "LOW", "STAGING")
	not r.passed
	r.explanation == "The sensitive-data scan found 2 problem(s): secret/aws at hyperparameters.aws_key, pii/email at card.limitations"
}

test_missing_scan_fails_when_required if {
	r := check("sensitiveData", evidence_with("sensitiveData", {"scanned": false}), "MEDIUM", "STAGING")
	not r.passed
	r.explanation == "No sensitive-data scan was run; MEDIUM → STAGING requires one"
	relaxed := object.union(data.guardrails, {"tiers": {"LOW": {"sensitiveData": {"requireScan": false}}}})
	check("sensitiveData", object.remove(good_evidence, ["sensitiveData"]), "LOW", "STAGING").passed with data.guardrails as relaxed
}
