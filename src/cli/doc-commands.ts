/**
 * CLI commands that generate documents from the dialogue map: `map` (journeys, steps, needs,
 * decline paths), `notice` (the GDPR Art. 13 privacy notice, and `--archive` to keep its version
 * with the exact wording of every ask) and `ropa` (the Art. 30 record, in any shipped language).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import {
  buildRopa,
  formatProblem,
  mapHtml,
  mapMermaid,
  mapOutline,
  noticeHtml,
  noticeArchiveOf,
  noticeMarkdown,
  ropaCsv,
  ropaJson,
  SHIPPED_LOCALES,
  toLocale,
  type DialogueMap,
  type Texts,
  writeNoticeArchive,
} from '../map/index.ts';
import { loadFrom, withMapOptions, type MapOptions } from './map-commands.ts';

interface OutOptions extends MapOptions {
  readonly out?: string;
  readonly format: string;
}

/** Loads the map, or prints every problem to stderr, sets the exit code and returns undefined. */
export function loadOrReport(o: MapOptions): { map: DialogueMap; texts: Texts } | undefined {
  const r = loadFrom(o);
  if (r.map && r.texts) return { map: r.map, texts: r.texts };
  for (const p of r.problems) console.error(formatProblem(p));
  console.error('✗ the dialogue map has errors: run `justask validate`');
  process.exitCode = 1;
  return undefined;
}

/** Writes to `--out` or stdout. */
function emit(o: OutOptions, text: string): void {
  if (o.out) {
    writeFileSync(o.out, text);
    console.error(`wrote ${o.out}`);
  } else process.stdout.write(text);
}

const withOut = (cmd: Command) => cmd.option('--out <file>', 'write to a file instead of standard output');
const format = (choices: string[], def: string) =>
  new Option('--format <format>', 'output format').choices(choices).default(def);

export function registerDocCommands(program: Command): void {
  withOut(withMapOptions(program.command('map')))
    .description('show the dialogue map: journeys, steps, what each step needs and why, decline paths')
    .addOption(format(['text', 'mermaid', 'html'], 'text'))
    .action((o: OutOptions) => {
      const m = loadOrReport(o);
      if (!m) return;
      const render = { text: mapOutline, mermaid: mapMermaid, html: mapHtml }[o.format] ?? mapOutline;
      emit(o, render(m.map, m.texts));
    });

  withOut(withMapOptions(program.command('notice')))
    .description('generate the privacy notice (GDPR Art. 13) from the dialogue map')
    .addOption(new Option('--locale <lng>', 'language').choices([...SHIPPED_LOCALES]).default('en'))
    .addOption(format(['md', 'html'], 'md'))
    .option(
      '--archive [dir]',
      'keep this notice version, with the exact wording of every ask, in dir (default: <dialogs>/notice-archive)',
    )
    .action((o: OutOptions & { locale: string; archive?: string | true }) => {
      const m = loadOrReport(o);
      if (!m) return;
      if (o.archive) {
        const dir = o.archive === true ? join(resolve(o.dialogs), 'notice-archive') : resolve(o.archive);
        const wrote = writeNoticeArchive(dir, noticeArchiveOf(m.map, m.texts, m.map.noticeVersion));
        console.error(
          `${wrote ? 'archived' : 'already archived:'} ${join(dir, `${m.map.noticeVersion}.json`)}`,
        );
        return;
      }
      const lng = toLocale(o.locale);
      const render = o.format === 'html' ? noticeHtml : noticeMarkdown;
      emit(o, render(m.map, m.texts, lng, m.map.noticeVersion));
    });

  withOut(withMapOptions(program.command('ropa')))
    .description('generate the record of processing activities (GDPR Art. 30(1) a–g) from the dialogue map')
    .addOption(format(['csv', 'json'], 'csv'))
    .addOption(new Option('--locale <lng>', 'language').choices([...SHIPPED_LOCALES]).default('en'))
    .action((o: OutOptions & { locale: string }) => {
      const m = loadOrReport(o);
      if (!m) return;
      const ropa = buildRopa(m.map, m.texts, m.map.noticeVersion, toLocale(o.locale));
      emit(o, o.format === 'json' ? ropaJson(ropa) : ropaCsv(ropa, m.texts));
    });
}
