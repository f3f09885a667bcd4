package cairn.guardrails_test

test_trusted_valid_signature_passes if {
	r := check("signature", good_evidence, "CRITICAL", "PRODUCTION")
	r.passed
	r.explanation == "The manifest signature by key team-ml-2026 verifies and the key is trusted"
}

test_unsigned_fails if {
	r := check("signature", evidence_with("signature", {"present": false, "valid": false, "trusted": false}), "LOW", "STAGING")
	not r.passed
	r.explanation == "The manifest is not signed; LOW → STAGING requires a signature"
	not check("signature", object.remove(good_evidence, ["signature"]), "LOW", "STAGING").passed
}

test_invalid_signature_fails if {
	s := {"present": true, "valid": false, "keyId": "team-ml-2026", "trusted": true}
	r := check("signature", evidence_with("signature", s), "MEDIUM", "STAGING")
	not r.passed
	r.explanation == "The manifest signature by key team-ml-2026 does not verify"
}

test_untrusted_key_fails if {
	s := {"present": true, "valid": true, "keyId": "laptop", "trusted": false}
	r := check("signature", evidence_with("signature", s), "HIGH", "PRODUCTION")
	not r.passed
	r.explanation == "The manifest signature verifies, but key laptop is not trusted; HIGH → PRODUCTION requires a trusted key"
}

test_untrusted_key_says_why if {
	s := {"present": true, "valid": true, "keyId": "pipeline", "trusted": false, "detail": "revoked from 2026-06-01"}
	r := check("signature", evidence_with("signature", s), "LOW", "STAGING")
	not r.passed
	r.explanation == "The manifest signature verifies, but key pipeline is not trusted (revoked from 2026-06-01); LOW → STAGING requires a trusted key"
	broken := object.union(s, {"valid": false, "detail": "signature: does not match"})
	b := check("signature", evidence_with("signature", broken), "LOW", "STAGING")
	b.explanation == "The manifest signature by key pipeline does not verify (signature: does not match)"
}

test_settings_can_relax_the_signature if {
	relaxed := object.union(data.guardrails, {"tiers": {"LOW": {"signature": {"required": false, "requireTrusted": false}}}})
	unsigned := evidence_with("signature", {"present": false})
	r := check("signature", unsigned, "LOW", "STAGING") with data.guardrails as relaxed
	r.passed
	r.explanation == "A signature is not required for LOW → STAGING"
	untrusted := evidence_with("signature", {"present": true, "valid": true, "trusted": false})
	u := check("signature", untrusted, "LOW", "STAGING") with data.guardrails as relaxed
	u.passed
	u.explanation == "The manifest signature by an unidentified key verifies (the key is not trusted, which is allowed here)"

	# An invalid signature never passes, required or not.
	invalid := evidence_with("signature", {"present": true, "valid": false, "trusted": true})
	not check("signature", invalid, "LOW", "STAGING").passed with data.guardrails as relaxed
	not check("signature", unsigned, "MEDIUM", "STAGING").passed with data.guardrails as relaxed
}
