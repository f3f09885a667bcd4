/**
 * DSSE (Dead Simple Signing Envelope) v1: the signature covers the pre-authentication encoding of
 * the payload type and payload, never the payload alone, so a payload cannot be replayed under
 * another type. https://github.com/secure-systems-lab/dsse/blob/master/protocol.md
 */
export function preAuthenticationEncoding(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${payload.length} `, 'utf8'),
    payload,
  ]);
}
