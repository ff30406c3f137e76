/**
 * A CSV file (RFC 4180: comma-separated, CRLF, fields quoted when they hold a comma, quote or line
 * break) with a UTF-8 byte-order mark, so that spreadsheet programs read Vietnamese names right.
 * Numbers are written raw (`0.888`), not in the page's locale, so they stay numbers.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (value: unknown) => {
    const text = value == null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [header, ...rows].map((row) => row.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Offers `content` to the person as a download named `fileName`. */
export function download(fileName: string, content: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
