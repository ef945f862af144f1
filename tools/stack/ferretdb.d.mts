import type { ChildProcess } from 'node:child_process';

/** A service process the stack started. */
export interface StartedService {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}
export declare const FERRETDB_MODULE: string;
export declare const FERRETDB_VERSION: string;
export declare function ensureFerretDb(log?: (line: string) => void): string;
export declare function startFerretDb(options: {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<StartedService>;
export declare function stopChild(child: ChildProcess, graceMs?: number): Promise<void>;
