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

/** Which column the rows are sorted by, and in which direction. */
interface Sort {
  id: string;
  descending: boolean;
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
  initialSort?: Sort;
  searchText?(row: Row): string;
  searchLabel?: string;
  csvFileName?: string;
}) {
  const [sort, setSort] = useState(
    props.initialSort ?? { id: props.columns[0]!.id, descending: false },
  );
  const [query, setQuery] = useState('');
  const visible = useMemo(
    () => visibleRows(props.rows, props.columns, sort, query, props.searchText),
    [props.rows, props.columns, sort, query, props.searchText],
  );

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
        <TableTools
          searchable={Boolean(props.searchText)}
          searchLabel={props.searchLabel}
          query={query}
          onQuery={setQuery}
          visibleRows={visible.length}
          rows={props.rows.length}
          onExport={props.csvFileName ? exportCsv : undefined}
        />
      )}
      <div class="table-scroll">
        <table>
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((column) => (
                <SortHeader key={column.id} column={column} sort={sort} onSort={setSort} />
              ))}
            </tr>
          </thead>
          <tbody>
            {visible.map((row) => (
              <tr key={props.rowKey(row)}>
                {props.columns.map((column, index) => dataCell(column, row, index === 0))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * The rows whose folded `searchText` contains the folded query, sorted by the sort's column;
 * rows without a value go last whichever the direction.
 */
function visibleRows<Row>(
  rows: Row[],
  columns: Column<Row>[],
  sort: Sort,
  query: string,
  searchText: ((row: Row) => string) | undefined,
): Row[] {
  const folded = fold(query);
  const filtered =
    folded && searchText ? rows.filter((row) => fold(searchText(row)).includes(folded)) : rows;
  const column = columns.find((candidate) => candidate.id === sort.id) ?? columns[0]!;
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
}

/** Above the table: the search box, how many rows are shown, and the CSV export button. */
function TableTools(props: {
  searchable: boolean;
  searchLabel: string | undefined;
  query: string;
  onQuery(query: string): void;
  visibleRows: number;
  rows: number;
  onExport: (() => void) | undefined;
}) {
  const { t, format } = useSettings();
  return (
    <div class="table-tools">
      {props.searchable && (
        <label class="search">
          <span>{props.searchLabel ?? t('search')}</span>
          <input
            type="search"
            value={props.query}
            onInput={(event) => props.onQuery((event.target as HTMLInputElement).value)}
          />
        </label>
      )}
      <span class="table-count" aria-live="polite">
        {t('showing')} {format.count(props.visibleRows)} {t('of')} {format.count(props.rows)}{' '}
        {t('rows')}
      </span>
      {props.onExport && (
        <button type="button" onClick={props.onExport}>
          {t('exportCsv')}
        </button>
      )}
    </div>
  );
}

/**
 * A column's header: a button that sorts by it (descending first for a number), then reverses;
 * `aria-sort` and an arrow say the current order.
 */
function SortHeader<Row>(props: { column: Column<Row>; sort: Sort; onSort(sort: Sort): void }) {
  const { column, sort } = props;
  const active = column.id === sort.id;
  return (
    <th
      scope="col"
      class={column.numeric ? 'numeric' : undefined}
      aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
    >
      <button
        type="button"
        class="sort-button"
        onClick={() =>
          props.onSort({
            id: column.id,
            descending: active ? !sort.descending : Boolean(column.numeric),
          })
        }
      >
        {column.label}
        <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
}

/**
 * One cell of a row: what its column displays, a dash when nothing; the first is the row header.
 * A plain function, not a component: a table may have thousands of rows of cells.
 */
function dataCell<Row>(column: Column<Row>, row: Row, rowHeader: boolean) {
  const content = column.display ? column.display(row) : column.value(row);
  const Cell = rowHeader ? 'th' : 'td';
  return (
    <Cell
      key={column.id}
      scope={rowHeader ? 'row' : undefined}
      class={column.numeric ? 'numeric' : undefined}
      data-column={column.id}
    >
      {content ?? '–'}
    </Cell>
  );
}
