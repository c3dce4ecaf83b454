/** First run, unlock, strength of a new passphrase, and opening a synced vault. */
export const gate = {
  unlockTitle: 'Unlock Lockleaf',
  createTitle: 'Create your vault',
  createIntro:
    'Your documents are encrypted with this passphrase. Nobody — not even Lockleaf — can recover it if you forget it.',
  passphrase: 'Passphrase',
  showPassphrase: 'Show passphrase',
  strength: 'Passphrase strength',
  repeat: 'Repeat passphrase',
  differ: 'The passphrases differ.',
  tooShortProblem: 'The passphrase is too short: use at least 8 characters.',
  differProblem: 'The passphrases differ: type the same passphrase twice.',
  wait: 'Too many wrong passphrases. Try again in {{seconds}} s',
  unlock: 'Unlock',
  create: 'Create vault',
  openSynced: 'Open a synced vault',
  short: 'Too short: at least 8 characters',
  common: 'Weak: a common password, guessed first; use a few unrelated words',
  weak: 'Weak: add words or characters',
  fair: 'Fair',
  strong: 'Strong',
  cloneIntro:
    'Bring a vault you sync on another device to this one. You need the bucket’s details, your passphrase and the Secret Key from your emergency kit.',
  secretKey: 'Secret Key',
  deviceName: 'Name of this device (optional)',
  cloneProgress: 'Opening the synced vault',
  cloneChecking: 'Checking the bucket and your keys…',
  cloneSubmit: 'Open synced vault',
};

/** The bucket fields of sync set-up and of opening a synced vault. */
export const bucket = {
  legend: 'Bucket',
  storage: 'Storage',
  other: 'Other S3-compatible storage',
  accountId: 'R2 account id',
  accountIdHint: '32 hexadecimal characters',
  endpoint: 'Endpoint',
  region: 'Region',
  pathStyle: 'Path-style addresses (MinIO and other self-hosted servers)',
  name: 'Bucket name',
  accessKeyId: 'Access key id',
  secretAccessKey: 'Secret access key',
};
