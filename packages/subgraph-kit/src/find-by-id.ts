import { isUuid } from '@cairn/database';
import { NotFoundError } from '@cairn/errors';
import type { FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';

/**
 * The row with this uuid, or NOT_FOUND naming `entity` and the id as given. Anything that is
 * not a uuid names no row, so it is answered without a query (and without a driver error).
 */
export async function findByIdOrNotFound<T extends ObjectLiteral & { id: string }>(
  repository: Repository<T>,
  entity: string,
  id: string,
): Promise<T> {
  const row = isUuid(id) ? await repository.findOneBy({ id: id.toLowerCase() } as FindOptionsWhere<T>) : null;
  if (!row) throw new NotFoundError(entity, id);
  return row;
}
