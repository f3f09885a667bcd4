# License: the version's SPDX license identifier must be on the allow-list (compared without
# regard to case, as SPDX identifiers are).
package cairn.guardrails

license_id := input.evidence.license if {
	given(input.evidence.license)
}

allowed_licenses := {lower(l) | some l in settings.licenses.allow}

license := result("license", false, sprintf("No license is declared; %s allows: %s", [
	target,
	listing(settings.licenses.allow),
])) if {
	not license_id
} else := result("license", false, sprintf("License %s is not on the allow-list for %s (%s)", [
	license_id,
	target,
	listing(settings.licenses.allow),
])) if {
	not lower(trim_space(license_id)) in allowed_licenses
} else := result("license", true, sprintf("License %s is on the allow-list for %s", [license_id, target]))
