/** CLI commands over the dialogue map files: validate, schema. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { conversationsJsonSchema } from '../dialog-tests/index.ts';
import { formatProblem, hasErrors, loadMap, mapJsonSchemas } from '../map/index.ts';

/** Every JSON Schema `justask schema` writes: map files and conversation-test files. */
export const allJsonSchemas = (): Record<string, unknown> => ({
  ...mapJsonSchemas(),
  conversations: conversationsJsonSchema(),
});

export interface MapOptions {
  readonly dialogs: string;
  readonly locales: string;
}

/** Adds the options every map command takes. */
export const withMapOptions = (cmd: Command): Command =>
  cmd
    .option('--dialogs <dir>', 'the dialogue map folder', process.env.DIALOGS_DIR ?? './dialogs')
    .option('--locales <dir>', 'the shipped locales folder', process.env.LOCALES_DIR ?? './locales');

export const loadFrom = (o: MapOptions) =>
  loadMap({ dialogsDir: resolve(o.dialogs), localesDir: resolve(o.locales) });

export function registerMapCommands(program: Command): void {
  withMapOptions(
    program.command('validate').description('check the dialogue map: shapes, references, texts, lean data'),
  ).action((o: MapOptions) => {
    const r = loadFrom(o);
    for (const p of r.problems) console.log(formatProblem(p));
    const errors = r.problems.filter((p) => p.severity === 'error').length;
    const warnings = r.problems.length - errors;
    if (hasErrors(r.problems)) {
      console.log(`✗ ${errors} error(s), ${warnings} warning(s)`);
      process.exitCode = 1;
      return;
    }
    console.log(
      `✓ ${r.map?.journeys.size ?? 0} journeys valid (${warnings} warning(s)), notice version ${r.map?.noticeVersion ?? ''}`,
    );
  });
  program
    .command('schema')
    .description(
      'write the JSON Schemas of catalog, journey and conversation-test files (for editor completion)',
    )
    .option('--out <dir>', 'output folder', './dialogs/schema')
    .action((o: { out: string }) => {
      mkdirSync(o.out, { recursive: true });
      for (const [name, schema] of Object.entries(allJsonSchemas())) {
        writeFileSync(join(o.out, `${name}.schema.json`), JSON.stringify(schema, null, 2) + '\n');
      }
      console.log(
        `wrote ${Object.keys(allJsonSchemas())
          .map((n) => `${o.out}/${n}.schema.json`)
          .join(', ')}`,
      );
    });
}
