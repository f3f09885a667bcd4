package cairn.guardrails_test

code_only := {"code": {"repositoryUrl": "https://git.example.com/ml/ranker.git", "commit": "0123456789abcdef0123456789abcdef01234567"}}

test_complete_provenance_passes if {
	r := check("provenance", good_evidence, "CRITICAL", "PRODUCTION")
	r.passed
	r.explanation == "Provenance has everything CRITICAL → PRODUCTION requires (codeReference, containerDigest, datasetChecksums)"
}

test_code_reference_is_enough_for_medium_staging_only if {
	evidence := evidence_with("provenance", code_only)
	check("provenance", evidence, "MEDIUM", "STAGING").passed
	r := check("provenance", evidence, "MEDIUM", "PRODUCTION")
	not r.passed
	r.explanation == "Provenance incomplete for MEDIUM → PRODUCTION: no container image digest; no datasets listed"
	high := check("provenance", evidence, "HIGH", "STAGING")
	not high.passed
}

test_missing_commit_is_named if {
	evidence := evidence_with("provenance", {"code": {"repositoryUrl": "https://git.example.com/ml/ranker.git"}})
	r := check("provenance", evidence, "LOW", "STAGING")
	not r.passed
	r.explanation == "Provenance incomplete for LOW → STAGING: no commit for the code"
}

test_no_provenance_at_all if {
	r := check("provenance", object.remove(good_evidence, ["provenance"]), "LOW", "STAGING")
	not r.passed
	contains(r.explanation, "no code reference (repository URL and commit)")
}

test_dataset_without_checksum_is_named if {
	p := object.union(code_only, {
		"containerImage": {"digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111"},
		"datasets": [
			{"name": "tickets-2026", "sha256": "2222222222222222222222222222222222222222222222222222222222222222"},
			{"uri": "s3://data/holdout.parquet"},
			{"sha256": null},
		],
	})
	r := check("provenance", evidence_with("provenance", p), "HIGH", "PRODUCTION")
	not r.passed
	r.explanation == "Provenance incomplete for HIGH → PRODUCTION: no sha256 checksum for s3://data/holdout.parquet, dataset #3"
}
