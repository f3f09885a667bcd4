import { createHash, timingSafeEqual } from 'node:crypto';

/** The password every demo account signs in with. This is the development IdP only. */
export const DEMO_PASSWORD = 'cairn-demo';

export interface DemoAccount {
  /** Stable subject (`sub`) for the account; never reused for another person. */
  sub: string;
  email: string;
  name: string;
  /** What the account's profile shows on the login page. */
  summary: string;
  /**
   * Groups, as a company directory would hold them; the gateway maps them to Cairn rights
   * (`cairn-<team>-<viewers|contributors|maintainers|approvers>`, `cairn-<org role>s`).
   */
  groups: readonly string[];
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = Object.freeze([
  {
    sub: 'user-engineer',
    email: 'engineer@demo.cairn',
    name: 'Eli Engineer',
    summary: 'contributor in fraud-detection',
    groups: ['cairn-fraud-detection-contributors'],
  },
  {
    sub: 'user-maintainer',
    email: 'maintainer@demo.cairn',
    name: 'Mia Maintainer',
    summary: 'maintainer of fraud-detection and recommendations',
    groups: ['cairn-fraud-detection-maintainers', 'cairn-recommendations-maintainers'],
  },
  {
    sub: 'user-approver',
    email: 'approver@demo.cairn',
    name: 'Ada Approver',
    summary: 'approver in fraud-detection and recommendations',
    groups: ['cairn-fraud-detection-approvers', 'cairn-recommendations-approvers'],
  },
  {
    sub: 'user-recommender',
    email: 'recommender@demo.cairn',
    name: 'Remy Recommender',
    summary: 'contributor in recommendations',
    groups: ['cairn-recommendations-contributors'],
  },
  {
    sub: 'user-executive',
    email: 'executive@demo.cairn',
    name: 'Eve Executive',
    summary: 'executive: aggregate figures across teams',
    groups: ['cairn-executives'],
  },
  {
    sub: 'user-auditor',
    email: 'auditor@demo.cairn',
    name: 'Aud Auditor',
    summary: 'auditor: reads everything, changes nothing',
    groups: ['cairn-auditors'],
  },
  {
    sub: 'user-admin',
    email: 'admin@demo.cairn',
    name: 'Sam Admin',
    summary: 'platform admin',
    groups: ['cairn-platform-admins'],
  },
]);

export function findAccountBySub(sub: string): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((account) => account.sub === sub);
}

export function findAccountByEmail(email: string): DemoAccount | undefined {
  const wanted = email.trim().toLowerCase();
  return DEMO_ACCOUNTS.find((account) => account.email === wanted);
}

/**
 * Compares two secrets in constant time. Hashing first gives both sides the same length,
 * so neither the content nor the length of the expected value leaks through timing.
 */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * Returns the account when the email names a demo account and the password matches.
 * The password is compared even for unknown emails so both failures take the same time.
 */
export function authenticate(email: string, password: string): DemoAccount | undefined {
  const account = findAccountByEmail(email);
  const passwordOk = secretsEqual(password, DEMO_PASSWORD);
  return account && passwordOk ? account : undefined;
}
