import { fill, getJson, h, navigation, param, reload, run, table } from './common.js';

navigation('findings.html');

const form = document.getElementById('filters');
const filters = ['rule', 'severity', 'origin', 'year', 'organization'];

function options(select, values, selected) {
  select.replaceChildren(
    h('option', { value: '' }, '全部 all'),
    ...values.map(v => h('option', { value: v, selected: String(v) === String(selected ?? '') }, v)));
}

async function load() {
  const query = new URLSearchParams();
  for (const name of filters) {
    const value = param(name);
    if (value) query.set(name, value);
  }

  const list = await getJson(`api/findings?${query}`);
  options(document.getElementById('rule'), list.facets.rules, param('rule'));
  options(document.getElementById('severity'), list.facets.severities, param('severity'));
  options(document.getElementById('origin'), list.facets.origins, param('origin'));
  options(document.getElementById('year'), list.facets.years, param('year'));
  document.getElementById('organization').value = param('organization') ?? '';

  fill('summary', `${list.matched} / ${list.total} 个问题 findings match` +
    (list.findings.length < list.matched ? ` (showing the first ${list.findings.length})` : ''));
  fill('list', table(
    ['报告 Report', '机关 Organization', '年度 Year', '规则 Rule', '严重程度 Severity', '状态 Status', '成因 Origin', '说明 Message'],
    list.findings.map(f => h('tr', { dataset: { rule: f.ruleId, severity: f.severity } },
      h('td', {}, h('a', { href: `report.html?key=${encodeURIComponent(f.reportKey)}` }, f.reportKey)),
      h('td', {}, f.organization),
      h('td', {}, f.year),
      h('td', {}, f.ruleId),
      h('td', { class: `sev-${f.severity}` }, f.severity),
      h('td', {}, f.status),
      h('td', {}, f.origin ?? 'unspecified'),
      h('td', {}, f.message))),
    { id: 'findings-table' }));
}

// Every filter change is kept in the URL, so a filtered view can be bookmarked or shared.
function apply() {
  const query = new URLSearchParams();
  for (const name of filters) {
    const value = form.elements[name].value.trim();
    if (value) query.set(name, value);
  }
  history.replaceState(null, '', `?${query}`);
  reload(load);
}

form.addEventListener('change', apply);
form.addEventListener('submit', event => { event.preventDefault(); apply(); });

run(load);
