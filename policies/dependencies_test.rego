package cairn.guardrails_test

test_clean_dependencies_pass if {
	r := check("dependencies", good_evidence, "LOW", "STAGING")
	r.passed
	r.explanation == "None of the 2 dependencies is on the deny-list"
}

test_bare_name_denies_every_version if {
	deps := [{"name": "numpy", "version": "2.1.0"}, {"name": "Pickle5", "version": "0.0.12"}]
	r := check("dependencies", evidence_with("dependencies", deps), "LOW", "STAGING")
	not r.passed
	r.explanation == "1 dependency is on the deny-list: Pickle5@0.0.12 (denied: pickle5)"
}

test_name_at_version_denies_only_that_version if {
	bad := [{"name": "torch", "version": "1.13.0"}, {"name": "ctx", "version": "0.1"}]
	r := check("dependencies", evidence_with("dependencies", bad), "HIGH", "PRODUCTION")
	not r.passed
	r.explanation == "2 dependencies are on the deny-list: ctx@0.1 (denied: ctx), torch@1.13.0 (denied: torch@1.13.0)"
	check("dependencies", evidence_with("dependencies", [{"name": "torch", "version": "1.13.1"}]), "HIGH", "PRODUCTION").passed
}

test_scoped_npm_names_match if {
	denying := object.union(data.guardrails, {"defaults": {"dependencies": {"deny": ["@evil/pkg@1.0.0"]}}})
	deps := [{"name": "@evil/pkg", "version": "1.0.0"}]
	not check("dependencies", evidence_with("dependencies", deps), "LOW", "STAGING").passed with data.guardrails as denying
	other := [{"name": "@evil/pkg", "version": "1.0.1"}]
	check("dependencies", evidence_with("dependencies", other), "LOW", "STAGING").passed with data.guardrails as denying
}
