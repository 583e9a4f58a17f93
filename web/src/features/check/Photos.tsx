// Photos of a post: added by drag and drop, the file picker or the phone's camera; each is uploaded once
// (multipart POST /api/v1/checks) so the server reads it (faces, text, capture time, location), and those facts go
// with every later text check, so typing does not upload the photo again. Who is in each photo is tagged from the
// roster; faces the server found are drawn on the photo, the ones no finding covers in blue, the findings in red, and
// a red face is a button that moves to the "Who is in it" field.
import { memo } from 'react';
import { Button, Card, Group, MultiSelect, Progress, Select, Stack, Text, TextInput } from '@mantine/core';
import type { Finding, PostImage } from './types';

export interface PhotoFacts {
  index: number;
  width: number;
  height: number;
  faces: Array<{ box: [number, number, number, number]; score: number }>;
  takenAt?: string;
  gps?: { lat: number; lon: number };
  text?: string;
  floorPlan?: { score: number; reason: string };
}

export interface Photo {
  id: string;
  name: string;
  url: string;
  file: File;
  description: string;
  setting: string | null;
  depicts: string[];
  /** What the server read from the file; null until it answers. */
  facts: PhotoFacts | null;
  /** Upload percent while sending, 100 while the server reads it; null when done or failed. */
  progress: number | null;
  problem: string | null;
}

export const SETTINGS = [
  { value: 'public-event', label: 'Public event (game, concert)' },
  { value: 'classroom', label: 'Classroom' },
  { value: 'school-building', label: 'School building' },
  { value: 'restricted-area', label: 'Staff-only or restricted area' },
  { value: 'floor-plan', label: 'Floor plan or map' },
  { value: 'off-site', label: 'Off site' },
  { value: 'other', label: 'Other' },
];

/** The contract's image for a check: what the employee said, plus what the server read from the file. */
export function postImage(p: Photo): PostImage {
  const img: PostImage = { description: p.description || p.name, depicts: p.depicts };
  if (p.setting) img.setting = p.setting as PostImage['setting'];
  if (p.facts) {
    const { faces, takenAt, gps, text, floorPlan } = p.facts;
    img.detected = { faces, ...(takenAt ? { takenAt } : {}), ...(gps ? { gps } : {}), ...(text ? { text } : {}), ...(floorPlan ? { floorPlan } : {}) };
  }
  return img;
}

type Box = [number, number, number, number];
const sameBox = (a: readonly number[], b: readonly number[]) => a.length === 4 && a.every((v, i) => Math.abs(v - b[i]!) < 1);

/** The photo with the faces and finding boxes drawn over it, in percent of the photo so it scales with the layout. */
function PhotoView({ photo, index, findings }: { photo: Photo; index: number; findings: Finding[] }) {
  const f = photo.facts;
  const boxed = findings.flatMap((x, i) => (x.evidence && 'image' in x.evidence && x.evidence.image === index && x.evidence.box?.length === 4 ? [{ box: x.evidence.box as Box, finding: x, n: i }] : []));
  const pct = (b: Box) => (f ? { left: `${(b[0] / f.width) * 100}%`, top: `${(b[1] / f.height) * 100}%`, width: `${(b[2] / f.width) * 100}%`, height: `${(b[3] / f.height) * 100}%` } : {});
  const plain = (f?.faces ?? []).filter((face) => !boxed.some((b) => sameBox(b.box, face.box)));
  const focusWho = () => document.getElementById(`photo-${photo.id}-who`)?.focus();
  return (
    <figure className="cp-photo" data-testid="photo-view">
      <div className="cp-photo-frame">
        <img src={photo.url} alt={`Photo ${index + 1}: ${photo.description || photo.name}`} />
        {plain.map((face, i) => (
          <span key={`f${i}`} className="cp-box cp-box-face" style={pct(face.box)} aria-hidden="true" data-testid="face-box" />
        ))}
        {boxed.map((b) => (
          <button
            key={`b${b.n}`}
            type="button"
            className="cp-box cp-box-finding"
            style={pct(b.box)}
            aria-label={`Photo ${index + 1}: ${b.finding.evidence && 'detail' in b.finding.evidence && b.finding.evidence.detail ? b.finding.evidence.detail : b.finding.rule}. Tag who it is`}
            aria-describedby={`finding-${b.n}`}
            onClick={focusWho}
            data-testid="finding-box"
          />
        ))}
      </div>
      <figcaption>
        <Text size="sm">
          {photo.progress !== null
            ? photo.progress < 100
              ? `Uploading (${photo.progress}%)`
              : 'Reading the photo: faces, text, when and where it was taken…'
            : photo.problem
              ? `This photo could not be read: ${photo.problem}`
              : f
                ? [
                    f.faces.length === 0 ? 'No faces found' : `${f.faces.length} face${f.faces.length === 1 ? '' : 's'} found${boxed.length ? `, ${boxed.length} marked in red by a finding` : ''}`,
                    f.takenAt ? `taken ${f.takenAt.replace('T', ' ')}` : null,
                    f.gps ? 'the file carries the place it was taken (GPS)' : null,
                    f.text ? 'text read in the photo' : null,
                  ]
                    .filter(Boolean)
                    .join('; ') + '.'
                : ''}
        </Text>
      </figcaption>
    </figure>
  );
}

export const Photos = memo(function Photos({
  photos,
  people,
  findings,
  setPhotos,
  addFiles,
}: {
  photos: Photo[];
  people: Array<{ value: string; label: string }>;
  findings: Finding[];
  setPhotos: React.Dispatch<React.SetStateAction<Photo[]>>;
  addFiles: (f: FileList | null) => void;
}) {
  const update = (id: string, patch: Partial<Photo>) => setPhotos((ps) => ps.map((x) => (x.id === id ? { ...x, ...patch } : x)));
  return (
    <>
      <div
        className="cp-drop"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          addFiles(e.dataTransfer.files);
        }}
      >
        <Text size="sm">Drop photos here, or</Text>
        <label className="cp-file-label">
          <input type="file" accept="image/*" capture="environment" multiple onChange={(e) => addFiles(e.currentTarget.files)} data-testid="photo-input" />
          <span>Add photos</span>
        </label>
      </div>
      {photos.map((p, i) => (
        <Card key={p.id} withBorder padding="sm" data-testid="photo">
          <Stack gap="xs">
            <PhotoView photo={p} index={i} findings={findings} />
            {p.progress !== null && <Progress value={p.progress} aria-label={`Photo ${i + 1} upload`} size="sm" animated={p.progress === 100} />}
            <TextInput label={`Photo ${i + 1}: what it shows`} value={p.description} onChange={(e) => update(p.id, { description: e.currentTarget.value })} />
            <Select label="Where it was taken" data={SETTINGS} value={p.setting} clearable onChange={(v) => update(p.id, { setting: v })} />
            <MultiSelect id={`photo-${p.id}-who`} label="Who is in it" description="Tag each person from the roster" placeholder="Type a name" searchable data={people} value={p.depicts} onChange={(v) => update(p.id, { depicts: v })} />
            <Group>
              <Button variant="default" size="xs" onClick={() => setPhotos((ps) => ps.filter((x) => x.id !== p.id))}>
                Remove photo {i + 1}
              </Button>
            </Group>
          </Stack>
        </Card>
      ))}
    </>
  );
});
