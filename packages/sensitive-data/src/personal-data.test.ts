import { describe, expect, it } from 'vitest';
import { PERSONAL_DATA_RULES, type PersonalDataRuleId } from './personal-data';

interface Case {
  text: string;
  /** The object key the text sits under, for the rules that want a word naming the number. */
  key?: string;
}

const table: Record<PersonalDataRuleId, { found: Case[]; notFound: Case[] }> = {
  'pii/email': {
    found: [
      { text: 'alice@example.com' },
      { text: 'Questions: Jane.Doe+models@research.example.co.uk, thanks' },
      { text: 'maintained by <bob_smith@corp-mail.de>' },
      { text: 'mailto:ml-ops@cairn.dev' },
      { text: 'owner=r.kowalski@uni-warszawa.edu.pl;' },
    ],
    notFound: [
      { text: 'depends on @cairn/errors' },
      { text: 'pip install torch==2.1.0 and lodash@4.17.21' },
      { text: 'image python@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
      { text: 'git@github.com:cairn/models.git' },
      { text: 'https://deploy@registry.example.com/v2/models' },
      { text: 'root@localhost' },
      { text: 'alice at example dot com' },
      { text: 'mention @alice in the PR' },
    ],
  },
  'pii/payment-card': {
    found: [
      { text: '4111 1111 1111 1111' },
      { text: 'card 4111-1111-1111-1111 exp 12/29' },
      { text: '5500005555555559' },
      { text: 'amex 378282246310005' },
      { text: '3782 822463 10005' },
      { text: '6011111111111117' },
      { text: '4222222222222' },
      { text: '"4012888888881881"' },
      { text: '2223003122003222' },
    ],
    notFound: [
      { text: '4111 1111 1111 1112' },
      { text: '1700000000000 ms since epoch' },
      { text: '41111111-1111-1111-1111-111111111111' },
      { text: 'sha256:ab4111111111111111cd' },
      { text: 'digest 4111111111111111aa0e' },
      { text: 'version 4111111111111111.1' },
      { text: 'v1.4111111111111111' },
      { text: '94111111111111111' },
      { text: '4111111111111111 2 is not a card' },
      { text: '4111-1111 1111-1111' },
      { text: '4111.1111.1111.1111' },
      { text: '41 1111 1111 1111 11' },
      { text: '12 4111 1111 1111 1111' },
    ],
  },
  'pii/iban': {
    found: [
      { text: 'DE89 3704 0044 0532 0130 00' },
      { text: 'GB82WEST12345698765432' },
      { text: 'refunds to NL91ABNA0417164300.' },
      { text: 'FR14 2004 1010 0505 0001 3M02 606' },
      { text: 'ES9121000418450200051332' },
      { text: 'BE68539007547034 for invoices' },
    ],
    notFound: [
      { text: 'DE89 3704 0044 0532 0130 01' },
      { text: 'GB82WEST1234569876543' },
      { text: 'XX89370400440532013000' },
      { text: 'DE89370400440532013000X' },
      { text: 'ADE89370400440532013000' },
      { text: 'model DE12 trained on 40 GPUs' },
    ],
  },
  'pii/us-ssn': {
    found: [
      { text: '536-90-4399' },
      { text: 'applicant 772 54 1234 approved' },
      { text: '536904399', key: 'customer_ssn' },
      { text: 'Social security: 536904399' },
    ],
    notFound: [
      { text: '000-12-3456' },
      { text: '666-12-3456' },
      { text: '912-34-5678' },
      { text: '536-00-1234' },
      { text: '536-90-0000' },
      { text: '078-05-1120' },
      { text: '123-45-6789' },
      { text: '536904399' },
      { text: '536-90 4399' },
      { text: 'released 2024-01-15' },
      { text: 'call 555-123-4567' },
      { text: '1536-90-4399' },
      { text: 'build 536-90-4399.2' },
    ],
  },
  'pii/uk-nino': {
    found: [{ text: 'JT123456D' }, { text: 'NI number AB 12 34 56 C' }, { text: 'JG103759A' }],
    notFound: [
      { text: 'QQ123456C' },
      { text: 'BG123456A' },
      { text: 'GB123456A' },
      { text: 'DA123456A' },
      { text: 'AO123456A' },
      { text: 'AB123456E' },
      { text: 'XAB123456C' },
      { text: 'AB123456C7' },
      { text: 'ab123456c' },
    ],
  },
  'pii/es-dni': {
    found: [
      { text: '12345678Z' },
      { text: 'DNI 00000000-T' },
      { text: 'NIE X1234567L' },
      { text: 'Y-1234567-X' },
      { text: 'Z7654321h' },
    ],
    notFound: [
      { text: '12345678A' },
      { text: 'Z7654321P' },
      { text: '123456789Z' },
      { text: 'v12345678Z' },
      { text: 'X1234567A' },
      { text: '12345678Z9' },
    ],
  },
  'pii/nl-bsn': {
    found: [
      { text: 'BSN: 111222333' },
      { text: '123456782', key: 'bsn' },
      { text: 'burgerservicenummer 1234.56.782' },
      { text: 'patient_bsn=111222333' },
    ],
    notFound: [
      { text: 'seed 123456782' },
      { text: '123456782', key: 'n_samples' },
      { text: 'BSN: 123456789' },
      { text: 'bsn 000000000' },
      { text: 'BSN 1234567820' },
    ],
  },
};

const ruleById = new Map(PERSONAL_DATA_RULES.map((rule) => [rule.id, rule]));

describe.each(Object.entries(table))('%s', (id, { found, notFound }) => {
  const rule = ruleById.get(id as PersonalDataRuleId);
  if (!rule) throw new Error(`no rule ${id}`);

  it.each(found)('finds $text', ({ text, key }) => {
    const matches = rule.find(text, key);
    expect(matches).toHaveLength(1);
    const [match] = matches;
    // The range covers the value and nothing around it, so a caller could mask exactly it.
    const covered = text.slice(match?.start, match?.end);
    expect(covered).toMatch(/^[A-Za-z0-9]/);
    expect(covered).toMatch(/[A-Za-z0-9]$/);
  });

  it.each(notFound)('leaves $text alone', ({ text, key }) => {
    expect(rule.find(text, key)).toEqual([]);
  });
});

describe('hints', () => {
  it('shows no more of a card than its last four digits, and only the country of an IBAN', () => {
    const card = ruleById.get('pii/payment-card')?.find('4111 1111 1111 1111', undefined);
    expect(card?.[0]?.hint).toBe('ending 1111');
    const iban = ruleById.get('pii/iban')?.find('DE89 3704 0044 0532 0130 00', undefined);
    expect(iban?.[0]?.hint).toBe('from DE');
  });
});
