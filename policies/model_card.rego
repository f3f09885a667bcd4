# Model card completeness: the share of the configured card fields that are filled must reach
# the stage's minimum, and the tier's required fields must all be filled.
package cairn.guardrails

card := input.evidence.modelCard if {
	is_object(input.evidence.modelCard)
} else := {}

card_fields := settings.modelCard.fields

card_filled := {f | some f in card_fields; given(object.get(card, f, null))}

card_missing := {f | some f in card_fields; not f in card_filled}

card_required_missing := {f | some f in settings.modelCard.requiredFields; not given(object.get(card, f, null))}

card_completeness := count(card_filled) / count(card_fields) if {
	count(card_fields) > 0
} else := 1

card_summary := sprintf("Model card has %d of %d fields (%s)", [
	count(card_filled),
	count(card_fields),
	percent(card_completeness),
])

card_minimum := sprintf("%s required for %s", [percent(settings.modelCard.minCompleteness), target])

model_card := result("modelCard", false, sprintf("%s, below the %s; missing: %s", [
	card_summary,
	card_minimum,
	listing(card_missing),
])) if {
	card_completeness < settings.modelCard.minCompleteness
} else := result("modelCard", false, sprintf("%s, but required fields are empty: %s", [
	card_summary,
	listing(card_required_missing),
])) if {
	count(card_required_missing) > 0
} else := result("modelCard", true, sprintf("%s, meeting the %s%s", [
	card_summary,
	card_minimum,
	missing_suffix(card_missing),
]))

missing_suffix(missing) := "" if {
	count(missing) == 0
} else := sprintf("; still missing: %s", [listing(missing)])

percent(fraction) := sprintf("%d%%", [round(fraction * 100)])
