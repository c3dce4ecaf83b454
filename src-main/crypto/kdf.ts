/**
 * Passphrase → key-encryption key with Argon2id. The parameters are stored
 * beside the wrap so they can be raised later without breaking old vaults.
 */
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export const kdfParamsSchema = z.object({
  alg: z.literal('argon2id'),
  memoryKiB: z
    .number()
    .int()
    .min(8 * 1024)
    .max(4 * 1024 * 1024),
  iterations: z.number().int().min(1).max(100),
  parallelism: z.number().int().min(1).max(16),
  salt: z.string().min(16),
});
export type KdfParams = z.infer<typeof kdfParamsSchema>;

/** Tuned on this project's 2-core reference machine to take ~0.5 s (see README). */
export const DEFAULT_KDF = { memoryKiB: 256 * 1024, iterations: 3, parallelism: 2 } as const;

/** Cheap parameters for tests only: never used for a real vault. */
export const TEST_KDF = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 } as const;

export type KdfCost = { memoryKiB: number; iterations: number; parallelism: number };

export function newKdfParams(cost: KdfCost = DEFAULT_KDF): KdfParams {
  return { alg: 'argon2id', ...cost, salt: randomBytes(16).toString('base64') };
}

export async function deriveKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  return argon2.hash(passphrase.normalize('NFKC'), {
    type: argon2.argon2id,
    raw: true,
    hashLength: 32,
    salt: Buffer.from(params.salt, 'base64'),
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
  });
}
