/**
 * For kill-sync.test.ts: unlocks the vault in argv[2] and runs sync rounds
 * with 5 MiB parts (so a test file goes up in several), printing a line per
 * progress event, until the test kills it with SIGKILL.
 */
import { openVault } from '../../vault/open-vault.js';
import { TEST_PASSPHRASE } from '../../vault/test-support.js';
import { SyncEngine } from './engine.js';
import { SyncSession } from './session.js';

const [dir] = process.argv.slice(2);
const vault = await openVault(dir!, { passphrase: TEST_PASSPHRASE });
const session = await SyncSession.open(vault.syncHost, undefined, {
  partSize: 5 * 1024 * 1024,
  singlePutMax: 5 * 1024 * 1024,
  partConcurrency: 1,
});
const engine = new SyncEngine(session!, vault.syncHost);
await engine.sync({ onProgress: (p) => process.stdout.write(`${p.phase} ${p.blobs?.bytes.loaded ?? ''}\n`) });
process.stdout.write('finished\n');
session!.close();
await vault.close();
