// Small accessible SVG charts (bars, stacked bars, lines): a titled figure with a one-sentence summary,
// a legend, a "show as table" toggle with the same numbers, and a CSV export link. No chart library:
// @mantine/charts 9.7 wants @mantine/core 9.7 exactly (we run 9.8), and these few shapes need ~200 lines.
import { useId, useState, type ReactNode } from 'react';
import { Anchor, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';

export interface Series {
  key: string;
  label: string;
  /** A colour with at least 3:1 contrast on white (WCAG 1.4.11); defaults from PALETTE. */
  color?: string;
}

export type Row = Record<string, string | number | null | undefined>;

/** Dark shades of Mantine's palette: each is 3:1 or more against white. */
export const PALETTE = ['#364fc7', '#087f5b', '#c92a2a', '#d9480f', '#862e9c', '#0b7285', '#a61e4d', '#1864ab', '#495057', '#5f3dc4'];

export interface ChartProps {
  title: string;
  /** A sentence saying what the chart shows and its main point: the text alternative. */
  summary: string;
  data: Row[];
  xKey: string;
  xLabel: string;
  series: Series[];
  /** bar: grouped columns; stacked: stacked columns; line: one line per series; hbar: horizontal bars (long category names). */
  kind: 'bar' | 'stacked' | 'line' | 'hbar';
  yLabel?: string;
  /** Fixed top of the scale (e.g. 100 for percentages). */
  maxY?: number;
  format?: (n: number) => string;
  csvHref?: string;
  csvName?: string;
  /** data-testid of the figure. */
  testId?: string;
  children?: ReactNode;
}

const W = 640;
/** Text size in chart units: the chart scales with its box, so this stays readable at half width. */
const FONT = 13;
const H = 260;
const M = { top: 12, right: 12, bottom: 64, left: 52 };

function niceMax(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const stepInt = max >= 4 ? Math.max(1, Math.round(step)) : step;
  return { top: Math.ceil(max / stepInt) * stepInt, step: stepInt };
}

const num = (v: Row[string]): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function Svg({ data, xKey, series, kind, maxY, format, labelledBy, describedBy, yLabel }: ChartProps & { labelledBy: string; describedBy: string }) {
  const fmt = format ?? ((n: number) => String(Math.round(n * 10) / 10));
  const totals = data.map((d) => (kind === 'stacked' ? series.reduce((s, x) => s + num(d[x.key]), 0) : Math.max(0, ...series.map((x) => num(d[x.key])))));
  const { top, step } = maxY !== undefined ? { top: maxY, step: maxY / 4 } : niceMax(Math.max(0, ...totals));
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const y = (v: number) => M.top + ih - (Math.min(v, top) / top) * ih;
  const band = data.length > 0 ? iw / data.length : iw;
  const ticks: number[] = [];
  for (let t = 0; t <= top + 1e-9; t += step) ticks.push(t);
  const every = Math.max(1, Math.ceil(data.length / 12));
  const color = (i: number) => series[i]!.color ?? PALETTE[i % PALETTE.length]!;

  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={labelledBy} aria-describedby={describedBy} style={{ maxWidth: W, display: 'block' }}>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#dee2e6" />
          <text x={M.left - 6} y={y(t) + 4} textAnchor="end" fontSize={FONT} fill="#212529">
            {fmt(t)}
          </text>
        </g>
      ))}
      {yLabel && (
        <text x={12} y={M.top + ih / 2} transform={`rotate(-90 12 ${M.top + ih / 2})`} textAnchor="middle" fontSize={FONT} fill="#212529">
          {yLabel}
        </text>
      )}
      <line x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} stroke="#495057" />
      {data.map((d, i) => {
        const x0 = M.left + i * band;
        const label = String(d[xKey] ?? '');
        return (
          <g key={`${label}-${i}`}>
            {kind === 'bar' &&
              series.map((s, j) => {
                const bw = (band * 0.8) / series.length;
                const v = num(d[s.key]);
                return (
                  <rect key={s.key} x={x0 + band * 0.1 + j * bw} y={y(v)} width={Math.max(1, bw - 1)} height={y(0) - y(v)} fill={color(j)}>
                    <title>{`${label}, ${s.label}: ${fmt(v)}`}</title>
                  </rect>
                );
              })}
            {kind === 'stacked' &&
              (() => {
                let acc = 0;
                return series.map((s, j) => {
                  const v = num(d[s.key]);
                  const r = (
                    <rect key={s.key} x={x0 + band * 0.15} y={y(acc + v)} width={band * 0.7} height={y(acc) - y(acc + v)} fill={color(j)}>
                      <title>{`${label}, ${s.label}: ${fmt(v)}`}</title>
                    </rect>
                  );
                  acc += v;
                  return r;
                });
              })()}
            {i % every === 0 && (
              <text x={x0 + band / 2} y={H - M.bottom + 14} textAnchor="end" fontSize={FONT} fill="#212529" transform={`rotate(-30 ${x0 + band / 2} ${H - M.bottom + 14})`}>
                {label.length > 16 ? `${label.slice(0, 15)}…` : label}
              </text>
            )}
          </g>
        );
      })}
      {kind === 'line' &&
        series.map((s, j) => {
          const pts = data.map((d, i) => [M.left + i * band + band / 2, y(num(d[s.key]))] as const);
          return (
            <g key={s.key}>
              <polyline points={pts.map((p) => p.join(',')).join(' ')} fill="none" stroke={color(j)} strokeWidth={2} />
              {pts.map(([px, py], i) => (
                <circle key={i} cx={px} cy={py} r={3} fill={color(j)}>
                  <title>{`${String(data[i]![xKey] ?? '')}, ${s.label}: ${fmt(num(data[i]![s.key]))}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
    </svg>
  );
}

/** Horizontal bars, one row per category: for long names (rules, buildings). */
function HBarSvg({ data, xKey, series, maxY, format, labelledBy, describedBy }: ChartProps & { labelledBy: string; describedBy: string }) {
  const fmt = format ?? ((n: number) => String(Math.round(n * 10) / 10));
  const rowH = 22 * Math.max(1, series.length) + 10;
  const left = 200;
  const h = M.top + data.length * rowH + 28;
  const { top, step } = maxY !== undefined ? { top: maxY, step: maxY / 4 } : niceMax(Math.max(0, ...data.flatMap((d) => series.map((s) => num(d[s.key])))));
  const iw = W - left - M.right - 40;
  const x = (v: number) => left + (Math.min(v, top) / top) * iw;
  const ticks: number[] = [];
  for (let t = 0; t <= top + 1e-9; t += step) ticks.push(t);
  const color = (i: number) => series[i]!.color ?? PALETTE[i % PALETTE.length]!;
  return (
    <svg viewBox={`0 0 ${W} ${h}`} width="100%" role="img" aria-labelledby={labelledBy} aria-describedby={describedBy} style={{ maxWidth: W, display: 'block' }}>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={M.top} y2={h - 24} stroke="#dee2e6" />
          <text x={x(t)} y={h - 8} textAnchor="middle" fontSize={FONT} fill="#212529">
            {fmt(t)}
          </text>
        </g>
      ))}
      {data.map((d, i) => {
        const label = String(d[xKey] ?? '');
        const y0 = M.top + i * rowH;
        return (
          <g key={`${label}-${i}`}>
            <text x={left - 8} y={y0 + rowH / 2 + 4} textAnchor="end" fontSize={FONT} fill="#212529">
              {label.length > 26 ? `${label.slice(0, 25)}…` : label}
            </text>
            {series.map((s, j) => {
              const v = num(d[s.key]);
              return (
                <g key={s.key}>
                  <rect x={left} y={y0 + 4 + j * 22} width={Math.max(0, x(v) - left)} height={18} fill={color(j)}>
                    <title>{`${label}, ${s.label}: ${fmt(v)}`}</title>
                  </rect>
                  <text x={x(v) + 4} y={y0 + 4 + j * 22 + 13} fontSize={FONT} fill="#212529">
                    {fmt(v)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
      <line x1={left} x2={left} y1={M.top} y2={h - 24} stroke="#495057" />
    </svg>
  );
}

/** A chart with its title, summary, legend, table toggle and CSV link. */
export function Chart(props: ChartProps) {
  const id = useId();
  const [asTable, setAsTable] = useState(false);
  const { title, summary, data, xKey, xLabel, series, csvHref, csvName, testId, format } = props;
  const fmt = format ?? ((n: number) => String(n));
  const titleId = `${id}-title`;
  const summaryId = `${id}-summary`;
  return (
    <Card withBorder padding="md" component="figure" m={0} data-testid={testId} aria-labelledby={titleId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Title order={2} size="h4" id={titleId}>
            {title}
          </Title>
          <Group gap="xs">
            <Button variant="default" size="xs" aria-pressed={asTable} onClick={() => setAsTable((t) => !t)}>
              {asTable ? 'Show as chart' : 'Show as table'}
            </Button>
            {csvHref && (
              <Anchor href={csvHref} download={csvName ?? ''} size="sm" data-testid="csv-link">
                Download CSV<VisuallyHidden> of {title}</VisuallyHidden>
              </Anchor>
            )}
          </Group>
        </Group>
        <Text size="sm" id={summaryId}>
          {summary}
        </Text>
        {data.length === 0 ? (
          <Text size="sm">No data yet.</Text>
        ) : asTable ? (
          <Table.ScrollContainer minWidth={320}>
            <Table withTableBorder striped>
              <Table.Caption>{title}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{xLabel}</Table.Th>
                  {series.map((s) => (
                    <Table.Th key={s.key} scope="col">
                      {s.label}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((d, i) => (
                  <Table.Tr key={i}>
                    <Table.Th scope="row">{String(d[xKey] ?? '')}</Table.Th>
                    {series.map((s) => (
                      <Table.Td key={s.key}>{fmt(num(d[s.key]))}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : (
          <>
            {props.kind === 'hbar' ? <HBarSvg {...props} labelledBy={titleId} describedBy={summaryId} /> : <Svg {...props} labelledBy={titleId} describedBy={summaryId} />}
            <Group gap="md" component="ul" aria-label={`Legend of ${title}`} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {series.map((s, j) => (
                <Group key={s.key} gap={6} component="li">
                  <span aria-hidden="true" style={{ display: 'inline-block', width: 12, height: 12, background: s.color ?? PALETTE[j % PALETTE.length] }} />
                  <Text size="sm" component="span">
                    {s.label}
                  </Text>
                </Group>
              ))}
            </Group>
          </>
        )}
        {props.children}
      </Stack>
    </Card>
  );
}
