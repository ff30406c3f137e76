import type { Language } from './messages.ts';

const locales: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(locales[language], options);
    cache.set(key, format);
  }
  return format;
}

/** Formatters for one language: Vietnamese groups thousands with `.` and writes decimals with `,`. */
export interface Formatters {
  /** An integer count, `12.345` in Vietnamese. */
  count(value: number | null | undefined): string;
  /** A share in [0, 1] as a percentage with one decimal, `88,8 %`. */
  percent(value: number | null | undefined): string;
  /** A score with two decimals, `83,47`. */
  score(value: number | null | undefined): string;
  /** An amount in đồng, `1.234.567.890 ₫`. */
  money(value: number | null | undefined): string;
  /** A calendar day `YYYY-MM-DD` as `30/06/2025` (vi) or `30 Jun 2025` (en). */
  date(value: string | null | undefined): string;
  /** A month `YYYY-MM` as `tháng 7/2025` or `Jul 2025`. */
  month(value: string): string;
}

/** The formatters of `language`; a missing value is an en dash. */
export function formatters(language: Language): Formatters {
  const locale = locales[language];
  const missing = '–';
  const dayFormat = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    ...(language === 'vi'
      ? { day: '2-digit', month: '2-digit', year: 'numeric' }
      : { day: 'numeric', month: 'short', year: 'numeric' }),
  });
  const monthFormat = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    month: language === 'vi' ? 'numeric' : 'short',
    year: 'numeric',
  });
  const day = (text: string) => new Date(`${text}T00:00:00Z`);
  return {
    count: (value) => (value == null ? missing : numberFormat(language, {}).format(value)),
    percent: (value) =>
      value == null
        ? missing
        : numberFormat(language, {
            style: 'percent',
            minimumFractionDigits: 1,
            maximumFractionDigits: 1,
          }).format(value),
    score: (value) =>
      value == null
        ? missing
        : numberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
            value,
          ),
    money: (value) =>
      value == null
        ? missing
        : numberFormat(language, { style: 'currency', currency: 'VND' }).format(value),
    date: (value) => (value ? dayFormat.format(day(value)) : missing),
    month: (value) =>
      language === 'vi'
        ? `tháng ${monthFormat.format(day(`${value}-01`))}`
        : monthFormat.format(day(`${value}-01`)),
  };
}
