import { createHash, timingSafeEqual } from 'node:crypto';

/** The password every demo account signs in with. This is the development IdP only. */
export const DEMO_PASSWORD = 'cairn-demo';

export interface DemoAccount {
  /** Stable subject (`sub`) for the account; never reused for another person. */
  sub: string;
  email: string;
  name: string;
  roles: readonly string[];
  /** Team slugs the account belongs to. */
  teams: readonly string[];
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = Object.freeze([
  {
    sub: 'user-engineer',
    email: 'engineer@demo.cairn',
    name: 'Eli Engineer',
    roles: ['engineer'],
    teams: ['fraud-detection'],
  },
  {
    sub: 'user-approver',
    email: 'approver@demo.cairn',
    name: 'Ada Approver',
    roles: ['approver'],
    teams: ['fraud-detection', 'recommendations'],
  },
  {
    sub: 'user-executive',
    email: 'executive@demo.cairn',
    name: 'Eve Executive',
    roles: ['executive'],
    teams: [],
  },
  {
    sub: 'user-admin',
    email: 'admin@demo.cairn',
    name: 'Sam Admin',
    roles: ['admin'],
    teams: ['platform'],
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
