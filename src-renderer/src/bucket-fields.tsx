import { useTranslation } from 'react-i18next';

/** The bucket part of the set-up and clone forms: Cloudflare R2 by account id, or any S3-compatible endpoint. */
export interface BucketForm {
  kind: 'r2' | 's3';
  accountId: string;
  endpoint: string;
  region: string;
  pathStyle: boolean;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export const EMPTY_BUCKET: BucketForm = {
  kind: 'r2',
  accountId: '',
  endpoint: '',
  region: '',
  pathStyle: false,
  bucket: '',
  accessKeyId: '',
  secretAccessKey: '',
};

/** The bridge payload's bucket fields: only those the kind uses. */
export function bucketPayload(f: BucketForm) {
  const common = { bucket: f.bucket.trim(), accessKeyId: f.accessKeyId.trim(), secretAccessKey: f.secretAccessKey };
  if (f.kind === 'r2') return { kind: 'r2' as const, accountId: f.accountId.trim(), ...common };
  return {
    kind: 's3' as const,
    endpoint: f.endpoint.trim(),
    ...(f.region.trim() ? { region: f.region.trim() } : {}),
    pathStyle: f.pathStyle,
    ...common,
  };
}

export function BucketFields({ value, onChange }: { value: BucketForm; onChange: (next: BucketForm) => void }) {
  const { t } = useTranslation();
  const text = (key: 'accountId' | 'endpoint' | 'region' | 'bucket' | 'accessKeyId' | 'secretAccessKey') => ({
    value: value[key],
    onChange: (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value }),
  });
  return (
    <fieldset className="bucket">
      <legend>{t('bucket.legend')}</legend>
      <label>
        {t('bucket.storage')}
        <select value={value.kind} onChange={(e) => onChange({ ...value, kind: e.target.value as 'r2' | 's3' })}>
          <option value="r2">Cloudflare R2</option>
          <option value="s3">{t('bucket.other')}</option>
        </select>
      </label>
      {value.kind === 'r2' ? (
        <label>
          {t('bucket.accountId')}{' '}
          <input required spellCheck={false} {...text('accountId')} placeholder={t('bucket.accountIdHint')} />
        </label>
      ) : (
        <>
          <label>
            {t('bucket.endpoint')}{' '}
            <input required type="url" spellCheck={false} {...text('endpoint')} placeholder="https://…" />
          </label>
          <label>
            {t('bucket.region')} <input spellCheck={false} {...text('region')} placeholder="us-east-1" />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={value.pathStyle}
              onChange={(e) => onChange({ ...value, pathStyle: e.target.checked })}
            />
            {t('bucket.pathStyle')}
          </label>
        </>
      )}
      <label>
        {t('bucket.name')} <input required spellCheck={false} {...text('bucket')} />
      </label>
      <label>
        {t('bucket.accessKeyId')} <input required spellCheck={false} autoComplete="off" {...text('accessKeyId')} />
      </label>
      <label>
        {t('bucket.secretAccessKey')} <input required type="password" autoComplete="off" {...text('secretAccessKey')} />
      </label>
    </fieldset>
  );
}
