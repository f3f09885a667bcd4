# Entry points. The input is { riskTier, targetStage, evidence } (schema: packages/guardrails,
# README "Guardrails"); every check yields { check, passed, explanation }.
package cairn.guardrails

results := [
	model_card,
	provenance,
	signature,
	metrics,
	sensitive_data,
	license,
	dependencies,
]

allow if every r in results {
	r.passed
}

default allow := false

decision := {"allow": allow, "results": results}
