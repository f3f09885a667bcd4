/** Postgres SQLSTATE codes Cairn reacts to. */
const UNIQUE_VIOLATION = '23505';
const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';

function sqlState(error: unknown): string | undefined {
  const candidate = (error as { driverError?: { code?: string }; code?: string }) ?? {};
  return candidate.driverError?.code ?? candidate.code;
}

function constraintOf(error: unknown): string | undefined {
  const candidate = (error as { driverError?: { constraint?: string }; constraint?: string }) ?? {};
  return candidate.driverError?.constraint ?? candidate.constraint;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return sqlState(error) === UNIQUE_VIOLATION && (!constraint || constraintOf(error) === constraint);
}

export function isRetryableTransactionError(error: unknown): boolean {
  const state = sqlState(error);
  return state === SERIALIZATION_FAILURE || state === DEADLOCK_DETECTED;
}
