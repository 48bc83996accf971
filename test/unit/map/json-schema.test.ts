/** The JSON Schemas committed in dialogs/schema/ (for editor completion) are the generated ones. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allJsonSchemas } from '../../../src/cli/map-commands.ts';

describe('dialogs/schema', () => {
  it.each(Object.entries(allJsonSchemas()))(
    '%s.schema.json is fresh (else run `npm run schema`)',
    (name, schema) => {
      const committed: unknown = JSON.parse(readFileSync(`dialogs/schema/${name}.schema.json`, 'utf8'));
      expect(committed).toEqual(schema);
    },
  );
});
