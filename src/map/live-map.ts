/**
 * The map the server runs, kept live in development: the dialogs and locales folders are watched,
 * and an edit reloads the map. A broken edit is logged with every problem (file, line, path) and
 * the last good map keeps serving. Consumers read the map through getters, never a copy.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { loadMap, loadMapOrThrow, type LoadOptions, type LoadResult } from './load.ts';
import { noticeArchiveOf, writeNoticeArchive } from './notice-archive.ts';
import { formatProblem } from './problems.ts';
import type { DialogueMap } from './schema.ts';
import type { Texts } from './texts.ts';
import { loggableError } from '../shared/redact.ts';

/** The logger calls the live map makes (pino's fit). */
export interface MapLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface LiveMapOptions extends LoadOptions {
  /** Watch the folders and reload on change (development). */
  readonly watch: boolean;
  readonly log: MapLog;
  /** Quiet time after the last change before reloading (editors write files in bursts). */
  readonly debounceMs?: number;
  /** Where each notice version served is archived (`<version>.json`), so it can be served later. */
  readonly archiveDir?: string;
}

export interface LiveMap {
  readonly map: () => DialogueMap;
  readonly texts: () => Texts;
  /** Loads the map again now; keeps the current one when the new one has errors. */
  reload(): LoadResult;
  /** Stops watching. */
  close(): void;
}

/** Loads the map (throwing `MapInvalidError` if it is broken at start) and keeps it live. */
export function createLiveMap(opts: LiveMapOptions): LiveMap {
  const { log } = opts;
  const archive = (m: { map: DialogueMap; texts: Texts }) => {
    if (!opts.archiveDir) return;
    const version = m.map.noticeVersion;
    try {
      if (writeNoticeArchive(opts.archiveDir, noticeArchiveOf(m.map, m.texts, version)))
        log.info({ noticeVersion: version, dir: opts.archiveDir }, 'notice version archived');
    } catch (e) {
      log.error({ noticeVersion: version, err: loggableError(e) }, 'cannot archive the notice version');
    }
  };
  let current = loadMapOrThrow(opts);
  archive(current);
  const reload = (): LoadResult => {
    const r = loadMap(opts);
    for (const p of r.problems) {
      const at = { file: p.file, line: p.line, path: p.path };
      if (p.severity === 'error') log.error(at, formatProblem(p));
      else log.warn(at, formatProblem(p));
    }
    if (r.map && r.texts) {
      current = { map: r.map, texts: r.texts, problems: r.problems };
      archive(current);
      log.info(
        { noticeVersion: r.map.noticeVersion, journeys: r.map.journeys.size },
        'dialogue map reloaded',
      );
    } else {
      log.error(
        { errors: r.problems.filter((p) => p.severity === 'error').length },
        'the edited dialogue map has errors: the last good map keeps serving',
      );
    }
    return r;
  };
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(reload, opts.debounceMs ?? 200);
    timer.unref();
  };
  if (opts.watch) {
    for (const dir of new Set([opts.dialogsDir, opts.localesDir])) {
      if (!existsSync(dir)) continue;
      const w = watch(dir, { recursive: true }, schedule);
      w.on('error', (e) => log.warn({ dir, err: e.message }, 'cannot watch the dialogue map any more'));
      w.unref();
      watchers.push(w);
    }
  }
  return {
    map: () => current.map,
    texts: () => current.texts,
    reload,
    close() {
      clearTimeout(timer);
      for (const w of watchers.splice(0)) w.close();
    },
  };
}
