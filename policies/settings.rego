# The settings that apply to one evaluation: data.guardrails.defaults, overlaid by the target
# stage, then the risk tier, then the tier at that stage. Objects merge key by key; a list or a
# number in a later layer replaces the earlier one (an allow-list is restated, never appended).
package cairn.guardrails

stage_settings := object.get(data.guardrails, ["stages", input.targetStage], {})

tier_settings := object.get(data.guardrails, ["tiers", input.riskTier], {})

tier_stage_settings := object.get(data.guardrails, ["tierStages", input.riskTier, input.targetStage], {})

settings := object.union_n([
	data.guardrails.defaults,
	stage_settings,
	tier_settings,
	tier_stage_settings,
])

# Where a decision was made, for explanations: "HIGH → PRODUCTION".
target := sprintf("%s → %s", [input.riskTier, input.targetStage])

# A value counts as given when it carries something: blank strings, empty lists and empty
# objects do not.
given(value) if {
	is_string(value)
	trim_space(value) != ""
}

given(value) if {
	is_array(value)
	count(value) > 0
}

given(value) if {
	is_object(value)
	count(value) > 0
}

given(value) if is_number(value)

given(value) if is_boolean(value)

# Joins names for an explanation, in a stable order.
listing(names) := concat(", ", sort([n | some n in names]))

result(check, passed, explanation) := {"check": check, "passed": passed, "explanation": explanation}
