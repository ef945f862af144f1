import type { ChildProcess } from 'node:child_process';

export declare function freePort(): Promise<number>;
export declare function waitForPort(
  port: number,
  timeoutMs: number,
  child?: ChildProcess,
): Promise<void>;
export declare function redisAnswers(
  port: number,
  host?: string,
  timeoutMs?: number,
): Promise<boolean>;
