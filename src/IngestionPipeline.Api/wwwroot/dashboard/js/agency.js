import { chart, fill, formatNumber, getJson, h, navigation, param, reload, run, showValue, table } from './common.js';

navigation('agency.html');

const agencySelect = document.getElementById('agency');
const fromSelect = document.getElementById('from');
const toSelect = document.getElementById('to');

function options(select, values, selected) {
  select.replaceChildren(...values.map(v => h('option', { value: v, selected: String(v) === String(selected) }, v)));
}

function lineChart(id, title, series) {
  const years = [...new Set(series.flatMap(s => s.points.map(p => p.year)))].sort();
  return chart(id, {
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 8, right: 24, top: 36, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', minInterval: 1 },
    // A year whose cell holds no number is a gap in the line, not a zero.
    series: series.map(s => ({
      name: s.label,
      type: 'line',
      connectNulls: false,
      data: years.map(y => s.points.find(p => p.year === y)?.value ?? null),
    })),
  });
}

function changeCell(change) {
  if (change === null || change === undefined) return h('td', { class: 'num muted' }, '—');
  const text = change > 0 ? `+${formatNumber(change)}` : formatNumber(change);
  return h('td', { class: `num ${change > 0 ? 'change-up' : change < 0 ? 'change-down' : ''}` }, text);
}

function comparisonRows(cells) {
  return cells.map(c => h('tr', { dataset: { path: c.path } },
    h('td', {}, c.table.slice(0, 2)),
    h('td', {}, c.row),
    h('td', {}, c.column),
    h('td', { class: 'num' }, showValue(c.from, c.fromSemantic)),
    h('td', { class: 'num' }, showValue(c.to, c.toSemantic)),
    changeCell(c.change)));
}

async function load() {
  const overview = await getJson('api/overview');
  const agencies = overview.agencies.map(a => a.organization);
  const organization = param('organization') || agencies[0];
  if (!organization) {
    fill('reports', h('p', { class: 'muted' }, '存储中还没有报告。The store holds no report yet.'));
    return;
  }

  options(agencySelect, agencies, organization);
  const query = new URLSearchParams({ organization });
  if (param('from')) query.set('from', param('from'));
  if (param('to')) query.set('to', param('to'));
  const agency = await getJson(`api/agency?${query}`);

  fill('title', `${agency.organization} · 历年 history`);
  fill('reports', table(
    ['年度 Year', '报告 Report', '模板 Template', '版本 Version', '问题 Findings'],
    agency.reports.map(r => h('tr', {},
      h('td', {}, r.year),
      h('td', {}, h('a', { href: `report.html?key=${encodeURIComponent(r.reportKey)}` }, r.reportKey)),
      h('td', {}, r.templateVersion),
      h('td', { class: 'num' }, r.version),
      h('td', { class: 'num' }, r.findingCount)))));

  lineChart('chart-applications', '申请 Applications', agency.series.filter(s => s.path.startsWith('applications.')));
  lineChart('chart-review', '复议与诉讼 Reviews and suits', agency.series.filter(s => s.path.startsWith('reviewLitigation.')));

  const years = agency.reports.map(r => r.year);
  const comparison = agency.comparison;
  if (!comparison) {
    fill('comparison', h('p', { class: 'muted' }, '只有一个年度，无法对比。Only one year: nothing to compare.'));
    fill('largest');
    fill('checks');
    return;
  }

  options(fromSelect, years, comparison.from);
  options(toSelect, years, comparison.to);
  fill('largest', h('h2', {}, `变化最大 Largest changes ${comparison.from} → ${comparison.to}`),
    comparison.largestChanges.length === 0
      ? h('p', { class: 'muted' }, '没有数值变化。No value changed.')
      : table(['表 Table', '行 Row', '列 Column', String(comparison.from), String(comparison.to), '变化 Change'], comparisonRows(comparison.largestChanges), { id: 'largest-table' }));
  fill('checks', comparison.checks.length === 0 ? null : [
    h('h2', {}, `结转核对 Carried-over checks (${comparison.to} 上年结转 = ${comparison.from} 结转下年度)`),
    table(['单元格 Cell', `${comparison.from} 结转下年度`, `${comparison.to} 上年结转`, '结果 Result'],
      comparison.checks.map(c => h('tr', {},
        h('td', {}, c.label),
        h('td', { class: 'num' }, showValue(c.expected, null)),
        h('td', { class: 'num' }, showValue(c.actual, null)),
        h('td', { class: `status-${c.status}` }, c.status))), { id: 'checks-table' })]);
  fill('comparison', h('h2', {}, `全部单元格 Every cell ${comparison.from} vs ${comparison.to}`),
    table(['表 Table', '行 Row', '列 Column', String(comparison.from), String(comparison.to), '变化 Change'], comparisonRows(comparison.cells), { id: 'comparison-table' }));
}

function navigate(changes) {
  const query = new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) query.delete(name); else query.set(name, value);
  }
  history.replaceState(null, '', `?${query}`);
  reload(load);
}

agencySelect.addEventListener('change', () => navigate({ organization: agencySelect.value, from: null, to: null }));
fromSelect.addEventListener('change', () => navigate({ from: fromSelect.value }));
toSelect.addEventListener('change', () => navigate({ to: toSelect.value }));

run(load);
