import type { Principal } from '@cairn/identity';

/** Callers for tests, one per role, mirroring the dev IdP's demo accounts. */
export const testPrincipals = {
  engineer: {
    subject: 'user-engineer',
    kind: 'user',
    email: 'engineer@demo.cairn',
    roles: ['engineer'],
    teams: ['fraud-detection'],
  },
  approver: {
    subject: 'user-approver',
    kind: 'user',
    email: 'approver@demo.cairn',
    roles: ['approver'],
    teams: ['fraud-detection', 'recommendations'],
  },
  executive: {
    subject: 'user-executive',
    kind: 'user',
    email: 'executive@demo.cairn',
    roles: ['executive'],
    teams: [],
  },
  admin: {
    subject: 'user-admin',
    kind: 'user',
    email: 'admin@demo.cairn',
    roles: ['admin'],
    teams: ['platform'],
  },
  outsider: {
    subject: 'user-outsider',
    kind: 'user',
    email: 'outsider@demo.cairn',
    roles: ['engineer'],
    teams: ['search-ranking'],
  },
} satisfies Record<string, Principal>;
