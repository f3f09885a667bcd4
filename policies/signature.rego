# Manifest signature: the caller verifies the signature and reports it as
# evidence.signature = { present, valid, keyId, trusted }; this check decides whether that is
# enough for the target.
package cairn.guardrails

signature_evidence := input.evidence.signature if {
	is_object(input.evidence.signature)
} else := {"present": false}

signature_key := sprintf("key %s", [signature_evidence.keyId]) if {
	given(object.get(signature_evidence, "keyId", null))
} else := "an unidentified key"

signature_required := settings.signature.required == true

# Why, in the caller's words (which key, revoked or rotated when), when it says.
signature_detail := sprintf(" (%s)", [signature_evidence.detail]) if {
	given(object.get(signature_evidence, "detail", null))
} else := ""

signature := result("signature", true, sprintf("A signature is not required for %s", [target])) if {
	not signature_required
	object.get(signature_evidence, "present", false) != true
} else := result("signature", false, sprintf("The manifest is not signed; %s requires a signature", [target])) if {
	object.get(signature_evidence, "present", false) != true
} else := result("signature", false, sprintf("The manifest signature by %s does not verify%s", [signature_key, signature_detail])) if {
	object.get(signature_evidence, "valid", false) != true
} else := result("signature", false, sprintf("The manifest signature verifies, but %s is not trusted%s; %s requires a trusted key", [
	signature_key,
	signature_detail,
	target,
])) if {
	settings.signature.requireTrusted == true
	object.get(signature_evidence, "trusted", false) != true
} else := result("signature", true, sprintf("The manifest signature by %s verifies%s", [
	signature_key,
	trusted_suffix,
]))

trusted_suffix := " and the key is trusted" if {
	object.get(signature_evidence, "trusted", false) == true
} else := " (the key is not trusted, which is allowed here)"
