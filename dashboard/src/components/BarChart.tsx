import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

// Only the pieces a bar chart needs: Chart.js is tree-shaken to them.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.font.family = "'Be Vietnam Pro', system-ui, sans-serif";
Chart.defaults.animation = false;

/** One series of a `BarChart`. */
export interface BarSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

/**
 * A bar chart (Chart.js on a canvas). The canvas is an image with a text label for screen
 * readers; the numbers themselves are in the table beside every chart.
 */
export function BarChart(props: {
  title: string;
  labels: string[];
  series: BarSeries[];
  formatValue(value: number): string;
  stacked?: boolean;
  /** Largest value of the axis (1 for rates). */
  max?: number;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { enabled: true } },
        scales: {
          x: { ticks: { autoSkip: false, maxRotation: 70, font: { size: 10 } } },
          y: { beginAtZero: true },
        },
      },
    });
    return () => chart.current?.destroy();
  }, []);
  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    current.data.labels = props.labels;
    current.data.datasets = props.series.map((series) => ({
      label: series.label,
      data: series.values,
      backgroundColor: series.color,
    }));
    const scales = current.options.scales!;
    // Every label fits for the 34 provinces; for a province's communes Chart.js picks which.
    (scales.x as { ticks: { autoSkip?: boolean } }).ticks.autoSkip = props.labels.length > 40;
    scales.x!.stacked = Boolean(props.stacked);
    scales.y!.stacked = Boolean(props.stacked);
    (scales.y as { max?: number }).max = props.max;
    (scales.y as { ticks: { callback?: unknown } }).ticks.callback = (value: unknown) =>
      props.formatValue(Number(value));
    current.options.plugins = {
      legend: { display: props.series.length > 1 },
      tooltip: {
        enabled: true,
        callbacks: {
          label: (item) => `${item.dataset.label}: ${props.formatValue(Number(item.raw))}`,
        },
      },
    };
    current.update();
  }, [props.labels, props.series, props.stacked, props.max, props.formatValue]);
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div class="chart-canvas" style={{ height: `${props.height ?? 260}px` }}>
        <canvas ref={canvas} role="img" aria-label={props.title} />
      </div>
    </figure>
  );
}
