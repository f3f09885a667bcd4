package cairn.guardrails_test

half_card := {
	"intendedUse": "Rank support tickets.",
	"limitations": "Short tickets.",
	"assumptions": "English.",
	"owners": [{"name": "Ada"}],
}

test_full_card_passes if {
	r := check("modelCard", good_evidence, "CRITICAL", "PRODUCTION")
	r.passed
	r.explanation == "Model card has 8 of 8 fields (100%), meeting the 100% required for CRITICAL → PRODUCTION"
}

test_half_card_passes_medium_staging_and_names_the_gaps if {
	evidence := evidence_with("modelCard", half_card)
	r := check("modelCard", evidence, "MEDIUM", "STAGING")
	r.passed
	contains(r.explanation, "4 of 8 fields (50%)")
	contains(r.explanation, "still missing: businessUseCases, ethicalConsiderations, evaluationSummary, outOfScopeUses")
}

test_half_card_fails_medium_production if {
	evidence := evidence_with("modelCard", half_card)
	r := check("modelCard", evidence, "MEDIUM", "PRODUCTION")
	not r.passed
	r.explanation == "Model card has 4 of 8 fields (50%), below the 75% required for MEDIUM → PRODUCTION; missing: businessUseCases, ethicalConsiderations, evaluationSummary, outOfScopeUses"
}

test_blank_fields_count_as_missing if {
	card := object.union(half_card, {"intendedUse": "   ", "owners": []})
	evidence := evidence_with("modelCard", card)
	r := check("modelCard", evidence, "MEDIUM", "STAGING")
	not r.passed
	endswith(r.explanation, "missing: businessUseCases, ethicalConsiderations, evaluationSummary, intendedUse, outOfScopeUses, owners")
}

test_required_fields_differ_by_tier if {
	# 6 of 8, but without limitations: enough for MEDIUM, not for HIGH, which requires it.
	card := object.remove(full_card, ["limitations", "ethicalConsiderations"])
	evidence := evidence_with("modelCard", card)
	check("modelCard", evidence, "MEDIUM", "STAGING").passed
	high := check("modelCard", evidence, "HIGH", "STAGING")
	not high.passed
	high.explanation == "Model card has 6 of 8 fields (75%), but required fields are empty: limitations"
}

test_low_staging_accepts_a_quarter_with_owners if {
	card := {"intendedUse": "x", "owners": [{"name": "Ada"}]}
	evidence := evidence_with("modelCard", card)
	check("modelCard", evidence, "LOW", "STAGING").passed
	not check("modelCard", evidence, "MEDIUM", "STAGING").passed
}

test_missing_card_fails if {
	evidence := object.remove(good_evidence, ["modelCard"])
	r := check("modelCard", evidence, "LOW", "STAGING")
	not r.passed
	contains(r.explanation, "0 of 8 fields (0%)")
}
