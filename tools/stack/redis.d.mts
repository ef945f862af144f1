/** The Redis the stack uses; `started` says whether the stack owns the process. */
export interface RedisService {
  url: string;
  started: boolean;
  stop(): Promise<void>;
}
export declare function ensureRedis(options: { dataDir: string }): Promise<RedisService>;
