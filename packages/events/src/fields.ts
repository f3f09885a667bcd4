import { z } from 'zod';

/** Ids as Postgres prints them: any-case hex is accepted, lower case is what producers write. */
export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
