/** A TCP port free on loopback right now, for a test server or a host started by a test. */
export declare function freePort(): Promise<number>;
