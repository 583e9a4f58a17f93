// Revoke one consent with a reason: If-Match with the version read (someone else's change first gets 412), the
// problem's message next to the reason when it names it, above the button otherwise.
import { useState } from 'react';
import { Button, Group, TextInput } from '@mantine/core';
import { ErrorAlert } from '../../lib/ErrorAlert';
import { api } from '../../lib/api';
import { ifMatch, useSubmit } from '../../lib/submit';

export function RevokeConsent({ consent, label, onRevoked }: { consent: { id: string; version: number }; label: string; onRevoked: () => void }) {
  const [reason, setReason] = useState('');
  const revoke = useSubmit(
    () => api(`/api/v1/consents/${encodeURIComponent(consent.id)}/revoke`, { body: reason.trim() ? { reason: reason.trim() } : {}, headers: ifMatch(consent.version) }),
    onRevoked,
  );
  const other = revoke.formError(['reason']);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void revoke.run();
      }}
      noValidate
    >
      {other && (
        <ErrorAlert mt="xs">
          {other}
        </ErrorAlert>
      )}
      <Group mt="xs" align="flex-end">
        <TextInput size="xs" label="Reason for revoking" description={`Revoking ${label}`} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={revoke.fieldError('reason')} />
        <Button size="xs" variant="default" type="submit" loading={revoke.busy}>
          Revoke
        </Button>
      </Group>
    </form>
  );
}
