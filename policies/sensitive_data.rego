# Sensitive-data scan: the version's metadata was scanned (by @cairn/sensitive-data) and the
# scan found nothing.
package cairn.guardrails

scan_evidence := input.evidence.sensitiveData if {
	is_object(input.evidence.sensitiveData)
} else := {"scanned": false}

scan_findings := scan_evidence.findings if {
	is_array(scan_evidence.findings)
} else := []

finding_label(f) := sprintf("%s at %s", [f.rule, f.path]) if {
	given(object.get(f, "path", null))
} else := f.rule

sensitive_data := result("sensitiveData", false, sprintf("The sensitive-data scan found %d problem(s): %s", [
	count(scan_findings),
	concat(", ", [finding_label(f) | some f in scan_findings]),
])) if {
	count(scan_findings) > 0
} else := result("sensitiveData", false, sprintf("No sensitive-data scan was run; %s requires one", [target])) if {
	settings.sensitiveData.requireScan == true
	object.get(scan_evidence, "scanned", false) != true
} else := result("sensitiveData", true, "The sensitive-data scan is clean") if {
	object.get(scan_evidence, "scanned", false) == true
} else := result("sensitiveData", true, sprintf("No sensitive-data scan was run, which %s allows", [target]))
