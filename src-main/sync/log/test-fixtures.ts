/** Two devices of one vault, with their keys, for the change-log tests. Test support only. */
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { segmentName } from './names.js';
import type { OpenContext } from './sealed-object.js';

export interface TestDevice {
  deviceId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function makeDevice(): TestDevice {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { deviceId: randomBytes(16).toString('hex'), privateKey, publicKey };
}

export function makeVault() {
  const vaultId = randomUUID();
  const nameKey = randomBytes(32);
  const keys = new Map<number, Buffer>([
    [1, randomBytes(32)],
    [2, randomBytes(32)],
  ]);
  const a = makeDevice();
  const b = makeDevice();
  const devices = new Map([a, b].map((d) => [d.deviceId, d]));
  /** How a device of this vault opens an object of `device` read from `name`. */
  const ctx = (device: TestDevice, name: string): OpenContext => ({
    name,
    vaultId,
    deviceId: device.deviceId,
    nameKey,
    keyFor: (epoch) => keys.get(epoch),
    publicKeyOf: (id) => devices.get(id)?.publicKey,
  });
  const nameOf = (deviceId: string, seq: number) => segmentName(nameKey, deviceId, seq);
  return { vaultId, nameKey, keys, a, b, ctx, nameOf };
}

export function change(id: string, field: string, value: unknown, hlc: string) {
  return { entity: 'document', id, field, value, hlc, prev: null };
}
