import { useState } from 'preact/hooks';
import { parseDeviceId } from '../../domain/receipt-number';
import { generateDeviceKeyPair } from '../../receipts/device-key';
import { saveDevice } from '../../store/device';
import { TextField } from '../../ui/fields/TextField';
import { useI18n } from '../../ui/i18n-context';
import { useApp } from '../../ui/app-context';

export function Enroll({ onEnrolled }: { onEnrolled(): void }) {
  const { api, db } = useApp();
  const { t, errorText } = useI18n();
  const [code, setCode] = useState('');
  const [operatorId, setOperatorId] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!code.trim() || !operatorId.trim()) {
      setError(t('enroll.missing'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const { keyPair, publicKeyJwk } = await generateDeviceKeyPair();
      const result = await api.enroll({ code: code.trim(), ...(label.trim() ? { label: label.trim() } : {}), publicKeyJwk });
      if (!result.ok) {
        setError(errorText(result.code));
        return;
      }
      const parsed = parseDeviceId(result.deviceId);
      if (!parsed) throw new Error(`unexpected device id ${result.deviceId}`);
      await saveDevice(db, {
        deviceId: result.deviceId,
        office: result.office,
        deviceCode: parsed.device,
        token: result.token,
        operatorId: operatorId.trim(),
        ...(label.trim() ? { label: label.trim() } : {}),
        enrolledAt: new Date().toISOString(),
        keyPair,
        ...(result.certificate ? { certificate: result.certificate } : {}),
      });
      // Ask the browser not to evict our data under storage pressure; filings live here until synced.
      await navigator.storage?.persist?.().catch(() => false);
      onEnrolled();
    } catch (failure) {
      console.error('sahej: enrollment failed', failure);
      setError(t('enroll.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form" onSubmit={submit} noValidate>
      <h1>{t('enroll.title')}</h1>
      <p>{t('enroll.intro')}</p>
      <TextField path="enroll.code" label={t('enroll.code')} hint={t('enroll.code.hint')} required value={code} onValue={setCode} maxLength={20} />
      <TextField path="enroll.operator" label={t('enroll.operator')} required value={operatorId} onValue={setOperatorId} maxLength={64} />
      <TextField path="enroll.label" label={t('enroll.label')} value={label} onValue={setLabel} maxLength={100} />
      {error ? (
        <p class="form__summary" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" class="button button--primary" disabled={busy}>
        {busy ? t('enroll.busy') : t('enroll.submit')}
      </button>
    </form>
  );
}
