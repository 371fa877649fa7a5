/** Opening and closing the store: folders, SQLite in WAL mode, migrations, orphan cleanup. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cleanOrphans, makeFolders } from './files.ts';
import { checkVersion, migrate, userVersion } from './migrations.ts';

export interface Store {
  db: Database.Database;
  dataDir: string;
}

/** "127.0.0.1 Mozilla/5.0 ..." - who made a change, for the audit log. Never a patient id. */
export type Client = string;

export const DATABASE_FILE = 'iodose.sqlite';

/**
 * Prepared statements kept per connection: the store's functions prepare the same few dozen SQL
 * texts on every call (a patient list prepares about ten per timepoint), and preparing costs more
 * than running them. A cached statement is handed out with pluck off, as a fresh one would be.
 */
function cacheStatements(db: Database.Database): void {
  const cache = new Map<string, Database.Statement>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      cache.set(sql, statement);
    } else if (statement.reader) {
      statement.pluck(false);
    }
    return statement;
  }) as typeof db.prepare;
}

/** Opens (creating when absent) the store in `dataDir`: migrated, orphans removed. */
export function openStore(dataDir: string): Store {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, DATABASE_FILE);
  const db = new Database(file);
  try {
    // Checked before anything writes: a newer database is left as it is.
    checkVersion(db, file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = FULL');
    migrate(db, file);
    cacheStatements(db);
    makeFolders(dir);
    cleanOrphans(db, dir);
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, dataDir: dir };
}

export function closeStore(store: Store): void {
  store.db.close();
}

export function schemaVersion(store: Store): number {
  return userVersion(store.db);
}

/** No patients yet (the UI offers the demo import). */
export function isEmpty(store: Store): boolean {
  return store.db.prepare('SELECT 1 FROM patients LIMIT 1').get() === undefined;
}

/** Runs `fn` in one transaction (IMMEDIATE: writers queue on busy_timeout instead of failing). */
export function inTransaction<T>(store: Store, fn: () => T): T {
  return store.db.transaction(fn).immediate();
}
