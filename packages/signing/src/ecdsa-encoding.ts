/**
 * ECDSA signature and key encodings for P-256. PKCS#11's CKM_ECDSA returns the raw `r‖s` pair and
 * CKA_EC_POINT holds the bare point, while Sigstore bundles and Node want DER (X9.62 `SEQUENCE {
 * INTEGER r, INTEGER s }`) and SPKI.
 */

const P256_COORDINATE_BYTES = 32;

/** SPKI header of an id-ecPublicKey on prime256v1, up to the BIT STRING holding the 65-byte point. */
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

/** DER of the prime256v1 OID, the value of CKA_EC_PARAMS for a P-256 key. */
export const P256_EC_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');

function derInteger(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  let value = unsigned.subarray(start);
  // A set high bit would read as negative: DER asks for a leading zero byte.
  if ((value[0] as number) & 0x80) value = Buffer.concat([Buffer.from([0]), value]);
  return Buffer.concat([Buffer.from([0x02, value.length]), value]);
}

/** Raw `r‖s` (64 bytes for P-256) to a DER ECDSA-Sig-Value. */
export function rawEcdsaSignatureToDer(raw: Uint8Array): Buffer {
  if (raw.length !== 2 * P256_COORDINATE_BYTES) {
    throw new Error(`A raw P-256 signature has ${2 * P256_COORDINATE_BYTES} bytes, not ${raw.length}`);
  }
  const bytes = Buffer.from(raw);
  const body = Buffer.concat([
    derInteger(bytes.subarray(0, P256_COORDINATE_BYTES)),
    derInteger(bytes.subarray(P256_COORDINATE_BYTES)),
  ]);
  // At most 2 × (2 + 33) = 70 bytes, so the short length form always fits.
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** The inverse, for tests and for HSMs that verify raw signatures. */
export function derEcdsaSignatureToRaw(der: Uint8Array): Buffer {
  const bytes = Buffer.from(der);
  const fail = () => new Error('Not a DER ECDSA signature');
  if (bytes[0] !== 0x30 || bytes[1] !== bytes.length - 2) throw fail();
  const parts: Buffer[] = [];
  let offset = 2;
  for (let i = 0; i < 2; i++) {
    if (bytes[offset] !== 0x02) throw fail();
    const length = bytes[offset + 1] as number;
    let value = bytes.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    while (value.length > P256_COORDINATE_BYTES && value[0] === 0) value = value.subarray(1);
    if (value.length > P256_COORDINATE_BYTES) throw fail();
    parts.push(Buffer.concat([Buffer.alloc(P256_COORDINATE_BYTES - value.length), value]));
  }
  if (offset !== bytes.length) throw fail();
  return Buffer.concat(parts);
}

/**
 * CKA_EC_POINT to an SPKI DER. PKCS#11 says the point is wrapped in a DER OCTET STRING
 * (`04 41 04 x y`); some modules return the bare uncompressed point (`04 x y`), so accept both.
 */
export function p256SpkiFromEcPoint(ecPoint: Uint8Array): Buffer {
  const bytes = Buffer.from(ecPoint);
  const point = bytes.length === 67 && bytes[0] === 0x04 && bytes[1] === 0x41 ? bytes.subarray(2) : bytes;
  if (point.length !== 65 || point[0] !== 0x04) {
    throw new Error('CKA_EC_POINT is not an uncompressed P-256 point');
  }
  return Buffer.concat([P256_SPKI_PREFIX, point]);
}
