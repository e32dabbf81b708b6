import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A subscription this server created in WorkSpan, kept on disk until it is deleted. */
export interface LedgerEntry {
  /** Which WorkSpan it was created in: base URL, tenant and application user. */
  connection: string;
  subscriberId: string;
  name: string;
  /** The server process that created it; while it runs, the subscription is its own. */
  pid: number;
}

/**
 * The API lists no subscriptions, so the ids this server creates are written down: after a crash
 * (or a kill), the next start finds them and deletes them.
 */
export class SubscriptionLedger {
  constructor(private readonly file: string) {}

  async add(entry: LedgerEntry): Promise<void> {
    const entries = await this.read();
    await this.write([...entries, entry]);
  }

  async remove(subscriberIds: readonly string[]): Promise<void> {
    const entries = await this.read();
    await this.write(entries.filter((entry) => !subscriberIds.includes(entry.subscriberId)));
  }

  /** Entries of `connection` whose server process is gone. */
  async leftOvers(connection: string): Promise<LedgerEntry[]> {
    return (await this.read()).filter((entry) => entry.connection === connection && !isRunning(entry.pid));
  }

  private async read(): Promise<LedgerEntry[]> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as { subscriptions?: unknown };
      return Array.isArray(parsed.subscriptions) ? (parsed.subscriptions as LedgerEntry[]) : [];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private async write(entries: LedgerEntry[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    // Written whole and renamed, so a crash mid-write never leaves half a file.
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ subscriptions: entries }, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.file);
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
