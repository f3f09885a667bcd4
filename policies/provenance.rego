# Provenance completeness: each item the settings require must be present in the evidence.
#   codeReference    a repository URL and a full commit hash
#   containerDigest  the training container's sha256 digest
#   datasetChecksums at least one dataset, and a sha256 for every dataset listed
package cairn.guardrails

provenance_evidence := input.evidence.provenance if {
	is_object(input.evidence.provenance)
} else := {}

provenance_items := {
	"codeReference": code_reference_problem,
	"containerDigest": container_digest_problem,
	"datasetChecksums": dataset_checksums_problem,
}

code_reference_problem := "no code reference (repository URL and commit)" if {
	not given(object.get(provenance_evidence, ["code", "repositoryUrl"], null))
	not given(object.get(provenance_evidence, ["code", "commit"], null))
} else := "no repository URL for the code" if {
	not given(object.get(provenance_evidence, ["code", "repositoryUrl"], null))
} else := "no commit for the code" if {
	not given(object.get(provenance_evidence, ["code", "commit"], null))
} else := ""

container_digest_problem := "no container image digest" if {
	not given(object.get(provenance_evidence, ["containerImage", "digest"], null))
} else := ""

provenance_datasets := provenance_evidence.datasets if {
	is_array(provenance_evidence.datasets)
} else := []

datasets_without_checksum := [dataset_label(i, d) |
	some i, d in provenance_datasets
	not given(object.get(d, "sha256", null))
]

dataset_label(i, d) := d.name if {
	given(object.get(d, "name", null))
} else := d.uri if {
	given(object.get(d, "uri", null))
} else := sprintf("dataset #%d", [i + 1])

dataset_checksums_problem := "no datasets listed" if {
	count(provenance_datasets) == 0
} else := sprintf("no sha256 checksum for %s", [concat(", ", datasets_without_checksum)]) if {
	count(datasets_without_checksum) > 0
} else := ""

provenance_required := {item | some item in settings.provenance.required}

provenance_problems := [provenance_items[item] |
	some item in sort(provenance_required)
	provenance_items[item] != ""
]

provenance := result("provenance", false, sprintf("Provenance incomplete for %s: %s", [
	target,
	concat("; ", provenance_problems),
])) if {
	count(provenance_problems) > 0
} else := result("provenance", true, sprintf("Provenance has everything %s requires (%s)", [
	target,
	listing(provenance_required),
]))
