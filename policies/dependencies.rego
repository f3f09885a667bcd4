# Dependencies: none may be on the deny-list. An entry is either a bare package name, which
# denies every version, or name@version, which denies that exact version. Names compare
# without regard to case.
package cairn.guardrails

dependency_list := input.evidence.dependencies if {
	is_array(input.evidence.dependencies)
} else := []

denied_entries := {lower(e) | some e in settings.dependencies.deny}

denied_dependencies contains sprintf("%s@%s (denied: %s)", [d.name, d.version, entry]) if {
	some d in dependency_list
	some entry in denied_entries
	dependency_matches(d, entry)
}

dependency_matches(d, entry) if lower(d.name) == entry

dependency_matches(d, entry) if lower(sprintf("%s@%s", [d.name, d.version])) == entry

dependencies := result("dependencies", false, sprintf("%d dependenc%s on the deny-list: %s", [
	count(denied_dependencies),
	plural_y(count(denied_dependencies)),
	listing(denied_dependencies),
])) if {
	count(denied_dependencies) > 0
} else := result("dependencies", true, sprintf("None of the %d dependencies is on the deny-list", [count(dependency_list)]))

plural_y(n) := "y is" if {
	n == 1
} else := "ies are"
