import { barChart, fill, getJson, h, navigation, pieChart, run, table } from './common.js';

navigation('index.html');

run(async () => {
  const overview = await getJson('api/overview');
  const card = (figure, caption) => h('div', { class: 'card' }, h('div', { class: 'figure' }, figure), h('div', { class: 'caption' }, caption));
  const clean = overview.byValidationStatus.find(s => s.key === 'clean')?.count ?? 0;
  fill('cards',
    card(overview.reportCount, '报告 reports (current versions)'),
    card(overview.agencies.length, '机关 agencies'),
    card(overview.findingCount, '问题 findings'),
    card(clean, '无问题 reports without findings'));

  if (overview.reportCount === 0) {
    fill('agencies', h('p', { class: 'muted' }, '存储中还没有报告。The store holds no report yet: submit files with `ingest submit` or POST /ingestions.'));
    return;
  }

  barChart('chart-year', overview.byYear, '按年度 Reports by year');
  pieChart('chart-template', overview.byTemplate, '按模板 Reports by template');
  barChart('chart-region', overview.byRegion, '按地区 Reports by province');
  pieChart('chart-validation', overview.byValidationStatus, '校验状态 Validation status');
  barChart('chart-rule', overview.findingsByRule.slice(0, 25), overview.findingsByRule.length > 25 ? '按规则 Findings by rule (top 25)' : '按规则 Findings by rule');
  pieChart('chart-origin', overview.findingsByOrigin, '按成因 Findings by origin');

  fill('agencies', table(
    ['机关 Agency', '地区 Region', '年度 Years', ''],
    overview.agencies.map(a => h('tr', {},
      h('td', {}, a.organization),
      h('td', {}, a.region ?? ''),
      h('td', {}, a.years.join(', ')),
      h('td', {}, h('a', { href: `agency.html?organization=${encodeURIComponent(a.organization)}` }, '历年 history')))),
    { id: 'agency-table' }));
});
