/** SQLite adapter: the embedded default store. */
export { openSqliteStore } from './store.sqlite.ts';
