// A consent's history on demand: who recorded, signed or revoked it, when, and why (GET /api/v1/consents/{id}/history).
import { useState } from 'react';
import { Button, List, Text, VisuallyHidden } from '@mantine/core';
import { ErrorAlert } from '../../lib/ErrorAlert';
import { api } from '../../lib/api';
import { errorText } from '../../lib/paging';
import { formatDateTime } from '../../lib/time';

interface ConsentEvent {
  id: string;
  event: string;
  at: string;
  by: string;
  details: Record<string, unknown>;
}

const EVENT_TEXT: Record<string, string> = { recorded: 'Recorded', revoked: 'Revoked', signed: 'Signed', declined: 'Declined', expired: 'Expired' };

/** One line of the history: the event, then what the record says about it (signed on paper or online, the reason). */
function describe(e: ConsentEvent): string {
  const parts = [EVENT_TEXT[e.event] ?? e.event];
  if (e.event === 'recorded') {
    if (e.details.signed === true) parts.push('e-signed by the guardian');
    else if (typeof e.details.form === 'string') parts.push('with the scanned signed form');
    if (typeof e.details.grantedBy === 'string') parts.push(`granted by ${e.details.grantedBy}`);
  }
  if (typeof e.details.reason === 'string' && e.details.reason !== '') parts.push(`reason: ${e.details.reason}`);
  return parts.join(', ');
}

export function ConsentHistory({ consentId, label, names }: { consentId: string; label: string; names?: Record<string, string> }) {
  const [open, setOpen] = useState(false);
  const [events, setEvents] = useState<ConsentEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = `history-${consentId}`;
  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (!next) return;
    api<{ items: ConsentEvent[] }>(`/api/v1/consents/${encodeURIComponent(consentId)}/history`)
      .then((r) => {
        setEvents(r.items);
        setError(null);
      })
      .catch((e: unknown) => setError(errorText(e)));
  };
  return (
    <div>
      <Button size="xs" variant="default" aria-expanded={open} aria-controls={id} onClick={toggle}>
        {open ? 'Hide' : 'Show'} history<VisuallyHidden component="span"> of {label}</VisuallyHidden>
      </Button>
      <div id={id}>
        {open && error && <ErrorAlert>{error}</ErrorAlert>}
        {open && events === null && !error && <Text size="sm">Loading…</Text>}
        {open && events !== null && (
          <List size="sm" type="ordered" aria-label={`History of ${label}`} data-testid="consent-history">
            {events.map((e) => (
              <List.Item key={e.id}>
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>: {describe(e)} (by {names?.[e.by] ?? e.by})
              </List.Item>
            ))}
          </List>
        )}
      </div>
    </div>
  );
}
