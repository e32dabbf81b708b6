export declare const runtimes: Record<4 | 5, string>;
export declare function ensureRuntime(major?: 4 | 5): Promise<string>;
export declare function packPackages(into: string): Promise<string[]>;
export declare function createUserDirectory(tarballs: string[]): Promise<string>;
export declare function removeUserDirectory(userDir: string): Promise<void>;
export interface NodeRedProcess {
  url: string;
  port: number;
  userDir: string;
  admin(path: string, init?: RequestInit): Promise<Response>;
  /** The same as a user with only Node-RED's `read` permission. */
  viewer(path: string, init?: RequestInit): Promise<Response>;
  deploy(flows: unknown[]): Promise<void>;
  setFlowsState(state: 'start' | 'stop'): Promise<void>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  output(): string;
}
export declare function startNodeRed(options: {
  major?: 4 | 5;
  userDir: string;
  port?: number;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Also write Node-RED's log to this process's stderr as it comes. */
  echo?: boolean;
}): Promise<NodeRedProcess>;
// biome-ignore lint/suspicious/noExplicitAny: playwright-core's types are not installed in the workspace
export declare function ensureBrowser(): Promise<{ chromium: any; executablePath: string }>;
