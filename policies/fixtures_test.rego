# Evidence that passes every check at every tier and stage with the checked-in data.json;
# each test changes only what it is about.
package cairn.guardrails_test

full_card := {
	"intendedUse": "Rank support tickets by urgency.",
	"outOfScopeUses": "Medical triage.",
	"businessUseCases": "Support queue ordering.",
	"assumptions": "English text.",
	"limitations": "Weaker on very short tickets.",
	"ethicalConsiderations": "No personal data used.",
	"evaluationSummary": "Held-out test set, 2026-10.",
	"owners": [{"name": "Ada"}],
}

good_evidence := {
	"modelCard": full_card,
	"provenance": {
		"code": {"repositoryUrl": "https://git.example.com/ml/ranker.git", "commit": "0123456789abcdef0123456789abcdef01234567"},
		"containerImage": {"digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111"},
		"datasets": [{"name": "tickets-2026", "sha256": "2222222222222222222222222222222222222222222222222222222222222222"}],
	},
	"signature": {"present": true, "valid": true, "keyId": "team-ml-2026", "trusted": true},
	"metrics": {"candidate": {"accuracy": 0.95, "loss": 0.2}, "production": {"accuracy": 0.94, "loss": 0.21}, "productionVersion": "3"},
	"sensitiveData": {"scanned": true, "findings": []},
	"license": "Apache-2.0",
	"dependencies": [{"name": "torch", "version": "2.4.1"}, {"name": "numpy", "version": "2.1.0"}],
}

request(evidence, tier, stage) := {"riskTier": tier, "targetStage": stage, "evidence": evidence}

check(name, evidence, tier, stage) := r if {
	some r in data.cairn.guardrails.results with input as request(evidence, tier, stage)
	r.check == name
}

tiers := ["LOW", "MEDIUM", "HIGH", "CRITICAL"]

stages := ["STAGING", "PRODUCTION"]

# good_evidence with one top-level member replaced (object.union would merge nested objects).
evidence_with(key, value) := object.union(object.remove(good_evidence, [key]), {key: value})
