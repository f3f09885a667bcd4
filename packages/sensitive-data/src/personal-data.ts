import { ibanLength, passesElfproef, passesIbanMod97, passesLuhn, spanishIdLetter } from './checksums';

/**
 * Personal-data rules. Each looks for a whole token (never a run of digits inside a longer
 * number, a UUID, a hex digest or a version string) and then checks what the format allows:
 * a check digit where one exists, the ranges that were never issued where it does not.
 */

export const PERSONAL_DATA_RULE_IDS = [
  'pii/email',
  'pii/payment-card',
  'pii/iban',
  'pii/us-ssn',
  'pii/uk-nino',
  'pii/es-dni',
  'pii/nl-bsn',
] as const;
export type PersonalDataRuleId = (typeof PERSONAL_DATA_RULE_IDS)[number];

export interface TextMatch {
  start: number;
  end: number;
  /** A hint safe to show (last four card digits, IBAN country), never the value itself. */
  hint?: string;
}

export interface PersonalDataRule {
  id: PersonalDataRuleId;
  label: string;
  /** `key` is the object key the text sits under, for rules that need a word naming the number. */
  find(text: string, key: string | undefined): TextMatch[];
}

/** Not preceded by anything that would make the digits part of a longer token. */
const NUMBER_START = String.raw`(?<![\w.,:/+\-]|\d[ \-])`;
/** Not followed by the same: a letter, a digit, or a separator that leads to another digit. */
const NUMBER_END = String.raw`(?![\w/+]|[.,:\- ]\d)`;

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) yield m;
}

const EMAIL =
  /(?<![\w.%+\-/])[A-Za-z0-9][\w.%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9]|:[\w/~])/g;

/**
 * An address, not a URL's user (`https://user@host`) or an SSH remote (`git@github.com:org/repo`).
 * Package specs (`@scope/name`, `torch@2.1.0`) and digests (`image@sha256:…`) have no letter TLD.
 */
const email: PersonalDataRule = {
  id: 'pii/email',
  label: 'e-mail address',
  find: (text) => [...matches(EMAIL, text)].map((m) => ({ start: m.index, end: m.index + m[0].length })),
};

const CARD_CANDIDATE = new RegExp(`${NUMBER_START}[2-6][\\d -]{11,24}\\d${NUMBER_END}`, 'g');

/**
 * 13–19 digits, plain or in groups split by one kind of separator with a first group of four
 * (4-4-4-4, 4-6-5, 4-4-4-4-3), a major-industry digit of 2–6 (Mastercard, Amex/Diners/JCB,
 * Visa, Discover/UnionPay/Maestro), and Luhn. The leading digit rules out epoch milliseconds.
 */
const paymentCard: PersonalDataRule = {
  id: 'pii/payment-card',
  label: 'payment card number',
  find(text) {
    const found: TextMatch[] = [];
    for (const m of matches(CARD_CANDIDATE, text)) {
      const raw = m[0];
      const separators = new Set(raw.replace(/\d/g, ''));
      if (separators.size > 1) continue;
      const groups = separators.size === 0 ? [raw] : raw.split([...separators][0] as string);
      if (
        groups.length > 1 &&
        (groups[0]?.length !== 4 || groups.some((g) => g.length === 0 || g.length > 7))
      ) {
        continue;
      }
      const digits = groups.join('');
      if (digits.length < 13 || digits.length > 19 || !passesLuhn(digits)) continue;
      found.push({ start: m.index, end: m.index + raw.length, hint: `ending ${digits.slice(-4)}` });
    }
    return found;
  },
};

const IBAN_START = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}/g;

/** Country, check digits and BBAN to the country's registered length (single spaces allowed), mod 97. */
const iban: PersonalDataRule = {
  id: 'pii/iban',
  label: 'IBAN',
  find(text) {
    const found: TextMatch[] = [];
    for (const m of matches(IBAN_START, text)) {
      const country = m[0].slice(0, 2);
      const length = ibanLength(country);
      if (length === undefined) continue;
      let compact = '';
      let i = m.index;
      while (i < text.length && compact.length < length) {
        const ch = text.charAt(i);
        if (/[A-Z0-9]/.test(ch)) compact += ch;
        else if (!(ch === ' ' && /[A-Z0-9]/.test(text.charAt(i + 1)) && compact.length > 0)) break;
        i++;
      }
      if (compact.length !== length || /[A-Za-z0-9]/.test(text.charAt(i))) continue;
      if (passesIbanMod97(compact)) found.push({ start: m.index, end: i, hint: `from ${country}` });
    }
    return found;
  },
};

const SSN_KEYWORD = /(?<![a-z])(ssn|social[ _-]?security)/i;
const SSN_DASHED = new RegExp(`${NUMBER_START}(\\d{3})([- ])(\\d{2})\\2(\\d{4})${NUMBER_END}`, 'g');
const SSN_PLAIN = new RegExp(`${NUMBER_START}(\\d{3})(\\d{2})(\\d{4})${NUMBER_END}`, 'g');
/** Numbers published in advertising and specimen cards; the SSA treats them as invalid. */
const SSN_SPECIMENS = new Set(['078051120', '219099999', '123456789']);

function validSsn(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area.startsWith('9')) return false;
  if (group === '00' || serial === '0000') return false;
  return !SSN_SPECIMENS.has(area + group + serial);
}

/** AAA-GG-SSSS (dashes or spaces); nine bare digits only next to a word that names an SSN. */
const usSsn: PersonalDataRule = {
  id: 'pii/us-ssn',
  label: 'US social security number',
  find(text, key) {
    const found: TextMatch[] = [];
    for (const m of matches(SSN_DASHED, text)) {
      if (validSsn(m[1] as string, m[3] as string, m[4] as string)) {
        found.push({ start: m.index, end: m.index + m[0].length });
      }
    }
    for (const m of matches(SSN_PLAIN, text)) {
      if (!namedNearby(SSN_KEYWORD, text, m.index, key)) continue;
      if (validSsn(m[1] as string, m[2] as string, m[3] as string)) {
        found.push({ start: m.index, end: m.index + m[0].length });
      }
    }
    return found;
  },
};

const NINO =
  /(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![A-Za-z0-9])/g;
/** Prefixes HMRC never allocates. */
const NINO_BAD_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** UK National Insurance number: HMRC's letter rules; it has no check digit. */
const ukNino: PersonalDataRule = {
  id: 'pii/uk-nino',
  label: 'UK National Insurance number',
  find: (text) =>
    [...matches(NINO, text)]
      .filter((m) => !NINO_BAD_PREFIXES.has(m[1] as string))
      .map((m) => ({ start: m.index, end: m.index + m[0].length })),
};

const DNI = /(?<![A-Za-z0-9.-])(\d{8}|[XYZ][- ]?\d{7})[- ]?([A-Za-z])(?![A-Za-z0-9]|[.-]\w)/g;

/** Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter), the letter being mod 23. */
const esDni: PersonalDataRule = {
  id: 'pii/es-dni',
  label: 'Spanish DNI/NIE',
  find(text) {
    const found: TextMatch[] = [];
    for (const m of matches(DNI, text)) {
      const body = (m[1] as string).replace(/[- ]/g, '');
      if (spanishIdLetter(body) === (m[2] as string).toUpperCase()) {
        found.push({ start: m.index, end: m.index + m[0].length });
      }
    }
    return found;
  },
};

const BSN_KEYWORD =
  /(?<![a-z])(bsn|burger[ _-]?service[ _-]?nummer|sofi[ _-]?nummer|citizen[ _-]?service[ _-]?number)/i;
const BSN = new RegExp(`${NUMBER_START}(\\d{4}\\.\\d{2}\\.\\d{3}|\\d{9})${NUMBER_END}`, 'g');

/**
 * Dutch BSN: nine digits passing the elfproef, and only next to a word that names it, because
 * one in eleven arbitrary nine-digit numbers (seeds, sample counts) passes the check too.
 */
const nlBsn: PersonalDataRule = {
  id: 'pii/nl-bsn',
  label: 'Dutch BSN',
  find(text, key) {
    const found: TextMatch[] = [];
    for (const m of matches(BSN, text)) {
      if (!namedNearby(BSN_KEYWORD, text, m.index, key)) continue;
      if (passesElfproef((m[1] as string).replace(/\./g, ''))) {
        found.push({ start: m.index, end: m.index + m[0].length });
      }
    }
    return found;
  },
};

/** The object key, or the 40 characters before the number, name what the number is. */
function namedNearby(keyword: RegExp, text: string, index: number, key: string | undefined): boolean {
  return (key !== undefined && keyword.test(key)) || keyword.test(text.slice(Math.max(0, index - 40), index));
}

export const PERSONAL_DATA_RULES: readonly PersonalDataRule[] = [
  email,
  paymentCard,
  iban,
  usSsn,
  ukNino,
  esDni,
  nlBsn,
];
