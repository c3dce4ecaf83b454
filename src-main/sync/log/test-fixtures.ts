/** Two devices of one vault, with their keys, for the change-log tests. Test support only. */
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { segmentName } from './names.js';
import { sealObject, ZERO_HASH, type Kind, type OpenContext } from './sealed-object.js';

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

/**
 * What a hostile member (or a buggy device) could write: any payload and
 * header fields, sealed and signed with a real device key, so only the
 * opener's content checks stand between it and the engine.
 */
export function sealRaw(
  v: ReturnType<typeof makeVault>,
  device: TestDevice,
  fields: { kind: Kind; name: string; seq: number; part?: number; parts?: number; prevHash?: string; payload: unknown },
) {
  return sealObject({
    vaultId: v.vaultId,
    deviceId: device.deviceId,
    nameKey: v.nameKey,
    epoch: 1,
    contentKey: v.keys.get(1)!,
    signingKey: device.privateKey,
    part: 0,
    parts: 1,
    prevHash: ZERO_HASH,
    ...fields,
  });
}
