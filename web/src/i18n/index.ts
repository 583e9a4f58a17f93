// Message catalogs for the guardian pages (English and Spanish); components never hold these strings.
import en from './en.json';
import es from './es.json';

export const CATALOGS = { en, es } as const;
export type Lang = keyof typeof CATALOGS;
export type MessageKey = keyof typeof en;

export function pickLang(stored: string | null, browser: readonly string[]): Lang {
  if (stored === 'en' || stored === 'es') return stored;
  for (const l of browser) {
    const base = l.slice(0, 2).toLowerCase();
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}

export function translate(lang: Lang, key: MessageKey, vars: Record<string, string> = {}): string {
  const msg: string = (CATALOGS[lang] as Record<string, string>)[key] ?? en[key];
  return msg.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? `{${k}}`);
}
