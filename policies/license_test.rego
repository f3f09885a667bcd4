package cairn.guardrails_test

test_allowed_license_passes_case_insensitively if {
	check("license", good_evidence, "HIGH", "PRODUCTION").passed
	r := check("license", evidence_with("license", "apache-2.0"), "HIGH", "PRODUCTION")
	r.passed
	r.explanation == "License apache-2.0 is on the allow-list for HIGH → PRODUCTION"
}

test_license_outside_the_list_fails if {
	r := check("license", evidence_with("license", "GPL-3.0-only"), "LOW", "STAGING")
	not r.passed
	startswith(r.explanation, "License GPL-3.0-only is not on the allow-list for LOW → STAGING (Apache-2.0, BSD-2-Clause")
}

test_missing_license_fails if {
	r := check("license", evidence_with("license", null), "LOW", "STAGING")
	not r.passed
	startswith(r.explanation, "No license is declared; LOW → STAGING allows: ")
	not check("license", object.remove(good_evidence, ["license"]), "LOW", "STAGING").passed
}

test_critical_allow_list_is_narrower if {
	evidence := evidence_with("license", "CC-BY-4.0")
	check("license", evidence, "HIGH", "PRODUCTION").passed
	not check("license", evidence, "CRITICAL", "PRODUCTION").passed
}
