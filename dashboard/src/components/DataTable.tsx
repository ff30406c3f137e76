import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { useSettings } from '../app/settings.tsx';
import { fold } from '../i18n/fold.ts';
import { download, toCsv } from './toCsv.ts';

/** One column of a `DataTable`. */
export interface Column<Row> {
  id: string;
  label: string;
  /** The raw value: what the column sorts by and what CSV export writes. */
  value(row: Row): number | string | null | undefined;
  /** What the cell shows; the raw value when omitted. */
  display?(row: Row): ComponentChildren;
  /** Right-aligned and sorted as a number. */
  numeric?: boolean;
}

/** A right-aligned, numerically sorted column whose cells show `value` through `format`. */
export function numberColumn<Row>(
  id: string,
  label: string,
  value: (row: Row) => number | null | undefined,
  format: (value: number | null | undefined) => string,
): Column<Row> {
  return { id, label, numeric: true, value, display: (row) => format(value(row)) };
}

/**
 * A sortable table (click or Enter on a header), optionally searchable and exportable to CSV.
 * Headers carry `aria-sort`; the search box filters by the folded text of `searchText`.
 */
export function DataTable<Row>(props: {
  caption: string;
  // The rows decide the row type; the columns are checked against it.
  columns: NoInfer<Column<Row>>[];
  rows: Row[];
  rowKey(row: Row): string;
  initialSort?: { id: string; descending: boolean };
  searchText?(row: Row): string;
  searchLabel?: string;
  csvFileName?: string;
}) {
  const { t, format } = useSettings();
  const [sort, setSort] = useState(
    props.initialSort ?? { id: props.columns[0]!.id, descending: false },
  );
  const [query, setQuery] = useState('');
  const visible = useMemo(() => {
    const folded = fold(query);
    const filtered =
      folded && props.searchText
        ? props.rows.filter((row) => fold(props.searchText!(row)).includes(folded))
        : props.rows;
    const column = props.columns.find((candidate) => candidate.id === sort.id) ?? props.columns[0]!;
    const sorted = [...filtered].sort((a, b) => {
      const left = column.value(a);
      const right = column.value(b);
      // Missing values go last whichever the direction.
      if (left == null || right == null) return left == null ? (right == null ? 0 : 1) : -1;
      const order =
        typeof left === 'number' && typeof right === 'number'
          ? left - right
          : String(left).localeCompare(String(right), 'vi');
      return sort.descending ? -order : order;
    });
    return sorted;
  }, [props.rows, props.columns, sort, query, props.searchText]);

  const exportCsv = () =>
    download(
      props.csvFileName ?? 'export.csv',
      toCsv(
        props.columns.map((column) => column.label),
        visible.map((row) => props.columns.map((column) => column.value(row))),
      ),
    );

  return (
    <div class="table-block">
      {(props.searchText || props.csvFileName) && (
        <div class="table-tools">
          {props.searchText && (
            <label class="search">
              <span>{props.searchLabel ?? t('search')}</span>
              <input
                type="search"
                value={query}
                onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
              />
            </label>
          )}
          <span class="table-count" aria-live="polite">
            {t('showing')} {format.count(visible.length)} {t('of')}{' '}
            {format.count(props.rows.length)} {t('rows')}
          </span>
          {props.csvFileName && (
            <button type="button" onClick={exportCsv}>
              {t('exportCsv')}
            </button>
          )}
        </div>
      )}
      <div class="table-scroll">
        <table>
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((column) => {
                const active = column.id === sort.id;
                return (
                  <th
                    key={column.id}
                    scope="col"
                    class={column.numeric ? 'numeric' : undefined}
                    aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
                  >
                    <button
                      type="button"
                      class="sort-button"
                      onClick={() =>
                        setSort({
                          id: column.id,
                          descending: active ? !sort.descending : Boolean(column.numeric),
                        })
                      }
                    >
                      {column.label}
                      <span aria-hidden="true">
                        {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {visible.map((row) => (
              <tr key={props.rowKey(row)}>
                {props.columns.map((column, index) => {
                  const content = column.display ? column.display(row) : column.value(row);
                  const Cell = index === 0 ? 'th' : 'td';
                  return (
                    <Cell
                      key={column.id}
                      scope={index === 0 ? 'row' : undefined}
                      class={column.numeric ? 'numeric' : undefined}
                      data-column={column.id}
                    >
                      {content ?? '–'}
                    </Cell>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
