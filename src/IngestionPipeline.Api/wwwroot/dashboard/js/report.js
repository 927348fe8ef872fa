import { fill, getJson, h, navigation, param, run, showValue, table } from './common.js';

navigation('report.html');

const severityRank = { error: 0, warning: 1, info: 2 };
const semanticNames = {
  ZERO: '0 零', NUMERIC: '数值 numeric', EMPTY: '空白 blank', NA: '/ 不适用', TEXT: '文字 text', MISSING: '缺失 missing',
};

/** Walks the contract document to the cell at a dotted path. */
function cellAt(document, path) {
  return path.split('.').reduce((node, key) => (node && typeof node === 'object' ? node[key] : undefined), document);
}

/** The findings naming each path, worst severity first. */
function findingsByPath(findings) {
  const byPath = new Map();
  for (const finding of findings) {
    for (const path of finding.paths || []) {
      if (!byPath.has(path)) byPath.set(path, []);
      byPath.get(path).push(finding);
    }
  }
  for (const list of byPath.values()) list.sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
  return byPath;
}

function describeSource(source) {
  if (!source) return [['来源 Source', '未记录 not recorded']];
  const rows = [];
  if (source.page != null) rows.push(['来源页 Source page', source.page]);
  if (source.line != null) rows.push(['来源行号 Source line', source.line]);
  if (source.table != null) rows.push(['来源表 Source table', source.table]);
  if (source.row != null) rows.push(['来源行 Source row', source.row]);
  if (source.column != null) rows.push(['来源列 Source column', source.column]);
  if (source.box) {
    const b = source.box;
    rows.push(['来源框 Source box', `l ${b.left} · t ${b.top} · r ${b.right} · b ${b.bottom} (pt)`]);
  }
  if (source.placedBy) rows.push(['定位 Placed-by', source.placedBy]);
  return rows;
}

function showCell(td, path, cell, label, findings) {
  document.querySelectorAll('td.value.selected').forEach(e => e.classList.remove('selected'));
  td.classList.add('selected');
  const entries = [
    ['路径 Path', path],
    ['表 Table', label?.table ?? ''],
    ['行 Row', label?.row ?? ''],
    ['列 Column', label?.column ?? ''],
    ['值 Value', cell ? showValue(cell.value, cell.semantic) : '缺失'],
    ['语义 Semantic', cell ? semanticNames[cell.semantic] ?? cell.semantic : 'MISSING'],
    ['原文 Raw', cell?.raw ?? '(无 none)'],
  ];
  if (cell?.unit) entries.push(['单位 Unit', cell.unit]);
  if (cell?.inferred) entries.push(['推算 Inferred', '是：由恒等式推出，并非读取 yes: derived, not read']);
  if (cell?.note) entries.push(['备注 Note', cell.note]);
  entries.push(...describeSource(cell?.source));
  fill('cell',
    h('h2', {}, '单元格 Cell'),
    h('dl', { id: 'cell-details' }, entries.flatMap(([name, value]) => [h('dt', {}, name), h('dd', { dataset: { field: name.split(' ').pop().toLowerCase() } }, String(value))])),
    findings.length === 0 ? null : [
      h('h2', {}, '相关问题 Findings on this cell'),
      h('ul', {}, findings.map(f => h('li', { class: `sev-${f.severity}` }, `${f.ruleId} (${f.severity}, ${f.status}): ${f.message}`)))]);
}

function renderTable(printed, document, labels, byPath) {
  const rows = printed.rows.map(row => h('tr', {}, row.map(cell => {
    const span = { colspan: cell.colSpan > 1 ? cell.colSpan : null, rowspan: cell.rowSpan > 1 ? cell.rowSpan : null };
    if (!cell.path) return h('td', { class: 'label', ...span }, cell.text ?? '');
    const value = cellAt(document, cell.path);
    const findings = byPath.get(cell.path) || [];
    const classes = ['value', `sem-${value?.semantic ?? 'MISSING'}`];
    if (value?.inferred) classes.push('inferred');
    if (findings.length > 0) classes.push(`finding-${findings[0].severity}`);
    const td = h('td', {
      class: classes.join(' '),
      ...span,
      tabindex: 0,
      title: `${cell.path}${findings.length ? ` · ${findings.map(f => f.ruleId).join(', ')}` : ''}`,
      dataset: { path: cell.path, semantic: value?.semantic ?? 'MISSING' },
    }, value ? showValue(value.value, value.semantic) : '缺失');
    const open = () => showCell(td, cell.path, value, labels[cell.path], findings);
    td.addEventListener('click', open);
    td.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } });
    return td;
  })));
  return [h('h2', {}, printed.title), h('table', { class: 'grid', id: `table-${printed.id}` }, h('tbody', {}, rows))];
}

async function picker() {
  const heads = await getJson('../reports?limit=1000');
  fill('picker', heads.length === 0
    ? h('p', { class: 'muted' }, '存储中还没有报告。The store holds no report yet.')
    : table(['报告 Report', '机关 Organization', '年度 Year', '模板 Template', '版本 Version', '问题 Findings'],
      heads.map(r => h('tr', {},
        h('td', {}, h('a', { href: `report.html?key=${encodeURIComponent(r.reportKey)}` }, r.reportKey)),
        h('td', {}, r.organizationNormalized ?? r.organization),
        h('td', {}, r.year),
        h('td', {}, r.templateVersion),
        h('td', { class: 'num' }, r.currentVersion),
        h('td', { class: 'num' }, r.findingCount))), { id: 'report-list' }));
}

run(async () => {
  const key = param('key');
  if (!key) {
    await picker();
    return;
  }

  const version = param('version');
  const documentPath = `../reports/${encodeURIComponent(key)}${version ? `/versions/${encodeURIComponent(version)}` : ''}`;
  const report = await getJson(documentPath);
  const layout = await getJson(`api/layout/${encodeURIComponent(report.meta.templateVersion)}`);
  const byPath = findingsByPath(report.findings || []);
  const meta = report.meta;
  const region = meta.region ? [meta.region.province, meta.region.city, meta.region.county].filter(Boolean).join(' ') : '';

  fill('title', meta.title);
  fill('meta', h('p', { class: 'muted' },
    `${key} · ${meta.organizationNormalized ?? meta.organization} · ${region} · ${meta.year} · ${meta.templateVersion}` +
    ` · ${(report.findings || []).length} 个问题 findings · `,
    h('a', { href: documentPath }, 'JSON')));
  fill('legend', Object.entries(semanticNames).map(([semantic, name]) => h('span', { class: `sem-${semantic}` }, name)),
    h('span', { class: 'finding-error' }, '错误 error'), h('span', { class: 'finding-warning' }, '警告 warning'), h('span', { class: 'finding-info' }, '提示 info'));
  fill('tables', layout.tables.flatMap(t => renderTable(t, report, layout.labels, byPath)));
  fill('findings', (report.findings || []).length === 0
    ? h('p', { class: 'muted' }, '没有问题。No findings.')
    : table(['规则 Rule', '严重程度 Severity', '状态 Status', '成因 Origin', '说明 Message', '单元格 Cells'],
      report.findings.map(f => h('tr', {},
        h('td', {}, f.ruleId),
        h('td', { class: `sev-${f.severity}` }, f.severity),
        h('td', {}, f.status),
        h('td', {}, f.origin ?? ''),
        h('td', {}, f.message),
        h('td', {}, (f.paths || []).join(', '))))));
});
