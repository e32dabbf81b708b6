import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * The subscription ids each event node created, kept in Node-RED's user directory. The connector
 * has no call that lists subscriptions, so these ids are how a node finds its left-overs after a
 * crash wherever WorkSpan does not answer the developer portal's list.
 */
export class SubscriptionStore {
  readonly #file: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(userDirectory: string) {
    this.#file = join(userDirectory, 'workspan', 'subscriptions.json');
  }

  async ids(nodeId: string): Promise<string[]> {
    await this.#queue;
    return (await this.#read())[nodeId] ?? [];
  }

  add(nodeId: string, subscriberId: string): Promise<void> {
    return this.#update((all) => {
      all[nodeId] = [...new Set([...(all[nodeId] ?? []), subscriberId])];
    });
  }

  remove(nodeId: string, subscriberIds: readonly string[]): Promise<void> {
    return this.#update((all) => {
      const left = (all[nodeId] ?? []).filter((id) => !subscriberIds.includes(id));
      if (left.length > 0) all[nodeId] = left;
      else delete all[nodeId];
    });
  }

  async #read(): Promise<Record<string, string[]>> {
    try {
      return JSON.parse(await readFile(this.#file, 'utf8')) as Record<string, string[]>;
    } catch {
      return {};
    }
  }

  // One write at a time, each a whole file replaced at once, so a crash never leaves half a file.
  #update(change: (all: Record<string, string[]>) => void): Promise<void> {
    const next = this.#queue.then(async () => {
      const all = await this.#read();
      change(all);
      await mkdir(dirname(this.#file), { recursive: true });
      const temporary = `${this.#file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(all, null, 2));
      await rename(temporary, this.#file);
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
