/** JSON Schemas generated from the zod schemas, for editor completion of map files. */
import { z } from 'zod';
import { Catalog, Journey } from './schema.ts';

export function mapJsonSchemas(): Record<'catalog' | 'journey', unknown> {
  return {
    catalog: z.toJSONSchema(Catalog, { io: 'input' }),
    journey: z.toJSONSchema(Journey, { io: 'input' }),
  };
}
